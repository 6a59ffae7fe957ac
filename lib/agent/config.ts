// The screening flow is configuration, not code: lib/agent/screening.json (or the file
// SCREENING_CONFIG names) lists the roles, the questions, the accepted answers, the
// qualification rules and every text the bot says, in Dutch and English.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const LANGUAGES = ['nl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const text = z.object({ nl: z.string().min(1), en: z.string().min(1) });
const option = z.object({ id: z.string().min(1).max(200), value: z.number(), label: text });

const base = {
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'use lower case letters, digits and _'),
  prompt: text,
  hint: text,
  /** A short name for summaries and confirmations ("Uren per week"); the prompt when absent. */
  label: text.optional(),
};

const question = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('choice'), choices: z.literal('roles') }),
  z.object({
    ...base,
    type: z.literal('number'),
    min: z.number(),
    max: z.number(),
    /** What is counted: years of experience and hours a week have their own units and words; anything else is a count. */
    measure: z.enum(['years', 'hours_per_week', 'count']).default('count'),
    /** For a count: the words that make a number in a sentence this question's answer ("10 mensen"). */
    unitWords: z.array(z.string().min(1)).default([]),
    zeroWords: z.array(z.string()).default([]),
    options: z.array(option).max(10).default([]),
  }),
  z.object({ ...base, type: z.literal('text'), minLength: z.number().int().min(1).default(2) }),
  /** A place or region in the Netherlands or Belgium; asked with WhatsApp's "send location" button. */
  z.object({ ...base, type: z.literal('place'), locationRequest: z.boolean().default(true) }),
  z.object({ ...base, type: z.literal('date') }),
  z.object({
    ...base,
    type: z.literal('yes_no'),
    /** Words that make a sentence about this question ("diploma", "mbo"), so it counts whichever question is current. */
    topicWords: z.array(z.string().min(1)).default([]),
    /** Phrases that mean yes or no for this question in particular ("gediplomeerd"; "nog bezig" is not yet: no). */
    yesWords: z.array(z.string().min(1)).default([]),
    noWords: z.array(z.string().min(1)).default([]),
  }),
]);

const condition = z.object({
  min: z.number().optional(),
  max: z.number().optional(),
  equals: z.union([z.string(), z.number(), z.boolean()]).optional(),
  in: z.array(z.string()).optional(),
});

const faqEntry = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'use lower case letters, digits and _'),
  /** Words that make a candidate's question this one ("salaris", "verdien", "pay"). */
  keywords: z.object({ nl: z.array(z.string().min(1)).min(1), en: z.array(z.string().min(1)).min(1) }),
  answer: text,
});

const role = z.object({
  id: z.string().min(1),
  label: text,
  synonyms: z.array(z.string()),
  /** Questions for this vacancy: one with the id of a general question replaces it, a new id is asked after the general ones. */
  questions: z.array(question).default([]),
});

const sentence = (nl: string, en: string) => text.default({ nl, en });

export const screeningConfig = z
  .object({
    agency: z.string().min(1),
    defaultLanguage: z.enum(LANGUAGES),
    handoffKeywords: z.object({ nl: z.array(z.string()), en: z.array(z.string()) }),
    roles: z.array(role).min(1).max(10),
    questions: z.array(question).min(1),
    /** How days and words become hours a week: "3 dagen" is 3 × hoursPerDay, "fulltime" fullTimeHours. */
    units: z
      .object({ hoursPerDay: z.number().positive().max(24), fullTimeHours: z.number().positive().max(80), partTimeHours: z.number().positive().max(80) })
      .default({ hoursPerDay: 8, fullTimeHours: 40, partTimeHours: 24 }),
    faq: z.array(faqEntry).default([]),
    qualification: z.object({
      rules: z.array(z.object({ result: z.enum(['QUALIFIED', 'MAYBE', 'NOT_A_FIT']), when: z.record(z.string(), condition) })),
      otherwise: z.enum(['QUALIFIED', 'MAYBE', 'NOT_A_FIT']),
    }),
    texts: z.object({
      welcome: text,
      unclear: text,
      handoffRequested: text,
      handoffUnclear: text,
      completed: text,
      waitingForRecruiter: text,
      resumed: text,
      voice: text,
      cvReceived: text,
      mediaReceived: text,
      notReadable: text,
      chooseButton: text,
      changed: sentence('Ik heb je antwoord aangepast: {answer}.', 'I have updated your answer: {answer}.'),
      conflict: sentence('Je noemde meer dan één antwoord ({values}). Welke bedoel je?', 'You mentioned more than one answer ({values}). Which one do you mean?'),
      questionNoted: sentence('Goede vraag! Die geef ik door aan de recruiter, die je er alles over kan vertellen.', 'Good question! I will pass it on to the recruiter, who can tell you all about it.'),
      nudge: sentence('Hoi {name}, ben je er nog? Dan gaan we verder waar we gebleven waren.', 'Hi {name}, are you still there? Let us continue where we left off.'),
    }),
  })
  .superRefine((config, ctx) => {
    const ids = config.questions.map((q) => q.id);
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', message: 'question ids must be unique', path: ['questions'] });
    const known = new Set(ids);
    for (const [r, role] of config.roles.entries()) {
      const own = role.questions.map((q) => q.id);
      if (new Set(own).size !== own.length) ctx.addIssue({ code: 'custom', message: 'question ids must be unique', path: ['roles', r, 'questions'] });
      for (const [i, q] of role.questions.entries()) {
        const replaced = config.questions.find((general) => general.id === q.id);
        if (q.id === 'role') ctx.addIssue({ code: 'custom', message: 'a vacancy cannot replace the role question', path: ['roles', r, 'questions', i, 'id'] });
        else if (replaced && replaced.type !== q.type) {
          ctx.addIssue({ code: 'custom', message: `replaces "${q.id}" (a ${replaced.type} question) with a ${q.type} question`, path: ['roles', r, 'questions', i, 'type'] });
        }
        known.add(q.id);
      }
    }
    if (!config.questions.some((q) => q.type === 'choice')) ctx.addIssue({ code: 'custom', message: 'one question must ask for the role (type "choice")', path: ['questions'] });
    for (const [i, rule] of config.qualification.rules.entries()) {
      for (const key of Object.keys(rule.when)) {
        if (!known.has(key)) ctx.addIssue({ code: 'custom', message: `rule uses unknown question "${key}"`, path: ['qualification', 'rules', i, 'when', key] });
      }
    }
    for (const [i, q] of config.questions.entries()) {
      if (q.type === 'number' && q.min > q.max) ctx.addIssue({ code: 'custom', message: 'min is larger than max', path: ['questions', i, 'min'] });
    }
    const faqIds = config.faq.map((f) => f.id);
    if (new Set(faqIds).size !== faqIds.length) ctx.addIssue({ code: 'custom', message: 'faq ids must be unique', path: ['faq'] });
  });

export type ScreeningConfig = z.infer<typeof screeningConfig>;
export type Question = ScreeningConfig['questions'][number];
export type Role = ScreeningConfig['roles'][number];

/** The questions asked of a candidate: the general ones, with the vacancy's own replacing or following them. */
export function questionsFor(config: ScreeningConfig, roleId: unknown): Question[] {
  const role = config.roles.find((r) => r.id === roleId);
  if (!role || role.questions.length === 0) return config.questions;
  const own = new Map(role.questions.map((q) => [q.id, q]));
  const general = config.questions.map((q) => own.get(q.id) ?? q);
  return [...general, ...role.questions.filter((q) => !config.questions.some((g) => g.id === q.id))];
}

/** Every question any candidate may be asked, for reading answers ahead and for summaries. */
export function allQuestions(config: ScreeningConfig): Question[] {
  const seen = new Map(config.questions.map((q) => [q.id, q]));
  for (const role of config.roles) for (const q of role.questions) if (!seen.has(q.id)) seen.set(q.id, q);
  return [...seen.values()];
}

export class ScreeningConfigError extends Error {}

export function parseScreeningConfig(raw: unknown, source = 'screening config'): ScreeningConfig {
  const result = screeningConfig.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `  - ${issue.path.join('.')}: ${issue.message}`).join('\n');
  throw new ScreeningConfigError(`${source} is not valid:\n${problems}`);
}

let cached: { file: string; config: ScreeningConfig } | undefined;

/** The screening configuration, read once per process from SCREENING_CONFIG or lib/agent/screening.json. */
export function loadScreeningConfig(): ScreeningConfig {
  const file = path.resolve(process.cwd(), process.env.SCREENING_CONFIG ?? path.join('lib', 'agent', 'screening.json'));
  if (cached?.file === file) return cached.config;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ScreeningConfigError(`${file} could not be read as JSON: ${error instanceof Error ? error.message : error}`);
  }
  const config = parseScreeningConfig(raw, file);
  cached = { file, config };
  return config;
}

/** Fills {name}-style placeholders. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (Object.hasOwn(values, key) ? values[key] : undefined) ?? whole);
}
