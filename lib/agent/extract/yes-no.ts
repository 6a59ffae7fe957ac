// Yes or no, in the words of the question's own domain: "mbo 3 kapper gehaald" is a yes to
// the diploma whichever question is current; "nog op school" is a no (not yet); a bare "ja"
// answers only the question just asked.
import type { Language, Question } from '../config';
import type { ExtractContext, Finding } from './finding';
import { findPhrase, hasPhrase } from './text';

type YesNoQuestion = Extract<Question, { type: 'yes_no' }>;

const YES = ['ja', 'jazeker', 'jawel', 'jaa', 'jep', 'jup', 'ja hoor', 'zeker', 'zeker weten', 'klopt', 'absoluut', 'natuurlijk', 'uiteraard', 'yes', 'yep', 'yup', 'yeah', 'ya', 'sure', 'of course', 'certainly', 'correct', 'j', 'y', 'heb ik', 'i have', 'i do'];
const NO = ['nee', 'neen', 'nope', 'nah', 'no', 'helaas niet', 'helaas', 'niet', 'nooit', 'never', 'n', 'heb ik niet', 'i don t', 'i dont', 'i do not', 'i haven t'];
/** Not yet: a no to "do you have it" ("nog bezig met mijn mbo"). */
const NOT_YET = ['nog niet', 'not yet', 'nog bezig', 'bezig', 'ben bezig', 'doe nu', 'volg nu', 'ik volg', 'momenteel', 'currently', 'working on it', 'studying', 'zit nog', 'laatste jaar', 'bijna klaar', 'bijna afgerond', 'almost done', 'almost finished', 'final year', 'last year of'];
const NEGATION = ['geen', 'niet', 'nog niet', 'no', 'not', 'never', 'nooit', 'zonder', 'without', 'dont', 'don t', 'do not', 'haven t', 'havent', 'have not', 'niks'];
/** "nee sorry", "nee wacht": the start of a correction, not an answer. */
const TAKING_BACK = /(?<![\p{L}])(nee|no|neen)\s+(sorry|wacht|wait|ik bedoel|i mean|bedoel|oeps|oops)/u;

/** One-word yeses and noes, for an answer that starts with one. */
const SINGLE_YES = YES.filter((w) => !w.includes(' ') && w.length > 1);
const SINGLE_NO = NO.filter((w) => !w.includes(' ') && w.length > 1);
const LONGER_NO = NO.filter((p) => p.includes(' '));

// The yeses of a question: the common ones and its own, gathered once per question.
const questionYes = new WeakMap<YesNoQuestion, string[]>();
function yesWordsOf(question: YesNoQuestion): string[] {
  let words = questionYes.get(question);
  if (!words) questionYes.set(question, (words = [...YES, ...question.yesWords]));
  return words;
}

export function yesNoLabel(value: boolean, language: Language): string {
  return value ? (language === 'nl' ? 'Ja' : 'Yes') : language === 'nl' ? 'Nee' : 'No';
}

/** The sentence around a position, in folded text. */
function sentenceAround(ctx: ExtractContext, start: number, end: number) {
  const from = Math.max(0, ...[...ctx.text.slice(0, start).matchAll(/[.!?\n;]/g)].map((m) => m.index + 1));
  const rest = /[.!?\n;]/.exec(ctx.text.slice(end));
  const to = rest ? end + rest.index : ctx.text.length;
  return { start: from, end: to, folded: ctx.folded.slice(from, to) };
}

export function yesNoFindings(question: YesNoQuestion, ctx: ExtractContext, language: Language): Finding[] {
  const found = (value: boolean, start: number, end: number, contextual: boolean): Finding[] => [
    { questionId: question.id, value, label: yesNoLabel(value, language), start, end, contextual },
  ];
  const said = question.noWords.map((w) => findPhrase(ctx.folded, w)).find(Boolean);
  if (said) return found(false, sentenceAround(ctx, said.start, said.end).start, sentenceAround(ctx, said.start, said.end).end, true);
  const topic = question.topicWords.map((word) => findPhrase(ctx.folded, word)).find(Boolean);
  if (ctx.current === question.id && !TAKING_BACK.test(ctx.folded)) {
    // Asked the question, "nee, wel een paar certificaten" and "no, but I have 6 years" answer
    // with their first word, unless the opposite word follows.
    const words = ctx.folded.trim().split(/\s+/);
    const later = new Set(words.slice(1));
    const first = words[0] ?? '';
    if (SINGLE_YES.includes(first) && !SINGLE_NO.some((w) => later.has(w))) return found(true, 0, ctx.text.length, true);
    if (SINGLE_NO.includes(first) && !SINGLE_YES.some((w) => later.has(w))) return found(false, 0, ctx.text.length, true);
  }
  if (topic) {
    // The sentence the topic stands in decides: "geen diploma", "mbo 3 gehaald", "nog bezig met mijn mbo".
    const sentence = sentenceAround(ctx, topic.start, topic.end);
    const near = ctx.folded.slice(Math.max(sentence.start, topic.start - 20), topic.end + 4);
    const no = hasPhrase(sentence.folded, NOT_YET) || hasPhrase(near, NEGATION);
    return found(!no, sentence.start, sentence.end, true);
  }
  if (ctx.current !== question.id || TAKING_BACK.test(ctx.folded)) return [];
  const notYet = hasPhrase(ctx.folded, NOT_YET);
  // "heb ik niet" holds "heb ik": a longer no is read first.
  let rest = ctx.folded;
  for (const phrase of LONGER_NO) {
    const at = findPhrase(rest, phrase);
    if (at) rest = rest.slice(0, at.start) + ' '.repeat(at.end - at.start) + rest.slice(at.end);
  }
  const yes = !notYet && hasPhrase(rest, yesWordsOf(question));
  const no = notYet || hasPhrase(ctx.folded, NO);
  if (yes === no) return [];
  return found(yes, 0, ctx.text.length, false);
}
