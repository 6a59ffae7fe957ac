// Numbers as candidates write them, in digits and in Dutch and English words ("3,5",
// "twenty five", "2 en een half", "anderhalf"), with the tokens they take up.
import type { Token } from './text';

const UNITS: [string, number][] = [
  ['nul', 0], ['een', 1], ['een', 1], ['twee', 2], ['drie', 3], ['vier', 4], ['vijf', 5], ['zes', 6], ['zeven', 7], ['acht', 8], ['negen', 9],
  ['zero', 0], ['one', 1], ['two', 2], ['three', 3], ['four', 4], ['five', 5], ['six', 6], ['seven', 7], ['eight', 8], ['nine', 9],
];
const TEENS: [string, number][] = [
  ['tien', 10], ['elf', 11], ['twaalf', 12], ['dertien', 13], ['veertien', 14], ['vijftien', 15], ['zestien', 16], ['zeventien', 17], ['achttien', 18], ['negentien', 19],
  ['ten', 10], ['eleven', 11], ['twelve', 12], ['thirteen', 13], ['fourteen', 14], ['fifteen', 15], ['sixteen', 16], ['seventeen', 17], ['eighteen', 18], ['nineteen', 19],
];
const TENS_NL: [string, number][] = [['twintig', 20], ['dertig', 30], ['veertig', 40], ['vijftig', 50], ['zestig', 60]];
const TENS_EN: [string, number][] = [['twenty', 20], ['thirty', 30], ['forty', 40], ['fifty', 50], ['sixty', 60]];

/** Every number word up to 69, Dutch compounds ("vijfentwintig") included. A Map: a word like "constructor" is no number. */
const NUMBER_WORDS = new Map<string, number>([
  ...UNITS,
  ...TEENS,
  ...TENS_NL,
  ...TENS_EN,
  ['anderhalf', 1.5],
  ['half', 0.5],
  // "een drietal dagen": about three.
  ['tweetal', 2], ['drietal', 3], ['viertal', 4], ['vijftal', 5], ['zestal', 6], ['tiental', 10],
]);
for (const [ten, tenValue] of TENS_NL) for (const [unit, unitValue] of UNITS.slice(1, 10)) NUMBER_WORDS.set(`${unit}en${ten}`, tenValue + unitValue);

export interface NumberMention {
  value: number;
  start: number;
  end: number;
  /** Index of the first and last token of the mention. */
  first: number;
  last: number;
}

/** Numbers in the folded text: "5", "3,5", "vijf", "twenty five", "2 en een half", "anderhalf". */
export function numberMentions(words: Token[], text: string): NumberMention[] {
  const out: NumberMention[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!.word;
    let value: number | undefined;
    let last = i;
    const digits = /^(\d{1,4})$/.exec(word);
    if (digits) {
      value = Number(digits[1]);
      // "3,5" and "3.5" fold to "3 5": a single digit after a number is its decimal only when written that way.
      const next = words[i + 1];
      if (next && /^\d{1,2}$/.test(next.word) && next.start === words[i]!.end + 1 && /[.,]/.test(text[words[i]!.end] ?? '')) {
        value = Number(`${word}.${next.word}`);
        last = i + 1;
      }
    } else if (NUMBER_WORDS.has(word)) {
      value = NUMBER_WORDS.get(word)!;
      const next = words[i + 1]?.word;
      if (value >= 20 && value % 10 === 0 && next && (NUMBER_WORDS.get(next) ?? 10) < 10 && TENS_EN.some(([w]) => w === word)) {
        value += NUMBER_WORDS.get(next)!;
        last = i + 1;
      }
      // "een" is mostly "a": it counts only before a unit, which the callers check.
    } else {
      const withUnit = /^(\d{1,3})(u|uur|h|hrs|jr|j|yrs|yr|y)$/.exec(word);
      if (withUnit) value = Number(withUnit[1]);
    }
    if (value === undefined) continue;
    // "2 en een half", "two and a half"
    const tail = words.slice(last + 1, last + 4).map((t) => t.word).join(' ');
    if (/^(en een half|and a half|en half)\b/.test(tail)) {
      value += 0.5;
      last += tail.startsWith('en half') ? 2 : 3;
    }
    out.push({ value, start: words[i]!.start, end: words[last]!.end, first: i, last });
    i = last;
  }
  return out;
}
