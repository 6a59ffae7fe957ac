// One answer to one question, read with the same extractors as every candidate message
// (extract/read-message.ts): what a button tap, the language model or a test hands in is
// validated exactly like what a candidate types.
import type { Language, Question, ScreeningConfig } from './config';
import { dateFindings } from './extract/dates';
import { fold } from './extract/text';
import { asksForPerson } from './extract/intents';
import { readMessage, formatDate, type ReadInput } from './extract/read-message';

export type AnswerValue = string | number | boolean;

export interface ParsedAnswer {
  value: AnswerValue;
  /** How the answer reads in a summary, in the conversation's language. */
  label: string;
}

export type CandidateInput = ReadInput;

export const replyId = (questionId: string, optionId: string) => `q:${questionId}:${optionId}`;

/** The answer `input` gives to `question` when the bot has just asked it, or null when it gives none. */
export function parseAnswer(config: ScreeningConfig, question: Question, input: CandidateInput, language: Language, today: Date): ParsedAnswer | null {
  // A vacancy's own question is read as if the candidate had that vacancy.
  const role = config.roles.find((r) => r.questions.some((q) => q.id === question.id));
  const answers: Record<string, { value: AnswerValue }> = role ? { role: { value: role.id } } : {};
  const reading = readMessage(config, input, { current: question.id, answers, language, today });
  const found = reading.answers[question.id];
  return found ? { value: found.value, label: found.label } : null;
}

/** The start date a text names (YYYY-MM-DD), when the bot asked for one. */
export function parseStartDate(text: string, today: Date): string | null {
  const found = dateFindings('start_date', { text, folded: fold(text), current: 'start_date', today }, (iso) => formatDate(iso, 'nl'));
  const values = [...new Set(found.map((f) => f.value))];
  return values.length === 1 ? String(values[0]) : null;
}

/** Does the message ask for a person? */
export function asksForHuman(config: ScreeningConfig, text: string | null): boolean {
  return text ? asksForPerson(config, text) : false;
}
