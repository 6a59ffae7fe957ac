// What a message does besides answering: asks for a person, asks a question back, corrects
// an earlier answer, or is only a greeting, thanks or emoji (never an unclear answer).
import type { ScreeningConfig } from '../config';
import { hasPhrase, squash, tokens } from './text';

const POLITE = new Set(['graag', 'alsjeblieft', 'alstublieft', 'aub', 'please', 'pls', 'plz', 'svp', 'even', 'maar', 'nu', 'now', 'een', 'a', 'an', 'de', 'the', 'met', 'with', 'to', 'ik', 'wil', 'i', 'want']);
const TALK = ['spreken', 'spreek', 'praten', 'bellen', 'gebeld', 'opbellen', 'chatten', 'doorverbinden', 'doorverbonden', 'contact opnemen', 'in contact', 'talk', 'speak', 'chat with', 'call', 'phone', 'connect me', 'transfer me', 'get in touch'];
const WANT = ['wil', 'wilt', 'willen', 'graag', 'liever', 'want', 'would like', 'd like', 'prefer', 'need', 'rather'];
const CALL_ME = /(?<![\p{L}])(bel|bellen|call|phone|ring)\s+(me|mij|us)(?![\p{L}])|(?<![\p{L}])(me|mij)\s+(bellen|terugbellen|opbellen)(?![\p{L}])|terugbellen|call me back|gebeld worden/u;

// The words for a person, and their folded forms, gathered once per configuration.
const handoffWords = new WeakMap<ScreeningConfig['handoffKeywords'], { nouns: string[]; folded: Set<string> }>();
function handoffWordsOf(config: ScreeningConfig) {
  let words = handoffWords.get(config.handoffKeywords);
  if (!words) {
    const nouns = [...config.handoffKeywords.nl, ...config.handoffKeywords.en];
    words = { nouns, folded: new Set(nouns.map(squash)) };
    handoffWords.set(config.handoffKeywords, words);
  }
  return words;
}

/** Does the candidate ask for a person (not describe themselves as one)? */
export function asksForPerson(config: ScreeningConfig, text: string): boolean {
  const folded = squash(text);
  if (!folded) return false;
  const { nouns, folded: foldedNouns } = handoffWordsOf(config);
  const core = folded.split(' ').filter((w) => !POLITE.has(w)).join(' ');
  if (foldedNouns.has(core)) return true;
  if (CALL_ME.test(folded)) return true;
  if (!hasPhrase(folded, nouns)) return false;
  // "ik ben een sociaal persoon", "I'm a people person", "echt een mensen-mens": a description.
  const described = /(?<![\p{L}])(ik ben|ben ik|i am|i m|im|ben)\s+(\p{L}+\s+){0,3}(persoon|person|iemand|someone|mens|human)(?![\p{L}])|people person|mensen mens|mensenmens/u.test(folded);
  if (hasPhrase(folded, TALK)) return true;
  return !described && hasPhrase(folded, WANT);
}

const SMALL_TALK = new Set(
  ('hoi hoii hoihoi hallo hallootjes hey hee heey hi hii hello hello hiya yo goedemorgen goedemiddag goedenavond goedendag middag avond dag daag doei ' +
    'groetjes groeten gr mvg vriendelijke dank danku dankje dankjewel dankuwel bedankt merci thanks thank thx ty you u je jij ook ' +
    'ok oke okay okey oki okido prima top toppie super fijn mooi cool great nice goed good morning afternoon evening lol haha hahaha hihi ' +
    'oh ah aha hmm hm alright allright perfect perfectje geweldig leuk fijne dag weekend alvast nogmaals heel erg veel much so ' +
    '').split(' ').filter(Boolean),
);

/** Only a greeting, thanks, "ok" or emoji. */
export function isSmallTalk(text: string, name: string | null = null): boolean {
  if (!text.trim()) return false;
  const words = tokens(squash(text)).map((t) => t.word);
  const ownName = name ? squash(name).split(' ') : [];
  return words.every((w) => SMALL_TALK.has(w) || ownName.includes(w));
}

// "Wat mij betreft zo snel mogelijk" (as far as I am concerned) asks nothing.
const ASKING_START = /^(wat|hoe|hoeveel|waar|wanneer|welke|welk|wie|waarom|what|how|where|when|which|who|why|whats|hows)(\s|$)(?!(mij|me|ons) betreft|betreft|about me)/;
const ASKING_VERB = /^(krijg|krijgen|kan|kun|kunnen|mag|moet|moeten|zijn|is|bieden|heb|hebben|hebt|betalen|betaal|werken|zit|zitten|do|does|is|are|can|could|will|would|may|should|have|any)(\s|$)/;

export interface QuestionBack {
  faq: string | null;
  text: string;
}

/** The sentences of a message that ask something, with their positions. */
export function questionSpans(text: string): { start: number; end: number; text: string }[] {
  const spans: { start: number; end: number; text: string }[] = [];
  for (const m of text.matchAll(/[^.!?\n]+[.!?\n]*/g)) {
    let sentence = m[0];
    let start = m.index;
    if (!squash(sentence)) continue;
    // "32 uur, en wat is het salaris?": the question starts at its own clause.
    for (const clause of sentence.matchAll(/,\s*/g)) {
      const rest = sentence.slice(clause.index + clause[0].length);
      if (ASKING_START.test(squash(rest).replace(/^(en|and|maar|but|o ja|oh|btw)\s+/, ''))) {
        start = m.index + clause.index + clause[0].length;
        sentence = rest;
        break;
      }
    }
    const folded = squash(sentence);
    if (sentence.includes('?') || ASKING_START.test(folded)) spans.push({ start, end: start + sentence.length, text: sentence.trim() });
  }
  return spans;
}

/** A question the candidate asks back: one of the configured FAQ, or an unknown one kept for the recruiter. */
export function questionBack(config: ScreeningConfig, text: string, answered: boolean): QuestionBack | null {
  // An answer that begins like a question ("hoe eerder hoe beter, per direct") asks nothing.
  if (answered && !text.includes('?')) return null;
  // The most specific subject wins: "do you pay travel costs" is about travel costs, not pay.
  const faqOf = (sentence: string) => {
    const folded = squash(sentence);
    let best: { id: string; length: number } | null = null;
    for (const f of config.faq) {
      for (const keyword of [...f.keywords.nl, ...f.keywords.en]) {
        if (hasPhrase(folded, [keyword]) && (!best || keyword.length > best.length)) best = { id: f.id, length: keyword.length };
      }
    }
    return best?.id ?? null;
  };
  for (const span of questionSpans(text)) {
    const faq = faqOf(span.text);
    if (faq) return { faq, text: span.text };
  }
  const folded = squash(text);
  // "Krijg ik reiskosten", without a question mark, is still a question about a known subject.
  if (ASKING_VERB.test(folded)) {
    const faq = faqOf(text);
    if (faq) return { faq, text: text.trim() };
  }
  const spans = questionSpans(text);
  if (spans.length === 0) return null;
  const asking = spans.find((s) => tokens(squash(s.text)).length >= 2 || !answered);
  if (!asking || (answered && !asking.text.includes('?') && tokens(squash(asking.text)).length < 3)) return null;
  return { faq: null, text: asking.text };
}

const CORRECTION = ['nee wacht', 'wacht', 'sorry', 'oeps', 'oops', 'correctie', 'bedoel', 'bedoelde', 'i mean', 'i meant', 'actually', 'eigenlijk', 'verkeerd', 'vergissing', 'foutje', 'typfout', 'moet zijn', 'should be', 'nee', 'no', 'toch', 'instead', 'in plaats van', 'niet', 'not'];

/** Words that take back what was said before ("nee wacht", "sorry, 24 uur", "I meant 3"). */
export function correctionAt(folded: string, from = 0, to = folded.length): boolean {
  return hasPhrase(folded.slice(from, to), CORRECTION);
}

const CORRECTION_OF_EARLIER = CORRECTION.filter((w) => !['no', 'niet', 'not', 'toch'].includes(w));

export function correctsEarlier(folded: string): boolean {
  return hasPhrase(folded, CORRECTION_OF_EARLIER);
}
