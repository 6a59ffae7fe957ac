// Dutch or English? Counted from common words; a message too short to tell keeps the
// conversation's language.
import type { Language } from './config';

const WORDS: Record<Language, Set<string>> = {
  nl: new Set('ik je jij u het een de en is ben heb niet wel met voor van op naar wat hoe waar wanneer hoi hallo dag graag ja nee jaar uur per week werk werken kapper ervaring zoek baan mijn bent kan kun wil'.split(' ')),
  en: new Set('i you the a an and is am have not with for of on to what how where when hi hello hey please yes no year years hours per week work job looking my are can could would like experience hairdresser'.split(' ')),
};

export function detectLanguage(text: string | null | undefined, current: Language): Language {
  const words = (text ?? '').toLowerCase().match(/[a-z']+/g) ?? [];
  if (words.length < 2) return current;
  let nl = 0;
  let en = 0;
  for (const word of words) {
    if (WORDS.nl.has(word)) nl += 1;
    if (WORDS.en.has(word)) en += 1;
  }
  if (en >= 2 && en > nl * 1.5) return 'en';
  if (nl >= 2 && nl > en * 1.5) return 'nl';
  return current;
}
