// The simulated candidates of `npm run eval:screening` (a long file because it is data, one
// profile per person): people who write to the agency's
// WhatsApp number, each in a style of their own, and answer what the screening bot asks from
// what they know about themselves. For every screening question a profile holds the value a
// recruiter would store after reading the conversation, and how this candidate says it when
// asked. Dates are relative to the day the eval runs, in the agency's time zone.
//
// The profiles describe people, not the bot: nothing here is phrased to suit the bot's
// parsers, and the expected values are what a person reading the chat would write down.

export const SLOTS = ['role', 'experience_years', 'city', 'hours_per_week', 'start_date', 'diploma'] as const;
/** Questions only some vacancies ask (screening.json: a role's own questions). */
export const VACANCY_SLOTS = ['team_size'] as const;
export type Slot = (typeof SLOTS)[number] | (typeof VACANCY_SLOTS)[number];

/** The questions this candidate will be asked, in order: the general ones, then their vacancy's. */
export const slotsOf = (candidate: CandidateProfile): Slot[] => [...SLOTS, ...VACANCY_SLOTS.filter((slot) => candidate.facts[slot] !== undefined)];
export type RoleId = 'hairdresser' | 'barber' | 'beautician' | 'salon_manager';

/** A message the candidate sends: typed text, or something WhatsApp lets them send instead. */
export type Said =
  | string
  | { type: 'voice' }
  /** A shared location: only coordinates ("send your current location"), or a place with its name and address. */
  | { type: 'location'; latitude: number; longitude: number; name?: string; address?: string };

export interface Fact {
  /** What a recruiter would store: a role id, a number, a canonical Dutch place name, an ISO date, true/false. */
  expected: string | number | boolean;
  /** The range the candidate gave ("tussen 24 en 32 uur"); `expected` is its lower end. */
  range?: [number, number];
  /** How they say it when asked (again). */
  say: Said;
  /** Other facts this answer gives at the same time (answering ahead). */
  alsoGives?: Slot[];
  /** The first time they are asked they say this instead (a slip)... */
  slip?: string;
  /** ...and correct it in their next message. */
  correction?: string;
  /** The first time they are asked they ask this back instead, then answer when asked again. */
  asksBack?: string;
  /** When the bot offers buttons or a list for this question, the option they tap (the end of its id, e.g. "36"). */
  tap?: string;
}

export interface CandidateProfile {
  id: string;
  /** Their WhatsApp profile name. */
  name: string;
  language: 'nl' | 'en' | 'mixed';
  style: string;
  opening: Said;
  /** The facts the opening message already gives. */
  openingGives: Slot[];
  facts: Record<(typeof SLOTS)[number], Fact> & Partial<Record<(typeof VACANCY_SLOTS)[number], Fact>>;
  /** How they begin an answer they have given before, when asked for it again (else they just repeat it). */
  repeatPrefix?: string;
}

const TIME_ZONE = 'Europe/Amsterdam';

/** Dates relative to the day the eval runs (in Europe/Amsterdam), as YYYY-MM-DD. */
export function dates(now = new Date()) {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(now)
    .split('-')
    .map(Number) as [number, number, number];
  const base = Date.UTC(y, m - 1, d);
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const day = 86_400_000;
  return {
    year: y,
    /** Today. */
    today: () => iso(base),
    /** `n` days from today. */
    inDays: (n: number) => iso(base + n * day),
    /** The same day `n` months later (the month's last day when it has no such day). */
    inMonths: (n: number) => {
      const last = new Date(Date.UTC(y, m - 1 + n + 1, 0)).getUTCDate();
      return iso(Date.UTC(y, m - 1 + n, Math.min(d, last)));
    },
    /** The next `MM-DD` (today or later): next('03-01') is the next 1 March. */
    next: (monthDay: string) => {
      const [mm, dd] = monthDay.split('-').map(Number) as [number, number];
      const thisYear = Date.UTC(y, mm - 1, dd);
      return iso(thisYear >= base ? thisYear : Date.UTC(y + 1, mm - 1, dd));
    },
    /** The first day of next month. */
    firstOfNextMonth: () => iso(Date.UTC(y, m, 1)),
    /** The next given weekday after today (1 = Monday … 7 = Sunday). */
    nextWeekday: (weekday: number) => {
      const todays = new Date(base).getUTCDay() || 7;
      return iso(base + (((weekday - todays + 6) % 7) + 1) * day);
    },
  };
}

/** Every simulated candidate, with dates computed for `now`. */
export function screeningCandidates(now = new Date()): CandidateProfile[] {
  const { today, inDays, inMonths, next, firstOfNextMonth, nextWeekday, year } = dates(now);
  const fact = (expected: Fact['expected'], say: Said, more: Partial<Fact> = {}): Fact => ({ expected, say, ...more });
  const role = (id: RoleId, say: Said, more: Partial<Fact> = {}) => fact(id, say, more);

  return [
    {
      id: 'terse-kapper',
      name: 'Lisa Jansen',
      language: 'nl',
      style: 'terse: one word per message',
      opening: 'kapper',
      openingGives: ['role'],
      facts: {
        role: role('hairdresser', 'kapper'),
        experience_years: fact(5, '5'),
        city: fact('Utrecht', 'utrecht'),
        hours_per_week: fact(32, '32'),
        start_date: fact(today(), 'per direct'),
        diploma: fact(true, 'ja'),
      },
    },
    {
      id: 'terse-barbier',
      name: 'Mo',
      language: 'nl',
      style: 'terse, with a question mark for a greeting',
      opening: 'barbier?',
      openingGives: ['role'],
      facts: {
        role: role('barber', 'barbier'),
        experience_years: fact(2, '2 jaar'),
        city: fact('Rotterdam', 'Rotterdam'),
        hours_per_week: fact(40, '40'),
        start_date: fact(next('03-01'), '1 maart'),
        diploma: fact(false, 'nee'),
      },
    },
    {
      id: 'chatty-all-nl',
      name: 'Sanne de Boer',
      language: 'nl',
      style: 'chatty: everything in the opening message, with her age and current town in it too',
      opening:
        'Hoi! Ik ben Sanne, 27 jaar, en ik werk nu 6 jaar als kapster in een salon in Amersfoort. Ik zoek iets nieuws in Utrecht, het liefst 32 uur per week. Ik heb mijn MBO kapper diploma (niveau 3) en kan per 1 februari beginnen 😊',
      openingGives: ['role', 'experience_years', 'city', 'hours_per_week', 'start_date', 'diploma'],
      facts: {
        role: role('hairdresser', 'kapster'),
        experience_years: fact(6, '6 jaar'),
        city: fact('Utrecht', 'Utrecht'),
        hours_per_week: fact(32, '32 uur'),
        start_date: fact(next('02-01'), 'per 1 februari'),
        diploma: fact(true, 'ja, MBO kapper niveau 3'),
      },
    },
    {
      id: 'chatty-all-en',
      name: 'Jordan Smith',
      language: 'en',
      style: 'chatty English: everything in the opening message',
      opening:
        "Hi there! I'm a barber with 8 years of experience, looking for full time work (40 hours) in Amsterdam. I have my barber diploma and I can start in two weeks.",
      openingGives: ['role', 'experience_years', 'city', 'hours_per_week', 'start_date', 'diploma'],
      facts: {
        role: role('barber', 'barber'),
        experience_years: fact(8, '8 years'),
        city: fact('Amsterdam', 'Amsterdam'),
        hours_per_week: fact(40, 'full time, 40 hours'),
        start_date: fact(inDays(14), 'in two weeks'),
        diploma: fact(true, 'yes, a barber diploma'),
      },
    },
    {
      id: 'english-basic',
      name: 'Emily Clarke',
      language: 'en',
      style: 'plain English, full sentences',
      opening: 'Hello, I am looking for a job as a beautician',
      openingGives: ['role'],
      facts: {
        role: role('beautician', 'beautician'),
        experience_years: fact(4, 'About 4 years'),
        city: fact('Den Haag', 'The Hague'),
        hours_per_week: fact(24, '24 hours'),
        start_date: fact(firstOfNextMonth(), 'Next month'),
        diploma: fact(true, 'Yes, I have a beauty therapy diploma'),
      },
    },
    {
      id: 'mixed-nl-en',
      name: 'Priya',
      language: 'mixed',
      style: 'Dutch and English mixed in every message',
      opening: 'hi! looking for werk als hairdresser',
      openingGives: ['role'],
      facts: {
        role: role('hairdresser', 'hairdresser'),
        experience_years: fact(3, '3 years ervaring'),
        city: fact('Leiden', 'Leiden'),
        hours_per_week: fact(40, 'fulltime'),
        start_date: fact(today(), 'asap'),
        diploma: fact(true, 'ja I have mbo 3'),
      },
    },
    {
      id: 'lowercase-nopunct',
      name: 'noor',
      language: 'nl',
      style: 'no capitals, no punctuation',
      opening: 'hoi ik zoek werk als schoonheidsspecialiste',
      openingGives: ['role'],
      facts: {
        role: role('beautician', 'schoonheidsspecialiste'),
        experience_years: fact(7, 'ik heb 7 jaar ervaring'),
        city: fact('Eindhoven', 'in eindhoven'),
        hours_per_week: fact(24, '3 dagen per week'),
        start_date: fact(inMonths(1), 'over een maand'),
        diploma: fact(true, 'ja heb ik'),
      },
    },
    {
      id: 'emoji',
      name: 'Kim 💇‍♀️',
      language: 'nl',
      style: 'emoji in every message',
      opening: 'Hoiii 😊💇‍♀️ ik ben kapster!!',
      openingGives: ['role'],
      facts: {
        role: role('hairdresser', 'kapster 💇‍♀️'),
        experience_years: fact(4, '4 jaar 💪'),
        city: fact('Haarlem', 'Haarlem 🌷'),
        hours_per_week: fact(32, '32 uur 👍'),
        start_date: fact(today(), 'per direct 🙌'),
        diploma: fact(true, 'jaaa ✅'),
      },
    },
    {
      id: 'typos',
      name: 'Daan',
      language: 'nl',
      style: 'types fast, with typos',
      opening: 'hallo ik zoek werk als kaper',
      openingGives: ['role'],
      facts: {
        role: role('hairdresser', 'kaper'),
        experience_years: fact(3, 'ongeveer 3 jaar'),
        city: fact('Groningen', 'Groningn'),
        hours_per_week: fact(32, '32 uuur'),
        start_date: fact(firstOfNextMonth(), 'volgnde maand'),
        diploma: fact(true, 'ja ik heb mijn diplma'),
      },
    },
    {
      id: 'abbreviations',
      name: 'Yara',
      language: 'nl',
      style: 'WhatsApp abbreviations (ff, jr, zsm, adam)',
      opening: 'hoi zoek werk als kapper, ff vragen of jullie iets hebben',
      openingGives: ['role'],
      facts: {
        role: role('hairdresser', 'kapper'),
        experience_years: fact(5, '5 jr'),
        city: fact('Amsterdam', 'adam'),
        hours_per_week: fact(40, '40 u p/w'),
        start_date: fact(today(), 'zsm'),
        diploma: fact(true, 'jep'),
      },
    },
    {
      id: 'ahead-city',
      name: 'Ahmed El Amrani',
      language: 'nl',
      style: 'polite; gives the city while asked the years',
      opening: 'Goedemiddag, ik ben op zoek naar een baan als barbier.',
      openingGives: ['role'],
      facts: {
        role: role('barber', 'barbier'),
        experience_years: fact(4, '4 jaar, en ik woon in Tilburg dus het liefst daar in de buurt', { alsoGives: ['city'] }),
        city: fact('Tilburg', 'Tilburg'),
        hours_per_week: fact(36, '36 uur'),
        start_date: fact(next('01-01'), '1 januari'),
        diploma: fact(true, 'ja'),
      },
    },
    {
      id: 'ahead-hours',
      name: 'Jessica',
      language: 'nl',
      style: 'gives her hours while asked the years',
      opening: 'Hoi, ik ben nagelstyliste',
      openingGives: ['role'],
      facts: {
        role: role('beautician', 'nagelstyliste'),
        experience_years: fact(2, '2 jaar. Ik zoek trouwens iets voor 24 uur per week', { alsoGives: ['hours_per_week'] }),
        city: fact('Zwolle', 'Zwolle'),
        hours_per_week: fact(24, '24 uur'),
        start_date: fact(today(), 'per direct'),
        diploma: fact(false, 'nee, wel een paar certificaten gehaald'),
      },
    },
    {
      id: 'ahead-start-diploma',
      name: 'Chloe',
      language: 'en',
      style: 'English; gives her start date and diploma while asked the years',
      opening: "Hi, I'm a hair stylist looking for work",
      openingGives: ['role'],
      facts: {
        role: role('hairdresser', 'hair stylist'),
        experience_years: fact(10, '10 years. I have my diploma and could start from 1 March', { alsoGives: ['diploma', 'start_date'] }),
        city: fact('Rotterdam', 'Rotterdam'),
        hours_per_week: fact(32, '32 hours'),
        start_date: fact(next('03-01'), '1 March'),
        diploma: fact(true, 'yes'),
      },
    },
    {
      id: 'correction-years',
      name: 'Fleur',
      language: 'nl',
      style: 'corrects her years in the next message',
      opening: 'hoi! ik ben kapster',
      openingGives: ['role'],
      facts: {
        role: role('hairdresser', 'kapster'),
        experience_years: fact(3, '3 jaar', { slip: '5 jaar', correction: 'nee sorry, 3 jaar bedoel ik' }),
        city: fact('Delft', 'Delft'),
        hours_per_week: fact(28, '28 uur'),
        start_date: fact(inDays(14), 'over 2 weken'),
        diploma: fact(true, 'ja'),
      },
    },
    {
      id: 'correction-hours',
      name: 'Marieke van Dijk',
      language: 'nl',
      style: 'formal; corrects her hours in the next message',
      opening: 'Goedendag, ik solliciteer als salonmanager',
      openingGives: ['role'],
      facts: {
        role: role('salon_manager', 'salonmanager'),
        experience_years: fact(12, '12 jaar'),
        city: fact("'s-Hertogenbosch", 'Den Bosch'),
        hours_per_week: fact(32, '32 uur', { slip: '40 uur', correction: 'Oh wacht, ik bedoel 32 uur, op vrijdag ben ik vrij' }),
        start_date: fact(next('09-01'), 'na de zomer'),
        diploma: fact(true, 'ja'),
        team_size: fact(9, 'negen medewerkers'),
      },
    },
    {
      id: 'correction-city',
      name: 'Sem',
      language: 'nl',
      style: 'corrects his city in the next message',
      opening: 'Hallo, ik zoek werk als barber',
      openingGives: ['role'],
      facts: {
        role: role('barber', 'barber'),
        experience_years: fact(6, '6 jaar'),
        city: fact('Amstelveen', 'Amstelveen', { slip: 'Amsterdam', correction: 'sorry ik bedoel Amstelveen, niet Amsterdam' }),
        hours_per_week: fact(40, '40'),
        start_date: fact(next('01-15'), 'half januari'),
        diploma: fact(false, 'nee'),
      },
    },
    {
      id: 'correction-diploma',
      name: 'Ilse',
      language: 'nl',
      style: 'answers the last question wrong and corrects it',
      opening: 'Hallo ik ben schoonheidsspecialist',
      openingGives: ['role'],
      facts: {
        role: role('beautician', 'schoonheidsspecialist'),
        experience_years: fact(5, '5 jaar'),
        city: fact('Utrecht', 'Utrecht'),
        hours_per_week: fact(32, '32 uur'),
        start_date: fact(next('02-01'), '1 februari'),
        diploma: fact(true, 'ja', { slip: 'nee', correction: 'oh sorry, ja ik heb wel een diploma, niveau 3' }),
      },
    },
    {
      id: 'asks-salary',
      name: 'Rick',
      language: 'nl',
      style: 'asks what the pay is before giving his years',
      opening: 'Hoi ik zoek een baan als kapper',
      openingGives: ['role'],
      facts: {
        role: role('hairdresser', 'kapper'),
        experience_years: fact(8, '8 jaar', { asksBack: 'wat verdien je eigenlijk?' }),
        city: fact('Utrecht', 'Utrecht'),
        hours_per_week: fact(32, '32 uur'),
        start_date: fact(next('02-01'), '1 februari'),
        diploma: fact(true, 'ja'),
      },
    },
    {
      id: 'asks-travel',
      name: 'Naomi',
      language: 'nl',
      style: 'asks about travel costs when asked her hours',
      opening: 'Hallo! ik ben schoonheidsspecialist',
      openingGives: ['role'],
      facts: {
        role: role('beautician', 'schoonheidsspecialist'),
        experience_years: fact(3, '3 jaar'),
        city: fact('Nijmegen', 'Nijmegen'),
        hours_per_week: fact(24, '24 uur', { asksBack: 'krijg ik reiskosten?' }),
        start_date: fact(next('04-01'), 'per 1 april'),
        diploma: fact(true, 'ja, niveau 4'),
      },
    },
    {
      id: 'asks-contract',
      name: 'Tyler',
      language: 'en',
      style: 'English; asks about the contract when asked when he can start',
      opening: "Hi I'm looking for a barber job",
      openingGives: ['role'],
      facts: {
        role: role('barber', 'barber'),
        experience_years: fact(5, '5 years'),
        city: fact('Utrecht', 'Utrecht'),
        hours_per_week: fact(38, '38 hours'),
        start_date: fact(inDays(21), 'in 3 weeks', { asksBack: 'is it a permanent contract?' }),
        diploma: fact(false, 'no'),
      },
    },
    {
      id: 'voice-first',
      name: 'Ellen',
      language: 'nl',
      style: 'sends a voice note first, then types',
      opening: { type: 'voice' },
      openingGives: [],
      facts: {
        role: role('hairdresser', 'kapper'),
        experience_years: fact(4, '4 jaar'),
        city: fact('Breda', 'Breda'),
        hours_per_week: fact(32, '32 uur'),
        start_date: fact(today(), 'per direct'),
        diploma: fact(true, 'ja'),
      },
    },
    {
      id: 'location-city',
      name: 'Merel',
      language: 'nl',
      style: 'shares her current WhatsApp location for the city',
      opening: 'Hoi ik ben kapster en zoek werk',
      openingGives: ['role'],
      facts: {
        role: role('hairdresser', 'kapster'),
        experience_years: fact(6, '6 jaar'),
        city: fact('Arnhem', { type: 'location', latitude: 51.9851, longitude: 5.8987 }),
        hours_per_week: fact(24, '24'),
        start_date: fact(next('12-01'), 'vanaf 1 december'),
        diploma: fact(true, 'ja'),
      },
    },
    {
      id: 'tapper',
      name: 'Bas',
      language: 'nl',
      style: 'taps the buttons and list rows the bot offers, types the rest',
      opening: 'Hallo',
      openingGives: [],
      facts: {
        role: role('barber', 'barbier', { tap: 'barber' }),
        experience_years: fact(2, '1-3 jaar', { range: [1, 3], tap: '2' }),
        city: fact('Amersfoort', 'Amersfoort'),
        hours_per_week: fact(36, '32-40 uur', { range: [32, 40], tap: '36' }),
        start_date: fact(next('02-01'), '1 februari'),
        diploma: fact(true, 'ja', { tap: 'ja' }),
      },
    },
    {
      id: 'terse-en',
      name: 'Jake',
      language: 'en',
      style: 'terse English',
      opening: 'barber',
      openingGives: ['role'],
      facts: {
        role: role('barber', 'barber'),
        experience_years: fact(3, '3'),
        city: fact('Rotterdam', 'rotterdam'),
        hours_per_week: fact(40, 'fulltime'),
        start_date: fact(today(), 'now'),
        diploma: fact(true, 'yes'),
      },
    },
    {
      id: 'formal-letter',
      name: 'Fatima Bakkali',
      language: 'nl',
      style: 'formal, as in a letter',
      opening: 'Geachte heer/mevrouw, Graag wil ik solliciteren naar de functie van schoonheidsspecialiste. Met vriendelijke groet, Fatima Bakkali',
      openingGives: ['role'],
      facts: {
        role: role('beautician', 'Schoonheidsspecialiste.'),
        experience_years: fact(9, 'Ik heb 9 jaar ervaring in het vak.'),
        city: fact('Den Haag', 'Ik zou graag in Den Haag willen werken.'),
        hours_per_week: fact(32, 'Ik zou graag 32 uur per week willen werken.'),
        start_date: fact(next('03-01'), 'Ik kan per 1 maart beginnen.'),
        diploma: fact(true, 'Ja, ik heb mijn diploma schoonheidsspecialiste niveau 4.'),
      },
    },
    {
      id: 'number-words',
      name: 'Tim',
      language: 'nl',
      style: 'writes numbers as words',
      opening: 'hallo, ik ben kapper',
      openingGives: ['role'],
      facts: {
        role: role('hairdresser', 'kapper'),
        experience_years: fact(3, 'drie jaar'),
        city: fact('Maastricht', 'Maastricht'),
        hours_per_week: fact(32, 'vier dagen'),
        start_date: fact(inDays(14), 'over twee weken'),
        diploma: fact(true, 'jazeker'),
      },
    },
    {
      id: 'since-year',
      name: 'Kevin',
      language: 'nl',
      style: 'gives his experience as the year he started',
      opening: 'Hoi! Ik ben barbier sinds 2018 en zoek een nieuwe plek',
      openingGives: ['role', 'experience_years'],
      facts: {
        role: role('barber', 'barbier'),
        experience_years: fact(year - 2018, `sinds 2018`),
        city: fact('Eindhoven', 'Eindhoven'),
        hours_per_week: fact(40, '40 uur'),
        start_date: fact(next('01-01'), '1 januari'),
        diploma: fact(false, 'nee, ik heb het vak in de praktijk geleerd'),
      },
    },
    {
      id: 'half-years-range',
      name: 'Sophie',
      language: 'nl',
      style: 'half years, a range of hours, a diploma not finished yet',
      opening: 'hoi, ik ben nog niet zo lang kapster',
      openingGives: ['role'],
      facts: {
        role: role('hairdresser', 'kapster'),
        experience_years: fact(1.5, 'anderhalf jaar'),
        city: fact('Alkmaar', 'Alkmaar'),
        hours_per_week: fact(24, 'tussen 24 en 32 uur', { range: [24, 32] }),
        start_date: fact(today(), 'per direct'),
        diploma: fact(false, 'nog niet, ik ben nog bezig met niveau 3'),
      },
    },
    {
      id: 'starter',
      name: 'Lotte',
      language: 'nl',
      style: 'just graduated, says so in the opening',
      opening: 'Hallo ik heb net mijn diploma gehaald als schoonheidsspecialist!',
      openingGives: ['role', 'diploma'],
      facts: {
        role: role('beautician', 'schoonheidsspecialist'),
        experience_years: fact(0, 'nog geen ervaring, alleen stage'),
        city: fact('Apeldoorn', 'Apeldoorn'),
        hours_per_week: fact(32, '32'),
        start_date: fact(next('09-01'), 'vanaf september'),
        diploma: fact(true, 'ja, net gehaald'),
      },
    },
    {
      id: 'manager-chatty',
      name: 'Henk Visser',
      language: 'nl',
      style: 'chatty about his career, two numbers in one sentence',
      opening: 'Goedemorgen, ik ben op zoek naar een functie als salonmanager. Ik heb 15 jaar ervaring, waarvan 6 als leidinggevende.',
      openingGives: ['role', 'experience_years'],
      facts: {
        role: role('salon_manager', 'salonmanager'),
        experience_years: fact(15, '15 jaar'),
        city: fact('Utrecht', 'regio Utrecht'),
        hours_per_week: fact(40, 'fulltime'),
        start_date: fact(next('01-01'), 'per 1 januari'),
        diploma: fact(true, 'ja, kappersdiploma en een managementopleiding'),
        team_size: fact(14, 'Zo\'n 14 man in mijn laatste salon'),
      },
    },
    {
      id: 'region',
      name: 'Esther',
      language: 'nl',
      style: 'names a province, not a town',
      opening: 'hoi! ik zoek werk als kapster',
      openingGives: ['role'],
      facts: {
        role: role('hairdresser', 'kapster'),
        experience_years: fact(5, '5 jaar'),
        city: fact('Noord-Holland', 'maakt me niet zoveel uit, ergens in noord-holland'),
        hours_per_week: fact(20, '20 uur'),
        start_date: fact(next('03-01'), 'begin maart'),
        diploma: fact(true, 'ja'),
      },
    },
    {
      id: 'en-chatty-partial',
      name: 'Olivia Brown',
      language: 'en',
      style: 'English, role, city and years in the opening',
      opening: "Hey! I just moved here from the UK and I'm looking for work as a hairdresser in Rotterdam. I have 6 years of experience.",
      openingGives: ['role', 'city', 'experience_years'],
      facts: {
        role: role('hairdresser', 'hairdresser'),
        experience_years: fact(6, '6 years'),
        city: fact('Rotterdam', 'Rotterdam'),
        hours_per_week: fact(30, 'around 30 hours'),
        start_date: fact(next('02-01'), 'from 1 February'),
        diploma: fact(true, 'yes, NVQ level 3'),
      },
    },
    {
      id: 'mixed-nails',
      name: 'Ana',
      language: 'mixed',
      style: 'English and Dutch mixed, role and city in the opening',
      opening: "Hoi, I'm a nail stylist, zoek werk in Amsterdam",
      openingGives: ['role', 'city'],
      facts: {
        role: role('beautician', 'nail stylist'),
        experience_years: fact(2, '2 jaar'),
        city: fact('Amsterdam', 'Amsterdam'),
        hours_per_week: fact(16, '16 hours'),
        start_date: fact(inDays(7), 'over 1 week'),
        diploma: fact(false, 'no diploma'),
      },
    },
    {
      id: 'abbrev-city',
      name: 'Jay',
      language: 'nl',
      style: "abbreviations, r'dam for Rotterdam",
      opening: "hallo zoek werk als barbier in r'dam",
      openingGives: ['role', 'city'],
      facts: {
        role: role('barber', 'barbier'),
        experience_years: fact(3, '3 jr ofzo'),
        city: fact('Rotterdam', "r'dam"),
        hours_per_week: fact(40, 'fulltime'),
        start_date: fact(today(), 'zsm'),
        diploma: fact(false, 'nee helaas'),
      },
    },
    {
      id: 'numbers-with-signs',
      name: 'Iris',
      language: 'nl',
      style: 'numbers with plus signs and dashes',
      opening: 'Hoi, ik ben kapster.',
      openingGives: ['role'],
      facts: {
        role: role('hairdresser', 'kapster'),
        experience_years: fact(10, '10+'),
        city: fact('Zoetermeer', 'Zoetermeer'),
        hours_per_week: fact(32, '32-36 uur', { range: [32, 36] }),
        start_date: fact(next('01-15'), '15 januari'),
        diploma: fact(true, 'ja'),
      },
    },
    {
      id: 'en-days',
      name: 'Grace',
      language: 'en',
      style: 'English, hours as days, a month half',
      opening: 'Good morning, I would like to apply as a beautician.',
      openingGives: ['role'],
      facts: {
        role: role('beautician', 'beautician'),
        experience_years: fact(5, 'five years'),
        city: fact('Utrecht', 'Utrecht'),
        hours_per_week: fact(24, '3 days a week'),
        start_date: fact(next('01-15'), 'mid January'),
        diploma: fact(true, 'yes I do'),
      },
    },
    {
      id: 'greeting-only',
      name: 'Julia',
      language: 'nl',
      style: 'opens with a bare greeting, then answers in short sentences',
      opening: 'Hoi',
      openingGives: [],
      facts: {
        role: role('hairdresser', 'ik zoek iets als kapper'),
        experience_years: fact(6, '6 jaar'),
        city: fact('Den Haag', 'Den Haag'),
        hours_per_week: fact(32, '32 uur'),
        start_date: fact(next('03-01'), '1 maart'),
        diploma: fact(true, 'ja'),
      },
    },
    {
      id: 'run-on',
      name: 'milan',
      language: 'nl',
      style: 'everything in one run-on message without punctuation',
      opening: 'hoi ik ben kapper 4 jaar ervaring woon in leiden en zoek 32 uur per week kan per direct beginnen heb mijn diploma',
      openingGives: ['role', 'experience_years', 'city', 'hours_per_week', 'start_date', 'diploma'],
      facts: {
        role: role('hairdresser', 'kapper'),
        experience_years: fact(4, '4 jaar'),
        city: fact('Leiden', 'leiden'),
        hours_per_week: fact(32, '32 uur'),
        start_date: fact(today(), 'per direct'),
        diploma: fact(true, 'ja heb mijn diploma'),
      },
    },
    {
      id: 'two-towns',
      name: 'Thijs',
      language: 'nl',
      style: 'chatty: names the town he works in now and the one he wants',
      opening:
        'Hallo! Ik zag jullie vacature op Instagram. Ik ben barbier en werk nu in Nijmegen, maar ik wil graag dichter bij huis werken, in Arnhem. Ik kan per 1 februari beginnen.',
      openingGives: ['role', 'city', 'start_date'],
      facts: {
        role: role('barber', 'barbier'),
        experience_years: fact(4, '4 jaar'),
        city: fact('Arnhem', 'Arnhem'),
        hours_per_week: fact(36, '36 uur'),
        start_date: fact(next('02-01'), '1 februari'),
        diploma: fact(false, 'nee'),
      },
    },
    {
      id: 'repeats-nl',
      name: 'Romy',
      language: 'nl',
      style: 'role and years in the opening; says "zei ik al" when asked again',
      opening: 'Hoi, ik ben kapster met 5 jaar ervaring',
      openingGives: ['role', 'experience_years'],
      repeatPrefix: 'Zei ik al 🙂 ',
      facts: {
        role: role('hairdresser', 'kapster'),
        experience_years: fact(5, '5 jaar'),
        city: fact('Amersfoort', 'Amersfoort'),
        hours_per_week: fact(24, '24 uur'),
        start_date: fact(inDays(21), 'over 3 weken'),
        diploma: fact(true, 'ja'),
      },
    },
    {
      id: 'repeats-en',
      name: 'Daniel',
      language: 'en',
      style: 'English; role, years and city in the opening; "as I said" when asked again',
      opening: "Hi, I'm a barber with 3 years of experience, looking for a job in Utrecht",
      openingGives: ['role', 'experience_years', 'city'],
      repeatPrefix: 'As I said, ',
      facts: {
        role: role('barber', 'barber'),
        experience_years: fact(3, '3 years'),
        city: fact('Utrecht', 'Utrecht'),
        hours_per_week: fact(32, '32 hours'),
        start_date: fact(today(), 'asap'),
        diploma: fact(false, 'no'),
      },
    },
    {
      id: 'emoji-nails',
      name: 'Bo',
      language: 'nl',
      style: 'emoji, even for numbers',
      opening: '💅💅 nagels! zoek werk',
      openingGives: ['role'],
      facts: {
        role: role('beautician', 'nagels 💅'),
        experience_years: fact(2, '2️⃣ jaar'),
        city: fact('Tilburg', 'Tilburg 📍'),
        hours_per_week: fact(24, '24 uur 🕐'),
        start_date: fact(next('03-01'), '1 maart 🗓️'),
        diploma: fact(false, 'nee 🙈'),
      },
    },
    {
      id: 'days-weekday',
      name: 'Peter',
      language: 'nl',
      style: 'hours as days, a weekday for a start',
      opening: 'Goedenavond, ik ben herenkapper',
      openingGives: ['role'],
      facts: {
        role: role('barber', 'herenkapper'),
        experience_years: fact(20, '20 jaar'),
        city: fact('Enschede', 'Enschede'),
        hours_per_week: fact(40, '5 dagen'),
        start_date: fact(nextWeekday(1), 'vanaf maandag'),
        diploma: fact(true, 'ja'),
      },
    },
    {
      id: 'en-lowercase',
      name: 'sam',
      language: 'en',
      style: 'English, lower case, short forms',
      opening: 'hi im looking for hairdresser jobs',
      openingGives: ['role'],
      facts: {
        role: role('hairdresser', 'hairdresser'),
        experience_years: fact(2, '2 yrs'),
        city: fact('Den Haag', 'den haag'),
        hours_per_week: fact(24, '24h'),
        start_date: fact(today(), 'asap'),
        diploma: fact(false, 'nope'),
      },
    },
    {
      id: 'beauty-salon-manager-en',
      name: 'Laura',
      language: 'en',
      style: 'English, a manager who gives years and hours in the opening',
      opening: 'Hello! I have managed a beauty salon for 7 years and I am looking for a new salon manager position, 36 hours a week.',
      openingGives: ['role', 'experience_years', 'hours_per_week'],
      facts: {
        role: role('salon_manager', 'salon manager'),
        experience_years: fact(7, '7 years'),
        city: fact('Amsterdam', 'Amsterdam'),
        hours_per_week: fact(36, '36 hours'),
        start_date: fact(next('04-01'), 'from April 1st'),
        diploma: fact(true, 'yes'),
        team_size: fact(6, 'a team of 6'),
      },
    },
  ];
}
