// Reads one candidate message for every open screening question at once: whatever it answers
// is found, whichever question the bot asked. A value with its own context ("5 jaar
// ervaring", "in Utrecht", "mbo 3 gehaald", "per 1 maart") answers its own question; a bare
// value ("5", "ja") answers only the question just asked; two different values for one
// question are a conflict to ask about, unless the candidate took the first one back.
import type { AnswerValue } from '../answers';
import { questionsFor, type Language, type Question, type ScreeningConfig } from '../config';
import { detectLanguage } from '../language';
import { dateFindings } from './dates';
import type { ExtractContext, Finding } from './finding';
import { asksForPerson, correctionAt, correctsEarlier, isSmallTalk, questionBack, questionSpans, type QuestionBack } from './intents';
import { bareNumber, numberFindings } from './numbers';
import { placeFindings } from './place-answer';
import { SEEKING, roleFindings } from './roles';
import { fold } from './text';
import { mendTypos, originalSpan } from './typos';
import { yesNoFindings } from './yes-no';

export interface ReadInput {
  text: string | null;
  /** The id of the button or list row the candidate tapped (our own ids: "q:<question>:<option>"). */
  replyId: string | null;
  location: { latitude?: number; longitude?: number; name?: string; address?: string } | null;
}

export interface ReadContext {
  /** The question the bot just asked, or null before the first question. */
  current: string | null;
  answers: Record<string, { value: AnswerValue }>;
  language: Language;
  today: Date;
}

export interface FoundAnswer {
  value: AnswerValue;
  label: string;
  /** The candidate's own words the answer was taken from. */
  source: string;
  range?: [number, number];
}

export interface Reading {
  answers: Record<string, FoundAnswer>;
  /** Questions the message gives two different values for: ask, do not guess. */
  conflicts: string[];
  /** The values of each conflict, for the question that asks which one. */
  conflictValues: Record<string, string[]>;
  /** The message takes an earlier answer back ("nee, 3 jaar bedoel ik"). */
  correction: boolean;
  questionBack: QuestionBack | null;
  asksForHuman: boolean;
  smallTalk: boolean;
  language: Language;
}

const dateLabels = {
  nl: new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
};

export function formatDate(value: string, language: Language): string {
  return dateLabels[language].format(new Date(`${value}T00:00:00Z`));
}

const MAX_READ = 1000;

function tappedOption(config: ScreeningConfig, question: Question, replyId: string | null, language: Language): FoundAnswer | null {
  const prefix = `q:${question.id}:`;
  if (!replyId?.startsWith(prefix)) return null;
  const id = replyId.slice(prefix.length);
  if (question.type === 'choice') {
    const role = config.roles.find((r) => r.id === id);
    return role ? { value: role.id, label: role.label[language], source: role.label[language] } : null;
  }
  if (question.type === 'number') {
    const option = question.options.find((o) => o.id === id);
    return option ? { value: option.value, label: option.label[language], source: option.label[language] } : null;
  }
  if (question.type === 'yes_no' && (id === 'ja' || id === 'nee')) {
    const yes = id === 'ja';
    const label = yes ? (language === 'nl' ? 'Ja' : 'Yes') : language === 'nl' ? 'Nee' : 'No';
    return { value: yes, label, source: label };
  }
  return null;
}

function findingsFor(config: ScreeningConfig, question: Question, ctx: ExtractContext, language: Language, location: ReadInput['location']): Finding[] {
  switch (question.type) {
    case 'choice':
      return roleFindings(config, question.id, ctx, language);
    case 'number':
      return numberFindings(question, config, ctx);
    case 'date':
      return dateFindings(question.id, ctx, (iso) => formatDate(iso, language));
    case 'yes_no':
      return yesNoFindings(question, ctx, language);
    case 'place':
      return placeFindings(question.id, ctx, location);
    case 'text': {
      const raw = ctx.text.trim().replace(/\s+/g, ' ');
      if (ctx.current !== question.id || raw.length < question.minLength || raw.length > 200 || !/\p{L}{2}/u.test(raw)) return [];
      return [{ questionId: question.id, value: raw, label: raw, start: 0, end: ctx.text.length, contextual: false }];
    }
  }
}

/** "niet 1 maart maar 1 april", "Rotterdam, not Amsterdam", "barbier, geen kapper": a value named to reject it. */
const REJECTED = /(?<![\p{L}\p{N}])(niet|geen|not|no|nee)\s+$/u;

/** One value per question, or a conflict: a precise value beats a vague one, a value taken back loses. */
function resolve(all: Finding[], folded: string): { chosen: Finding | null; conflict: string[] } {
  const named = all.filter((f) => !REJECTED.test(folded.slice(Math.max(0, f.start - 8), f.start)));
  const findings = named.length > 0 ? named : all.length > 1 ? [] : all;
  const strong = findings.some((f) => !f.weak) ? findings.filter((f) => !f.weak) : findings;
  const distinct: Finding[] = [];
  for (const f of strong.sort((a, b) => a.start - b.start)) {
    if (!distinct.some((d) => d.value === f.value && String(d.range) === String(f.range))) distinct.push(f);
  }
  if (distinct.length <= 1) return { chosen: distinct[0] ?? null, conflict: [] };
  const last = distinct.at(-1)!;
  const previous = distinct.at(-2)!;
  if (correctionAt(folded, previous.end, last.start)) return { chosen: last, conflict: [] };
  return { chosen: null, conflict: distinct.map((d) => d.label) };
}

export function readMessage(config: ScreeningConfig, input: ReadInput, context: ReadContext): Reading {
  const original = (input.text ?? '').slice(0, MAX_READ);
  const mended = mendTypos(original);
  const text = mended.text;
  const sourceOf = (start: number, end: number) => originalSpan(mended, original, start, end) || original.trim();
  const folded = fold(text);
  const ctx: ExtractContext = { text, folded, current: context.current, today: context.today };
  const first = context.current === null && Object.keys(context.answers).length === 0;
  const language = input.text ? detectLanguage(original, context.language, first) : context.language;
  const reading: Reading = {
    answers: {},
    conflicts: [],
    conflictValues: {},
    correction: false,
    questionBack: null,
    asksForHuman: text ? asksForPerson(config, text) : false,
    smallTalk: text ? isSmallTalk(text) : false,
    language,
  };
  if (reading.smallTalk && !input.replyId && !input.location) return reading;

  const roleQuestion = config.questions.find((q) => q.type === 'choice');
  // The role may be named in this very message: read it first, it decides the vacancy's questions.
  let role = context.answers[roleQuestion?.id ?? '']?.value;
  // Only a sentence with a question mark holds back its values ("moet ik op zaterdag werken?").
  const asked = questionSpans(text).filter((s) => s.text.includes('?'));
  const inQuestion = (f: Finding) => asked.some((s) => f.start >= s.start && f.end <= s.end);
  const claimed: Finding[] = [];
  const correcting = correctsEarlier(folded);
  let guessedPlace: string | null = null;

  const readQuestion = (question: Question) => {
    const tapped = tappedOption(config, question, input.replyId, language);
    if (tapped) {
      reading.answers[question.id] = tapped;
      return;
    }
    if (!text && !(question.type === 'place' && input.location)) return;
    // A value restated to correct an earlier answer ("nee, 3 jaar bedoel ik") needs no more context than that.
    const restated = (f: Finding) => correcting && context.answers[question.id] !== undefined && context.answers[question.id]!.value !== f.value;
    const findings = findingsFor(config, question, ctx, language, input.location).filter(
      (f) => (f.contextual || question.id === context.current || restated(f)) && (question.type === 'choice' || question.type === 'place' || !inQuestion(f)),
    );
    const { chosen, conflict } = resolve(findings, folded);
    if (conflict.length > 0) {
      reading.conflicts.push(question.id);
      reading.conflictValues[question.id] = conflict;
      return;
    }
    if (chosen) {
      if (question.type === 'place' && !chosen.contextual) guessedPlace = question.id;
      claimed.push(chosen);
      reading.answers[question.id] = { value: chosen.value, label: chosen.label, source: sourceOf(chosen.start, chosen.end), ...(chosen.range ? { range: chosen.range } : {}) };
    }
  };

  if (roleQuestion) {
    readQuestion(roleQuestion);
    // A trade named in passing ("de vakopleiding kapper afgerond") does not change the role a
    // candidate gave; a correction or the role they look for does.
    const named = reading.answers[roleQuestion.id];
    if (named && role !== undefined && named.value !== role && !correcting && !SEEKING.test(folded)) delete reading.answers[roleQuestion.id];
    role = reading.answers[roleQuestion.id]?.value ?? role;
  }
  const questions = questionsFor(config, role).filter((q) => q !== roleQuestion);
  for (const question of questions) readQuestion(question);

  // A bare number answers the question just asked, when no other reading claimed it.
  const current = questions.find((q) => q.id === context.current);
  if (current?.type === 'number' && !reading.answers[current.id] && !reading.conflicts.includes(current.id) && text) {
    const bare = bareNumber(current, ctx, claimed);
    if (bare && !inQuestion(bare)) reading.answers[current.id] = { value: bare.value, label: bare.label, source: sourceOf(bare.start, bare.end) };
  }

  // A name we do not know counts as the place only when the message is nothing else ("fulltime" is no town).
  if (guessedPlace && Object.keys(reading.answers).length > 1) delete reading.answers[guessedPlace];
  const answered = Object.keys(reading.answers).length > 0;
  reading.questionBack = text && !reading.asksForHuman ? questionBack(config, original, answered) : null;
  reading.correction = answered && correcting;
  return reading;
}
