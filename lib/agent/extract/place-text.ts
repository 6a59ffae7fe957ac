// Text folding for place matching: words with their position in the original text, so a
// match can quote exactly what the candidate wrote, and a bounded typo distance.

export interface Token {
  /** Lower case, accents dropped, "ij" written as "y" ("IJmuiden", "Ymuiden" and "ijmuiden" agree). */
  norm: string;
  start: number;
  end: number;
  /** The word starts with a capital, and is not all capitals: "Best" is likelier the town than
   * "best" or a shouted "BEST". */
  capital: boolean;
}

function foldChar(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 128) {
    if ((code >= 97 && code <= 122) || (code >= 48 && code <= 57)) return ch;
    return code >= 65 && code <= 90 ? ch.toLowerCase() : '';
  }
  const base = ch.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  return /^[\p{L}\p{N}]+$/u.test(base) ? base : '';
}

/** Letters and digits make words; everything else (spaces, hyphens, apostrophes, emoji) separates
 * them, which makes "'s-Gravenhage", "s gravenhage" and "S-Gravenhage" the same words. */
export function tokenise(text: string): Token[] {
  const tokens: Token[] = [];
  let norm = '';
  let start = -1;
  let capital = false;
  let index = 0;
  const flush = (end: number) => {
    const raw = text.slice(start, end);
    if (start >= 0) tokens.push({ norm: norm.replace(/ij/g, 'y'), start, end, capital: capital && (raw.length === 1 || raw !== raw.toUpperCase()) });
    norm = '';
    start = -1;
  };
  for (const ch of text) {
    const folded = foldChar(ch);
    if (folded === '') flush(index);
    else {
      if (start < 0) {
        start = index;
        capital = ch !== ch.toLowerCase();
      }
      norm += folded;
    }
    index += ch.length;
  }
  flush(index);
  return tokens;
}

/** The words of a name joined by single spaces: the key names are indexed by. */
export const foldKey = (text: string) => tokenise(text).map((t) => t.norm).join(' ');

/** Letters of a key, not counting spaces: what the typo tolerance is measured on. */
export const letters = (key: string) => key.replace(/ /g, '').length;

/** Typos tolerated for a name of this many letters: none under 5, one up to 8, two from 9. */
export const tolerance = (length: number) => (length < 5 ? 0 : length < 9 ? 1 : 2);

/** The letters a word contains as bits: one typo changes at most two of them, so keys whose
 * bits differ more cannot be close, and most are ruled out without computing a distance. */
export function letterMask(word: string): number {
  let mask = 0;
  for (let i = 0; i < word.length; i++) mask |= 1 << (word.charCodeAt(i) % 31);
  return mask;
}

export function bitCount(n: number): number {
  let count = 0;
  for (let v = n >>> 0; v; v &= v - 1) count++;
  return count;
}

// Three rows reused by every call: typo search runs for many words and must not allocate.
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** Damerau-Levenshtein distance (optimal string alignment: "Amsterdma" is one typo from
 * "Amsterdam"), or max + 1 as soon as it must exceed max. */
export function typoDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (b.length >= rows[0]!.length) rows = rows.map(() => new Int32Array(b.length * 2));
  let [before, previous, current] = rows as [Int32Array, Int32Array, Int32Array];
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      const swapped = i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1);
      if (swapped) d = Math.min(d, before[j - 2]! + 1);
      current[j] = d;
      if (d < best) best = d;
    }
    if (best > max) return max + 1;
    [before, previous, current] = [previous, current, before];
  }
  return Math.min(previous[b.length]!, max + 1);
}
