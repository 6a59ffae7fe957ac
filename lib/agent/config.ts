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

const question = z.discriminatedUnion('type', [
  z.object({ id: z.string(), type: z.literal('choice'), choices: z.literal('roles'), prompt: text, hint: text }),
  z.object({
    id: z.string(),
    type: z.literal('number'),
    min: z.number(),
    max: z.number(),
    zeroWords: z.array(z.string()).default([]),
    options: z.array(option).max(10).default([]),
    prompt: text,
    hint: text,
  }),
  z.object({ id: z.string(), type: z.literal('text'), minLength: z.number().int().min(1).default(2), prompt: text, hint: text }),
  z.object({ id: z.string(), type: z.literal('date'), prompt: text, hint: text }),
  z.object({ id: z.string(), type: z.literal('yes_no'), prompt: text, hint: text }),
]);

const condition = z.object({
  min: z.number().optional(),
  max: z.number().optional(),
  equals: z.union([z.string(), z.number(), z.boolean()]).optional(),
  in: z.array(z.string()).optional(),
});

export const screeningConfig = z
  .object({
    agency: z.string().min(1),
    defaultLanguage: z.enum(LANGUAGES),
    handoffKeywords: z.object({ nl: z.array(z.string()), en: z.array(z.string()) }),
    roles: z.array(z.object({ id: z.string().min(1), label: text, synonyms: z.array(z.string()) })).min(1).max(10),
    questions: z.array(question).min(1),
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
    }),
  })
  .superRefine((config, ctx) => {
    const ids = config.questions.map((q) => q.id);
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', message: 'question ids must be unique', path: ['questions'] });
    for (const [i, rule] of config.qualification.rules.entries()) {
      for (const key of Object.keys(rule.when)) {
        if (!ids.includes(key)) ctx.addIssue({ code: 'custom', message: `rule uses unknown question "${key}"`, path: ['qualification', 'rules', i] });
      }
    }
  });

export type ScreeningConfig = z.infer<typeof screeningConfig>;
export type Question = ScreeningConfig['questions'][number];

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
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}
