// The three things candidates count: years of experience, hours a week (also as days,
// "fulltime", a range) and anything else with its unit words (numbers read in number-words.ts).
import type { Question, ScreeningConfig } from '../config';
import { localDay } from './dates';
import type { ExtractContext, Finding } from './finding';
import { numberMentions, type NumberMention } from './number-words';
import { hasPhrase, tokens, type Token } from './text';

type NumberQuestion = Extract<Question, { type: 'number' }>;

const YEAR_UNITS = new Set(['jaar', 'jaren', 'jr', 'jaartje', 'jaartjes', 'year', 'years', 'yr', 'yrs', 'y']);
const MONTH_UNITS = new Set(['maand', 'maanden', 'maandje', 'maandjes', 'month', 'months']);
const HOUR_UNITS = new Set(['uur', 'uren', 'u', 'hours', 'hour', 'hrs', 'hr', 'h', 'urig', 'urige']);
const DAY_UNITS = new Set(['dag', 'dagen', 'dagjes', 'day', 'days', 'dgn']);
const EXPERIENCE_WORDS = ['ervaring', 'werkervaring', 'experience', 'experienced', 'exp', 'vak', 'branche', 'als', 'as', 'werkzaam', 'gewerkt', 'werk', 'werkt', 'working', 'worked', 'work', 'doe ik', 'sinds', 'for', 'al'];
const AGE_AFTER = new Set(['oud', 'old', 'jong', 'young']);
const BEFORE_DATE = new Set(['over', 'in', 'binnen', 'within', 'na', 'after', 'geleden', 'ago', 'om', 'at', 'tot', 'till', 'until', 'van', 'from']);

const WEEKDAYS = ['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

const unitAt = (words: Token[], index: number, units: Set<string>) => units.has(words[index]?.word ?? '');
const wordAt = (words: Token[], index: number) => words[index]?.word ?? '';

/** The words around a mention, for context. */
function around(words: Token[], first: number, last: number, span = 4): string {
  return words.slice(Math.max(0, first - span), last + span + 1).map((t) => t.word).join(' ');
}

function inRange(question: NumberQuestion, value: number): boolean {
  return value >= question.min && value <= question.max;
}

interface WorkWords {
  /** Every name of every role. */
  roles: string[];
  /** What makes "23 jaar" after "ik ben" experience, not an age. */
  afterAge: string[];
}

// The words about work, gathered once per configuration.
const workWordLists = new WeakMap<ScreeningConfig, WorkWords>();
function workWordsOf(config: ScreeningConfig): WorkWords {
  let words = workWordLists.get(config);
  if (!words) {
    const roles = config.roles.flatMap((r) => [...r.synonyms, r.label.nl, r.label.en]);
    words = { roles, afterAge: ['ervaring', 'werkervaring', 'experience', 'exp', 'in het vak', 'in dit vak', 'werkzaam', ...roles] };
    workWordLists.set(config, words);
  }
  return words;
}

function yearsFindings(question: NumberQuestion, config: ScreeningConfig, words: Token[], mentions: NumberMention[]): Finding[] {
  const { roles: roleWords, afterAge } = workWordsOf(config);
  const out: Finding[] = [];
  for (const m of mentions) {
    let unitIndex = m.last + 1;
    if (wordAt(words, unitIndex) === 'plus') unitIndex += 1;
    let value = m.value;
    if (/^\d+(jr|j|yrs|yr|y)$/.test(wordAt(words, m.last))) unitIndex = m.last;
    else if (unitAt(words, unitIndex, MONTH_UNITS)) value = Math.round((m.value / 12) * 100) / 100;
    else if (!unitAt(words, unitIndex, YEAR_UNITS)) continue;
    if (wordAt(words, m.first) === 'een' && m.last === m.first && value !== m.value) continue;
    const after = wordAt(words, unitIndex + 1);
    if (AGE_AFTER.has(after) || after === 'geleden' || after === 'ago') continue;
    const before = wordAt(words, m.first - 1);
    const context = around(words, m.first, unitIndex, 5);
    const aboutWork = hasPhrase(context, EXPERIENCE_WORDS) || hasPhrase(context, roleWords) || /\p{L}(branche|vak)\b/u.test(context);
    // "over 2 jaar" is a date; "na ruim 25 jaar in de kappersbranche" is experience.
    if (BEFORE_DATE.has(before) && !(before === 'na' && aboutWork)) continue;
    // "ik ben 23 jaar", "ik ben Lisa, 24 jaar", "I am 19 years": an age unless work is named right after it.
    const lead = words.slice(Math.max(0, m.first - 3), m.first).map((t) => t.word);
    const agePattern = lead.some((w) => /^(ben|am|im|m|age|leeftijd|aged)$/.test(w)) && !lead.some((w) => /^(al|sinds|for)$/.test(w)) && !hasPhrase(lead.join(' '), roleWords);
    const right = words.slice(unitIndex + 1, unitIndex + 3).map((t) => t.word).join(' ');
    if (agePattern && !hasPhrase(right, afterAge)) continue;
    if (!inRange(question, value)) continue;
    // The source reads "5 jaar ervaring", not "5 jaar", when the word follows.
    const named = /^(ervaring|werkervaring|experience|exp|werkzaam)$/.test(wordAt(words, unitIndex + 1)) ? unitIndex + 1 : unitIndex;
    out.push({ questionId: question.id, value, label: String(value), start: m.start, end: words[named]!.end, contextual: aboutWork });
  }
  return out;
}

function hoursFindings(question: NumberQuestion, config: ScreeningConfig, ctx: ExtractContext, words: Token[], mentions: NumberMention[]): Finding[] {
  const out: Finding[] = [];
  const push = (value: number, start: number, end: number, contextual: boolean, extra: Partial<Finding> = {}) => {
    if (inRange(question, value)) out.push({ questionId: question.id, value, label: String(value), start, end, contextual, ...extra });
  };
  for (let k = 0; k < mentions.length; k++) {
    const m = mentions[k]!;
    const before = wordAt(words, m.first - 1);
    // A range: "tussen 24 en 32 uur", "24-32 uur", "24 tot 32 uur", "between 24 and 32 hours".
    const next = mentions[k + 1];
    if (next) {
      const joiner = words.slice(m.last + 1, next.first).map((t) => t.word).join(' ');
      // "tussen de 3 en 4 dagen": a range of days.
      if (/^(en|tot|a|and|to)$/.test(joiner) && unitAt(words, next.last + 1, DAY_UNITS) && next.value > m.value && !BEFORE_DATE.has(before)) {
        const [low, high] = [m.value * config.units.hoursPerDay, next.value * config.units.hoursPerDay];
        if (inRange(question, low) && inRange(question, high)) {
          out.push({ questionId: question.id, value: low, label: `${low}-${high}`, start: m.start, end: words[next.last + 1]!.end, contextual: true, range: [low, high] });
          k += 1;
          continue;
        }
      }
      if (/^(|en|tot|a|and|to|of|or)$/.test(joiner) && unitAt(words, next.last + 1, HOUR_UNITS) && next.value > m.value) {
        const isOr = joiner === 'of' || joiner === 'or';
        if (!isOr && inRange(question, m.value) && inRange(question, next.value)) {
          out.push({ questionId: question.id, value: m.value, label: `${m.value}-${next.value}`, start: m.start, end: words[next.last + 1]!.end, contextual: true, range: [m.value, next.value] });
          k += 1;
          continue;
        }
      }
    }
    if (unitAt(words, m.last + 1, HOUR_UNITS) || /^\d+(u|uur|h)$/.test(wordAt(words, m.first))) {
      if (['om', 'at', 'tot', 'till', 'until', 'vanaf'].includes(before)) continue;
      const unitIndex = /^\d+(u|uur|h)$/.test(wordAt(words, m.first)) ? m.last : m.last + 1;
      const after = words.slice(unitIndex + 1, unitIndex + 4).map((t) => t.word).join(' ');
      if (/^(per dag|a day|per day|daags)/.test(after)) continue;
      push(m.value, m.start, words[unitIndex]!.end, true);
      continue;
    }
    if (unitAt(words, m.last + 1, DAY_UNITS)) {
      if (BEFORE_DATE.has(before)) continue;
      // "3 dagen van 8 uur": days of so many hours.
      const perDay = mentions[k + 1];
      if (perDay && wordAt(words, m.last + 2) === 'van' && perDay.first === m.last + 3 && unitAt(words, perDay.last + 1, HOUR_UNITS)) {
        push(m.value * perDay.value, m.start, words[perDay.last + 1]!.end, true);
        k += 1;
        continue;
      }
      const after = words.slice(m.last + 2, m.last + 6).map((t) => t.word).join(' ');
      const weekly = /^(per week|in de week|p w|pw|a week|week|per wk|each week|every week|werken|work|beschikbaar|available)/.test(after);
      push(m.value * config.units.hoursPerDay, m.start, words[m.last + 1]!.end, weekly || ctx.current === question.id);
    }
  }
  // "maandag tot en met donderdag": the days of the week between, each a working day.
  const span = new RegExp(`(?<![\\p{L}])(${WEEKDAYS.join('|')})\\s+(?:tot en met|t m|tm|tot|to|through|till|until|thru)\\s+(${WEEKDAYS.join('|')})(?![\\p{L}])`, 'u').exec(ctx.folded);
  if (span && ctx.current === question.id) {
    const days = ((WEEKDAYS.indexOf(span[2]!) % 7) - (WEEKDAYS.indexOf(span[1]!) % 7) + 7) % 7 + 1;
    push(days * config.units.hoursPerDay, span.index, span.index + span[0].length, true);
  }
  // "24-32" answering the hours question: a range without its unit.
  const bareRange = /^\s*(\d{1,2})\s*(?:-|tot|a|à|to)\s*(\d{1,2})\s*$/u.exec(ctx.text);
  if (bareRange && ctx.current === question.id) {
    const [low, high] = [Number(bareRange[1]), Number(bareRange[2])];
    if (low < high && inRange(question, low) && inRange(question, high)) {
      out.push({ questionId: question.id, value: low, label: `${low}-${high}`, start: 0, end: ctx.text.length, contextual: false, range: [low, high] });
    }
  }
  const vague: [RegExp, number][] = [
    [/(?<![\p{L}\p{N}])(fulltime|full time|fulltimer|voltijd|voltijds|fulltijd|full timer)(?![\p{L}\p{N}])/u, config.units.fullTimeHours],
    [/(?<![\p{L}\p{N}])(parttime|part time|parttimer|deeltijd|part timer)(?![\p{L}\p{N}])/u, config.units.partTimeHours],
  ];
  for (const [pattern, value] of vague) {
    const match = pattern.exec(ctx.folded);
    if (match) push(value, match.index, match.index + match[0].length, true, { weak: true });
  }
  return out;
}

function countFindings(question: NumberQuestion, words: Token[], mentions: NumberMention[]): Finding[] {
  const out: Finding[] = [];
  for (const m of mentions) {
    const after = words.slice(m.last + 1, m.last + 3).map((t) => t.word).join(' ');
    if (question.unitWords.length > 0 && hasPhrase(after, question.unitWords) && inRange(question, m.value)) {
      out.push({ questionId: question.id, value: m.value, label: String(m.value), start: m.start, end: m.end, contextual: true });
    }
  }
  return out;
}

/** What a message says for one number question. */
export function numberFindings(question: NumberQuestion, config: ScreeningConfig, ctx: ExtractContext): Finding[] {
  const words = tokens(ctx.folded);
  const mentions = numberMentions(words, ctx.text);
  const found =
    question.measure === 'years'
      ? yearsFindings(question, config, words, mentions)
      : question.measure === 'hours_per_week'
        ? hoursFindings(question, config, ctx, words, mentions)
        : countFindings(question, words, mentions);
  // "barbier sinds 2018", "since 2015": the years since the year they started.
  if (question.measure === 'years') {
    const thisYear = localDay(ctx.today).year;
    for (const m of ctx.folded.matchAll(/(?<![\p{L}\p{N}])(sinds|since|vanaf|from)\s+(19[5-9]\d|20\d\d)(?![\p{L}\p{N}])/gu)) {
      const value = thisYear - Number(m[2]);
      if (value < 0 || !inRange(question, value)) continue;
      const context = around(words, Math.max(0, words.findIndex((w) => w.start >= m.index) ), words.findIndex((w) => w.start >= m.index) + 1, 5);
      const aboutWork = hasPhrase(context, [...EXPERIENCE_WORDS.filter((w) => w !== 'sinds'), ...config.roles.flatMap((r) => [...r.synonyms, r.label.nl, r.label.en])]);
      found.push({ questionId: question.id, value, label: String(value), start: m.index, end: m.index + m[0].length, contextual: aboutWork });
    }
  }
  // "Ervaring heb ik nog niet", "I don't have any experience": zero, said in a sentence of its own.
  if (question.measure === 'years' && !found.some((f) => f.contextual)) {
    for (const m of ctx.text.matchAll(/[^.!?\n,]+/g)) {
      const sentence = ctx.folded.slice(m.index, m.index + m[0].length);
      if (/\b(ervaring|werkervaring|experience)\b/.test(sentence) && /\b(geen|niet|nog niet|nog geen|no|none|not|don t|dont|do not|zero)\b/.test(sentence) && !/\d/.test(sentence)) {
        found.push({ questionId: question.id, value: 0, label: '0', start: m.index, end: m.index + m[0].trimEnd().length, contextual: true });
        break;
      }
    }
  }
  // "geen ervaring", "starter": zero, said in so many words.
  for (const phrase of question.zeroWords) {
    const selfEvident = /ervaring|experience|starter|beginner|begonnen|nooit/.test(phrase);
    if (hasPhrase(ctx.folded, [phrase]) && (selfEvident || (ctx.current === question.id && words.length <= 4))) {
      const index = ctx.folded.indexOf(phrase.split(' ')[0]!);
      found.push({ questionId: question.id, value: 0, label: '0', start: Math.max(0, index), end: Math.max(0, index) + phrase.length, contextual: selfEvident });
      break;
    }
  }
  return found;
}

/** A bare number as the answer to the question just asked: the only number of the message not already claimed. */
export function bareNumber(question: NumberQuestion, ctx: ExtractContext, claimed: Finding[]): Finding | null {
  const words = tokens(ctx.folded);
  const free = numberMentions(words, ctx.text).filter(
    (m) => !claimed.some((f) => m.start < f.end && f.start < m.end) && !(words[m.first]!.word === 'een' && m.first === m.last),
  );
  if (free.length !== 1) return null;
  const m = free[0]!;
  const before = wordAt(words, m.first - 1);
  if (['ben', 'am', 'im', 'm', 'over', 'in', 'om', 'at', 'age', 'leeftijd'].includes(before)) return null;
  // A number with a unit was read, or rejected, by the extractors ("19 years old" is an age).
  const after = wordAt(words, m.last + 1);
  if (YEAR_UNITS.has(after) || MONTH_UNITS.has(after) || HOUR_UNITS.has(after) || DAY_UNITS.has(after) || /^\d+\D+$/.test(words[m.last]!.word)) return null;
  if (!inRange(question, m.value)) return null;
  return { questionId: question.id, value: m.value, label: String(m.value), start: m.start, end: m.end, contextual: false };
}
