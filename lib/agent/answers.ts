// Turning what a candidate typed or tapped into a structured answer, or null when it is
// unclear. Pure functions: no database, no clock except the `today` passed in.
import type { Language, Question, ScreeningConfig } from './config';

export type AnswerValue = string | number | boolean;

export interface ParsedAnswer {
  value: AnswerValue;
  /** How the answer reads in a summary, in the conversation's language. */
  label: string;
}

export interface CandidateInput {
  text: string | null;
  /** The id of the button or list row the candidate tapped (our own ids: "q:<question>:<option>"). */
  replyId: string | null;
  location: { name?: string; address?: string } | null;
}

export function normalise(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\p{L}\p{N}\s-]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function containsPhrase(haystack: string, phrase: string): boolean {
  const needle = normalise(phrase);
  return needle !== '' && new RegExp(`(^|\\s)${needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s|$)`).test(haystack);
}

export const replyId = (questionId: string, optionId: string) => `q:${questionId}:${optionId}`;

function tapped(question: Question, input: CandidateInput): string | null {
  const prefix = `q:${question.id}:`;
  return input.replyId?.startsWith(prefix) ? input.replyId.slice(prefix.length) : null;
}

const NUMBER_WORDS: Record<string, number> = {
  nul: 0, een: 1, één: 1, twee: 2, drie: 3, vier: 4, vijf: 5, zes: 6, zeven: 7, acht: 8, negen: 9, tien: 10,
  elf: 11, twaalf: 12, dertien: 13, veertien: 14, vijftien: 15, twintig: 20, dertig: 30, veertig: 40,
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, fifteen: 15, twenty: 20, thirty: 30, forty: 40,
};

function parseNumber(question: Extract<Question, { type: 'number' }>, input: CandidateInput, language: Language): ParsedAnswer | null {
  const optionId = tapped(question, input);
  const option = question.options.find((o) => o.id === optionId);
  if (option) return { value: option.value, label: option.label[language] };
  const text = normalise(input.text ?? '');
  if (!text) return null;
  if (question.zeroWords.some((word) => containsPhrase(text, word))) return { value: 0, label: '0' };
  const digits = /(\d+)(?:[.,](\d+))?/.exec(text);
  let value: number | undefined = digits ? Number(`${digits[1]}.${digits[2] ?? 0}`) : undefined;
  if (value === undefined) {
    const word = text.split(' ').find((w) => w in NUMBER_WORDS);
    value = word !== undefined ? NUMBER_WORDS[word] : undefined;
  }
  if (value === undefined || value < question.min || value > question.max) return null;
  return { value, label: String(value) };
}

function parseRole(config: ScreeningConfig, question: Question, input: CandidateInput, language: Language): ParsedAnswer | null {
  const byTap = config.roles.find((role) => role.id === tapped(question, input));
  if (byTap) return { value: byTap.id, label: byTap.label[language] };
  const text = normalise(input.text ?? '');
  if (!text) return null;
  const index = /^(\d{1,2})$/.exec(text);
  if (index) {
    const role = config.roles[Number(index[1]) - 1];
    return role ? { value: role.id, label: role.label[language] } : null;
  }
  const matches = config.roles.filter((role) =>
    [...role.synonyms, role.label.nl, role.label.en, role.id].some((phrase) => containsPhrase(text, phrase)),
  );
  // Two different roles named: ask again rather than guess.
  if (matches.length !== 1) return null;
  return { value: matches[0]!.id, label: matches[0]!.label[language] };
}

function parseText(question: Extract<Question, { type: 'text' }>, input: CandidateInput): ParsedAnswer | null {
  const fromLocation = input.location ? (input.location.name ?? input.location.address ?? null) : null;
  const raw = (fromLocation ?? input.text ?? '').trim().replace(/\s+/g, ' ');
  if (raw.length < question.minLength || raw.length > 120 || !/\p{L}{2}/u.test(raw)) return null;
  return { value: raw, label: raw };
}

const YES = ['ja', 'yes', 'yep', 'yeah', 'jazeker', 'zeker', 'klopt', 'heb ik', 'i do', 'i have', 'correct', 'jawel', 'j', 'y', 'ok', 'oke'];
const NO = ['nee', 'no', 'nope', 'niet', 'geen', 'helaas niet', 'i dont', 'i do not', 'nog niet', 'n', 'not yet'];

function parseYesNo(question: Question, input: CandidateInput, language: Language): ParsedAnswer | null {
  const tap = tapped(question, input);
  const text = tap ?? normalise(input.text ?? '');
  if (!text) return null;
  const no = NO.some((word) => containsPhrase(text, word));
  const yes = YES.some((word) => containsPhrase(text, word));
  if (no === yes) return null;
  return { value: yes, label: yes ? (language === 'nl' ? 'Ja' : 'Yes') : language === 'nl' ? 'Nee' : 'No' };
}

const MONTHS: Record<string, number> = {
  januari: 0, january: 0, jan: 0, februari: 1, february: 1, feb: 1, maart: 2, march: 2, mrt: 2, mar: 2,
  april: 3, apr: 3, mei: 4, may: 4, juni: 5, june: 5, jun: 5, juli: 6, july: 6, jul: 6, augustus: 7,
  august: 7, aug: 7, september: 8, sep: 8, sept: 8, oktober: 9, october: 9, okt: 9, oct: 9, november: 10,
  nov: 10, december: 11, dec: 11,
};
const IMMEDIATELY = ['per direct', 'direct', 'meteen', 'nu', 'zsm', 'zo snel mogelijk', 'vandaag', 'immediately', 'asap', 'right away', 'now', 'today', 'straks'];

const iso = (date: Date) => date.toISOString().slice(0, 10);

function addDays(today: Date, days: number) {
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + days));
}

/** The next occurrence (today or later) of day/month. */
function nextDate(today: Date, day: number, month: number, year?: number): Date | null {
  if (day < 1 || day > 31 || month < 0 || month > 11) return null;
  let candidate = new Date(Date.UTC(year ?? today.getUTCFullYear(), month, day));
  if (candidate.getUTCMonth() !== month) return null;
  if (year === undefined && candidate < addDays(today, 0)) candidate = new Date(Date.UTC(today.getUTCFullYear() + 1, month, day));
  return candidate;
}

export function parseStartDate(input: string, today: Date): string | null {
  const isoDate = /^\s*(\d{4})-(\d{2})-(\d{2})\s*$/.exec(input);
  if (isoDate) {
    const date = nextDate(today, Number(isoDate[3]), Number(isoDate[2]) - 1, Number(isoDate[1]));
    return date ? iso(date) : null;
  }
  const text = normalise(input);
  if (!text) return null;
  if (IMMEDIATELY.some((word) => containsPhrase(text, word))) return iso(today);
  const relative = /(?:over|in|binnen|within)\s+(\d+|een|one|twee|two|drie|three|vier|four)\s+(dag|dagen|day|days|week|weken|weeks|maand|maanden|month|months)/.exec(text);
  if (relative) {
    const n = /^\d+$/.test(relative[1]!) ? Number(relative[1]) : (NUMBER_WORDS[relative[1]!] ?? 1);
    const unit = relative[2]!;
    const days = unit.startsWith('d') ? n : unit.startsWith('w') ? n * 7 : n * 30;
    return iso(addDays(today, days));
  }
  if (/(volgende|next)\s+(week)/.test(text)) return iso(addDays(today, 7));
  if (/(volgende|next)\s+(maand|month)/.test(text)) {
    return iso(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 1, 1)));
  }
  const numeric = /(\d{1,2})[-/.](\d{1,2})(?:[-/.](\d{2,4}))?/.exec(input);
  if (numeric) {
    const year = numeric[3] ? Number(numeric[3].length === 2 ? `20${numeric[3]}` : numeric[3]) : undefined;
    const date = nextDate(today, Number(numeric[1]), Number(numeric[2]) - 1, year);
    return date ? iso(date) : null;
  }
  const words = text.split(' ');
  const monthIndex = words.findIndex((w) => w in MONTHS);
  if (monthIndex >= 0) {
    const month = MONTHS[words[monthIndex]!]!;
    const dayWord = [words[monthIndex - 1], words[monthIndex + 1]].find((w) => w !== undefined && /^\d{1,2}(st|nd|rd|th|e)?$/.test(w));
    const day = dayWord ? parseInt(dayWord, 10) : 1;
    const yearWord = words.slice(monthIndex + 1).find((w) => /^\d{4}$/.test(w));
    const date = nextDate(today, day, month, yearWord ? Number(yearWord) : undefined);
    return date ? iso(date) : null;
  }
  return null;
}

function formatDate(value: string, language: Language): string {
  return new Date(`${value}T00:00:00Z`).toLocaleDateString(language === 'nl' ? 'nl-NL' : 'en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

export function parseAnswer(
  config: ScreeningConfig,
  question: Question,
  input: CandidateInput,
  language: Language,
  today: Date,
): ParsedAnswer | null {
  switch (question.type) {
    case 'choice':
      return parseRole(config, question, input, language);
    case 'number':
      return parseNumber(question, input, language);
    case 'text':
      return parseText(question, input);
    case 'yes_no':
      return parseYesNo(question, input, language);
    case 'date': {
      const value = parseStartDate(input.text ?? '', today);
      return value ? { value, label: formatDate(value, language) } : null;
    }
  }
}

/** Does the message ask for a person? */
export function asksForHuman(config: ScreeningConfig, text: string | null): boolean {
  const normalised = normalise(text ?? '');
  if (!normalised) return false;
  return [...config.handoffKeywords.nl, ...config.handoffKeywords.en].some((word) => containsPhrase(normalised, word));
}
