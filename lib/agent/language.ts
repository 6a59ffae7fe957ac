// Dutch or English? Counted from common words; a message too short to tell keeps the
// conversation's language, except a first message: "Hello" starts the conversation in English.
import type { Language } from './config';

const WORDS: Record<Language, Set<string>> = {
  nl: new Set(
    ('ik je jij u het een de en is ben heb niet wel met voor van op naar wat hoe waar wanneer hoi hallo dag graag ja nee jaar jaren uur per week werk werken ' +
      'kapper kapster ervaring zoek baan mijn bent kan kun wil woon als bij maar nog geen dank bedankt vanaf dagen maand over mij zou ook al dus heel goed ' +
      'beginnen diploma gehaald bezig sinds verdien krijg reiskosten mensen medewerker spreken').split(' '),
  ),
  en: new Set(
    ("i i'm im ive you the a an and is am have not with for of on to what how where when hi hello hey please yes no year years hours per week work job " +
      'looking my are can could would like experience hairdresser as from live want start starting days month months next immediately thanks thank ' +
      'barber beautician diploma qualification salary pay does do need speak talk person someone').split(' '),
  ),
};

// A Map, not an object: a first word such as "constructor" is no greeting.
const FIRST_WORD = new Map<string, Language>(Object.entries({
  hello: 'en', thanks: 'en', good: 'en', morning: 'en', yes: 'en',
  hoi: 'nl', hallo: 'nl', goedemorgen: 'nl', goedemiddag: 'nl', goedenavond: 'nl', dag: 'nl', ja: 'nl', nee: 'nl', dankjewel: 'nl', bedankt: 'nl', hoihoi: 'nl',
} satisfies Record<string, Language>));

export function detectLanguage(text: string | null | undefined, current: Language, first = false): Language {
  const words = (text ?? '').toLowerCase().match(/[a-z']+/g) ?? [];
  if (words.length === 0) return current;
  let nl = 0;
  let en = 0;
  for (const word of words) {
    if (WORDS.nl.has(word)) nl += 1;
    if (WORDS.en.has(word)) en += 1;
  }
  if (en >= 2 && en > nl * 1.5) return 'en';
  if (nl >= 2 && nl > en * 1.5) return 'nl';
  if (first && nl + en <= 2) {
    const opening = FIRST_WORD.get(words[0]!);
    if (opening) return opening;
  }
  return current;
}
