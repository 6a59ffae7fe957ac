// Text folding that keeps positions: every extractor matches on the folded text and reports
// the exact words of the candidate's own message (the recruiter sees where an answer came from).
import { bitCount, letterMask, tolerance, typoDistance } from './place-text';

/**
 * Lower case, accents removed, everything but letters and digits turned into a space,
 * with the same length as the input, so an index in the folded text is one in the original.
 */
export function fold(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.charCodeAt(0);
    // Plain ASCII, nearly every character a candidate types, without Unicode normalisation.
    if (code < 128) {
      out += (code >= 48 && code <= 57) || (code >= 97 && code <= 122) ? char : code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : ' ';
      continue;
    }
    const base = char.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
    const kept = base.length === 1 && /[\p{L}\p{N}]/u.test(base) ? base : ' ';
    // An emoji or other astral character is two UTF-16 units: keep the length.
    out += kept.repeat(char.length);
  }
  return out;
}

export interface Token {
  word: string;
  start: number;
  end: number;
}

/** The words of a folded text with their positions. */
export function tokens(folded: string): Token[] {
  const out: Token[] = [];
  for (const match of folded.matchAll(/[\p{L}\p{N}]+/gu)) out.push({ word: match[0], start: match.index, end: match.index + match[0].length });
  return out;
}

let lastSquashed: { text: string; squashed: string } | undefined;

/** The folded text with its runs of spaces collapsed, for whole-message comparisons. */
export function squash(text: string): string {
  // One message is squashed by several readers in a row: the last result is kept.
  if (lastSquashed?.text === text) return lastSquashed.squashed;
  const squashed = fold(text).replace(/\s+/g, ' ').trim();
  lastSquashed = { text, squashed };
  return squashed;
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A regular expression for a phrase as whole words, spaces matching any run of separators. */
export function phrasePattern(phrase: string): string {
  return squash(phrase).split(' ').map(escapeRegExp).join('\\s+');
}

// Phrases come from configuration and word lists: each is compiled once per process.
const compiled = new Map<string, RegExp | null>();
function phraseRegExp(phrase: string): RegExp | null {
  let pattern = compiled.get(phrase);
  if (pattern === undefined) {
    pattern = phrase.trim() === '' ? null : new RegExp(`(?<![\\p{L}\\p{N}])${phrasePattern(phrase)}(?![\\p{L}\\p{N}])`, 'u');
    compiled.set(phrase, pattern);
  }
  return pattern;
}

// A list of phrases as one expression: any phrase of the list, as whole words. A list is
// checked in one pass over the text, not once per phrase.
const compiledLists = new Map<string, RegExp | null>();
const listPatterns = new WeakMap<readonly string[], { phrases: string[]; pattern: RegExp | null }>();
function anyPhraseRegExp(phrases: readonly string[]): RegExp | null {
  // A list seen before, with the same phrases: no key to build.
  const seen = listPatterns.get(phrases);
  if (seen && seen.phrases.length === phrases.length && seen.phrases.every((phrase, i) => phrase === phrases[i])) return seen.pattern;
  const key = phrases.join('\u0000');
  let pattern = compiledLists.get(key);
  if (pattern === undefined) {
    const alternatives = phrases.filter((phrase) => phrase.trim() !== '').map((phrase) => `(?:${phrasePattern(phrase)})`);
    pattern = alternatives.length === 0 ? null : new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'u');
    // Lists come from configuration and word lists; a bound keeps any other use from growing it.
    if (compiledLists.size >= 1000) compiledLists.clear();
    compiledLists.set(key, pattern);
  }
  listPatterns.set(phrases, { phrases: [...phrases], pattern });
  return pattern;
}

export function hasPhrase(folded: string, phrases: readonly string[]): boolean {
  if (phrases.length <= 1) return phrases.length === 1 && (phraseRegExp(phrases[0]!)?.test(folded) ?? false);
  return anyPhraseRegExp(phrases)?.test(folded) ?? false;
}

/** Where a phrase occurs as whole words, or null. */
export function findPhrase(folded: string, phrase: string): { start: number; end: number } | null {
  const match = phraseRegExp(phrase)?.exec(folded);
  return match ? { start: match.index, end: match.index + match[0].length } : null;
}

/** Spelling tolerance for a word: none below 5 letters, one edit (a swap counts as one) up to 8, two from 9. */
export function closeEnough(word: string, target: string): boolean {
  if (word === target) return true;
  const allowed = tolerance(target.length);
  if (allowed === 0 || Math.abs(word.length - target.length) > allowed) return false;
  // Each typo changes at most two of the letters a word contains: words further apart in
  // their letters cannot be close, and need no distance computed.
  if (bitCount(letterMask(word) ^ letterMask(target)) > 2 * allowed) return false;
  return typoDistance(word, target, allowed) <= allowed;
}

/** The original words between two positions, trimmed: the answer's source. */
export function sourceOf(text: string, start: number, end: number): string {
  return text.slice(start, end).trim();
}
