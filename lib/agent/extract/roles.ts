// The vacancy a candidate names, by any of its synonyms, anywhere in the message, with spelling
// tolerance ("kapstr"), or by the number of the option when the bot just listed them.
import type { Language, Role, ScreeningConfig } from '../config';
import type { ExtractContext, Finding } from './finding';
import { closeEnough, findPhrase, hasPhrase, squash, tokens } from './text';

export const SEEKING = /(zoek|zoeken|looking for|baan als|werk als|job as|position as|functie als|vacature|solliciteer|apply|aan de slag als|werken als|work as|a job as)(\s+\p{L}+){0,3}\s*$/u;

interface RoleWords {
  /** Every name of the role, folded, in the order they are tried. */
  phrases: string[];
  /** The one-word names long enough to be recognised misspelt. */
  single: string[];
}

// A role's names are folded once per configuration, not for every message.
const roleWords = new WeakMap<Role, RoleWords>();
function wordsOf(role: Role): RoleWords {
  let words = roleWords.get(role);
  if (!words) {
    const phrases = [...role.synonyms, role.label.nl, role.label.en, role.id.replace(/_/g, ' ')].map(squash).filter(Boolean);
    words = { phrases, single: phrases.filter((p) => !p.includes(' ') && p.length >= 5) };
    roleWords.set(role, words);
  }
  return words;
}

export function roleFindings(config: ScreeningConfig, questionId: string, ctx: ExtractContext, language: Language): Finding[] {
  const found: Finding[] = [];
  const words = tokens(ctx.folded);
  for (const role of config.roles) {
    const { phrases, single } = wordsOf(role);
    let at: { start: number; end: number } | null = null;
    // Most roles are not named at all: one look for any of their names first.
    if (hasPhrase(ctx.folded, phrases)) {
      for (const phrase of phrases) {
        at = findPhrase(ctx.folded, phrase);
        if (at) break;
      }
    }
    if (!at) {
      const word = words.find((t) => single.some((p) => closeEnough(t.word, p)));
      if (word) at = { start: word.start, end: word.end };
    }
    if (at) found.push({ questionId, value: role.id, label: role.label[language], start: at.start, end: at.end, contextual: true });
  }
  // A role whose words lie inside another's ("manager" in "salon manager").
  let kept = found.filter((f) => !found.some((g) => g !== f && g.value !== f.value && g.start <= f.start && f.end <= g.end && g.end - g.start > f.end - f.start));
  // The role they look for beats the trade they describe: "ik ben kapper en zoek werk als salonmanager".
  if (new Set(kept.map((f) => f.value)).size > 1) {
    const sought = kept.filter((f) => SEEKING.test(ctx.folded.slice(Math.max(0, f.start - 40), f.start)));
    if (new Set(sought.map((f) => f.value)).size === 1) kept = sought;
  }
  if (kept.length === 0 && ctx.current === questionId) {
    const index = /^\s*(\d{1,2})\s*$/.exec(ctx.folded);
    const role = index ? config.roles[Number(index[1]) - 1] : undefined;
    if (role) kept.push({ questionId, value: role.id, label: role.label[language], start: 0, end: ctx.text.length, contextual: false });
  }
  return kept;
}
