// Fast typing, mended before reading: "volgnde maand", "32 uuur", "jaaa", "ervaing". Only the
// words the screening's readers look for are mended, and only from a word that is no word of
// its own, so "werken" never becomes "weken". The map back gives each answer's source in the
// candidate's own spelling.
import { COMMON_WORDS } from './place-words';
import { closeEnough } from './text';

const WATCHED = `volgende komende maand maanden weken januari februari maart april augustus september oktober november december
  maandag dinsdag woensdag donderdag vrijdag zaterdag zondag morgen overmorgen direct meteen zomer zomervakantie beginnen starten
  ervaring werkervaring experience fulltime parttime voltijd deeltijd diploma gediplomeerd gehaald behaald opleiding
  salaris reiskosten contract werktijden medewerker recruiter spreken ongeveer tomorrow immediately january february march
  august october jaartje maandje weekje dagje drietal viertal`
  .split(/\s+/)
  .filter(Boolean);

const WATCHED_WORDS = new Set(WATCHED);
const known = (word: string) => COMMON_WORDS.has(word.replace(/ij/g, 'y')) || WATCHED_WORDS.has(word);

export interface Mended {
  text: string;
  /** For every position of `text` (and one past its end), the position in the original. */
  origin: number[];
}

/** "een jaar of zeven", "een week of twee": about that many, said the Dutch way round. */
const ABOUT = /\been (jaar|jaartje|uur|dag|dagje|week|weekje|maand|maandje) of (\p{L}+|\d+)/giu;

function rewriteIdioms(mended: Mended): Mended {
  let text = '';
  const origin: number[] = [];
  let last = 0;
  for (const m of mended.text.matchAll(ABOUT)) {
    for (let i = last; i < m.index; i++) {
      text += mended.text[i];
      origin.push(mended.origin[i]!);
    }
    const rewritten = `${m[2]} ${m[1]}`;
    const from = mended.origin[m.index]!;
    const to = mended.origin[m.index + m[0].length - 1]!;
    for (let k = 0; k < rewritten.length; k++) {
      text += rewritten[k];
      origin.push(Math.min(from + k, to));
    }
    last = m.index + m[0].length;
  }
  for (let i = last; i < mended.text.length; i++) {
    text += mended.text[i];
    origin.push(mended.origin[i]!);
  }
  origin.push(mended.origin[mended.text.length]!);
  return { text, origin };
}

export function mendTypos(original: string): Mended {
  return rewriteIdioms(mendWords(original));
}

function mendWords(original: string): Mended {
  let text = '';
  const origin: number[] = [];
  let last = 0;
  const copy = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      text += original[i];
      origin.push(i);
    }
  };
  for (const match of original.matchAll(/\p{L}+/gu)) {
    copy(last, match.index);
    last = match.index + match[0].length;
    let word = match[0];
    // "jaaa", "uuur", "neeee": a run of three or more of one letter is two.
    const collapsed = word.replace(/(\p{L})\1{2,}/gu, '$1$1');
    const lower = collapsed.toLowerCase();
    let mended = collapsed;
    if (lower.length >= 5 && !known(lower)) {
      const close = WATCHED.filter((w) => closeEnough(lower, w));
      if (close.length === 1) mended = close[0]!;
    }
    if (mended === word) {
      copy(match.index, last);
      continue;
    }
    word = mended;
    // The mended word stands where the original word stood.
    for (let k = 0; k < word.length; k++) {
      text += word[k];
      origin.push(match.index + Math.min(k, match[0].length - 1));
    }
  }
  copy(last, original.length);
  origin.push(original.length);
  return { text, origin };
}

/** The original words behind positions [start, end) of the mended text. */
export function originalSpan(mended: Mended, original: string, start: number, end: number): string {
  if (end <= start) return '';
  const from = mended.origin[start]!;
  const to = end >= mended.text.length ? original.length : mended.origin[end - 1]! + 1;
  // Stretch to whole words of the original.
  let a = from;
  let b = to;
  while (a > 0 && /[\p{L}\p{N}]/u.test(original[a - 1]!)) a--;
  while (b < original.length && /[\p{L}\p{N}]/u.test(original[b]!)) b++;
  return original.slice(a, b).trim();
}
