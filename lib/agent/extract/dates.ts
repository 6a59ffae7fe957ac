// Start dates in Dutch and English. chrono-node reads the calendar phrases ("1 maart",
// "15 december", "next Monday"); the phrases a candidate uses for "when I can start" that
// chrono does not know ("per direct", "half januari", "na de zomer") are read here first.
import * as chrono from 'chrono-node';
import type { ExtractContext, Finding } from './finding';

const MONTHS = new Map<string, number>([
  ['januari', 0], ['january', 0], ['jan', 0], ['februari', 1], ['february', 1], ['feb', 1], ['maart', 2], ['march', 2], ['mrt', 2],
  ['april', 3], ['apr', 3], ['mei', 4], ['may', 4], ['juni', 5], ['june', 5], ['juli', 6], ['july', 6], ['augustus', 7], ['august', 7], ['aug', 7],
  ['september', 8], ['sept', 8], ['sep', 8], ['oktober', 9], ['october', 9], ['okt', 9], ['oct', 9], ['november', 10], ['nov', 10], ['december', 11], ['dec', 11],
]);
const MONTH_WORDS = [...MONTHS.keys()].join('|');

export interface Day {
  year: number;
  month: number; // 0-11
  day: number;
}

/** Today's calendar date where the agency is. */
const dayFormats = new Map<string, Intl.DateTimeFormat>();

// Every reader of one message asks for the same moment: the last answer is kept.
let lastDay: { time: number; timeZone: string; day: Day } | undefined;

export function localDay(now: Date, timeZone = 'Europe/Amsterdam'): Day {
  const time = now.getTime();
  if (lastDay && lastDay.time === time && lastDay.timeZone === timeZone) return { ...lastDay.day };
  let format = dayFormats.get(timeZone);
  if (!format) dayFormats.set(timeZone, (format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  const parts = format.formatToParts(now);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const day = { year: get('year'), month: get('month') - 1, day: get('day') };
  lastDay = { time, timeZone, day: { ...day } };
  return day;
}

const utc = (d: Day) => new Date(Date.UTC(d.year, d.month, d.day));
const dayOf = (date: Date): Day => ({ year: date.getUTCFullYear(), month: date.getUTCMonth(), day: date.getUTCDate() });
export const isoDay = (d: Day) => utc(d).toISOString().slice(0, 10);
const plusDays = (d: Day, n: number) => dayOf(new Date(Date.UTC(d.year, d.month, d.day + n)));
const lastDayOf = (year: number, month: number) => new Date(Date.UTC(year, month + 1, 0)).getUTCDate();

/** The first moment of `month` (with `day`) that is not before today. */
function upcoming(today: Day, month: number, day: number | 'last'): Day {
  const at = (year: number) => ({ year, month, day: day === 'last' ? lastDayOf(year, month) : Math.min(day, lastDayOf(year, month)) });
  const thisYear = at(today.year);
  return utc(thisYear) >= utc(today) ? thisYear : at(today.year + 1);
}

const NUMBER = '(\\d{1,2}|een|one|a|twee|two|drie|three|vier|four|vijf|five|zes|six|acht|eight|tien|ten)';
const SMALL = new Map<string, number>([['een', 1], ['one', 1], ['a', 1], ['twee', 2], ['two', 2], ['drie', 3], ['three', 3], ['vier', 4], ['four', 4], ['vijf', 5], ['five', 5], ['zes', 6], ['six', 6], ['acht', 8], ['eight', 8], ['tien', 10], ['ten', 10]]);
const count = (word: string) => (/^\d+$/.test(word) ? Number(word) : (SMALL.get(word) ?? 1));

const START = '(?:per|vanaf|from|starting|start|beginnen|begin|starten|instromen|beschikbaar|available)';
/** A start word right before a position: "per", "vanaf", "from"... */
const AFTER_START = new RegExp(`${START}\\s*$`);
/** Words before a date that make it the end of something else ("ik werk nog tot eind februari"). */
const UNTIL = /(tot|t m|tm|until|till|nog tot|through)\s*$/;

interface Rule {
  pattern: RegExp;
  /** Null when the phrase is only a date when the bot asked for one. */
  day: (m: RegExpExecArray, today: Day) => Day | null;
  bare?: boolean;
  /** A season or holiday: a precise date in the same message wins. */
  vague?: boolean;
}

const w = (body: string) => new RegExp(`(?<![\\p{L}\\p{N}])(?:${body})(?![\\p{L}\\p{N}])`, 'gu');

const RULES: Rule[] = [
  {
    pattern: w('per direct|per meteen|per omgaande|zo snel mogelijk|zo spoedig mogelijk|zsm|z s m|asap|a s a p|as soon as possible|right away|straight away|immediately|(?:direct|meteen|gelijk|nu|vandaag|now|today) (?:al )?(?:beginnen|starten|aan de slag|begin|start|werken)|(?:beginnen|starten|start|begin) (?:direct|meteen|gelijk|nu|vandaag|now|today)|(?:kan|can) (?:direct|meteen|gelijk|nu|per direct)|van harte direct'),
    day: (_m, today) => today,
  },
  { pattern: w('direct|meteen|gelijk|nu|vandaag|now|today|nu al|whenever|wanneer jullie willen'), day: (_m, today) => today, bare: true },
  { pattern: w('overmorgen|day after tomorrow'), day: (_m, today) => plusDays(today, 2) },
  { pattern: w('morgen|tomorrow'), day: (_m, today) => plusDays(today, 1), bare: true },
  {
    pattern: w(`(?:over|in|binnen|within|na|after)\\s+(?:ongeveer\\s+|about\\s+|een\\s+)?${NUMBER}\\s+(dag|dagen|dagje|days?|week|weken|weekje|weeks?|maand|maanden|maandje|months?)`),
    day: (m, today) => {
      const n = count(m[1]!);
      const unit = m[2]!;
      if (unit.startsWith('d')) return plusDays(today, n);
      if (unit.startsWith('w')) return plusDays(today, n * 7);
      return dayOf(new Date(Date.UTC(today.year, today.month + n, today.day)));
    },
  },
  { pattern: w('volgende week|next week|komende week|deze week nog'), day: (_m, today) => plusDays(today, ((8 - utc(today).getUTCDay()) % 7) || 7) },
  { pattern: w('volgende maand|next month|komende maand'), day: (_m, today) => dayOf(new Date(Date.UTC(today.year, today.month + 1, 1))) },
  { pattern: w('na de zomer(?:vakantie)?|after the summer(?: holidays?)?|na de zomervakantie|in september'), day: (_m, today) => upcoming(today, 8, 1), vague: true },
  { pattern: w('na de (?:kerst|feestdagen|jaarwisseling)|na kerst|na nieuwjaar|in het nieuwe jaar|after christmas|after the holidays|in the new year|begin volgend jaar|early next year'), day: (_m, today) => ({ year: today.year + 1, month: 0, day: 1 }), vague: true },
  {
    // "de 15e maart", "the 15th of March": chrono reads these without the suffix only.
    pattern: w(`(\\d{1,2})(?:e|ste|de|th|st|nd|rd)\\s+(?:of\\s+)?(${MONTH_WORDS})`),
    day: (m, today) => upcoming(today, MONTHS.get(m[2]!)!, Number(m[1])),
  },
  {
    // "vanaf de 15e", "per de 1e", "from the 15th": that day of this month, or of the next.
    pattern: w(`(?:de|the)\\s+(\\d{1,2})(?:e|ste|de|th|st|nd|rd)(?!\\s+(?:of\\s+)?(?:${MONTH_WORDS})(?![\\p{L}]))`),
    day: (m, today) => {
      const day = Number(m[1]);
      if (day < 1 || day > 31) return null;
      const thisMonth = { year: today.year, month: today.month, day };
      if (day <= lastDayOf(today.year, today.month) && day >= today.day) return thisMonth;
      const next = dayOf(new Date(Date.UTC(today.year, today.month + 1, 1)));
      return { ...next, day: Math.min(day, lastDayOf(next.year, next.month)) };
    },
  },
  {
    pattern: w(`(begin|start|early|beginning of|the beginning of|half|medio|midden|mid|halverwege|eind|einde|end of|the end of|late|eind van|einde van) (${MONTH_WORDS})`),
    day: (m, today) => {
      const month = MONTHS.get(m[2]!)!;
      const at = m[1]!;
      const day = /half|medio|midden|mid/.test(at) ? 15 : /eind|end|late/.test(at) ? 'last' : 1;
      return upcoming(today, month, day);
    },
  },
];

/** "36 hours a week" or "4 days" is an amount of work, not "that long from now"; "now" alone is not a start date. */
const DURATION = /(\d+|\b(?:one|two|three|four|five|six|seven|een|twee|drie|vier|vijf|zes|zeven|half|a))\s*(hours?|hrs?|h|u|days?|weeks?|years?|months?|uur|uren|dagen|weken|jaar|jaren|maanden)\b|^\s*(now|nu)\s*$/i;
const WEEKDAY = /(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|monday|tuesday|wednesday|thursday|friday|saturday|sunday)/i;

interface DateHit {
  start: number;
  end: number;
  day: Day;
  contextual: boolean;
  vague?: boolean;
}

function fromRules(ctx: ExtractContext, today: Day): DateHit[] {
  const hits: DateHit[] = [];
  for (const rule of RULES) {
    for (const m of ctx.folded.matchAll(rule.pattern)) {
      const start = m.index;
      const end = start + m[0].length;
      if (hits.some((h) => start < h.end && h.start < end)) continue;
      const day = rule.day(m as RegExpExecArray, today);
      if (day) hits.push({ start, end, day, contextual: !rule.bare || AFTER_START.test(ctx.folded.slice(0, start)), vague: rule.vague });
    }
  }
  return hits;
}

function fromChrono(ctx: ExtractContext, today: Day, taken: DateHit[]): DateHit[] {
  const reference = new Date(Date.UTC(today.year, today.month, today.day, 12));
  // The longest reading of a phrase wins ("15th of December" over "December").
  const results = [...chrono.nl.parse(ctx.text, reference, { forwardDate: true }), ...chrono.en.parse(ctx.text, reference, { forwardDate: true })]
    .filter((r) => !DURATION.test(r.text))
    .sort((a, b) => b.text.length - a.text.length);
  const hits: DateHit[] = [];
  for (const r of results) {
    const start = r.index;
    const end = r.index + r.text.length;
    if ([...taken, ...hits].some((h) => start < h.end && h.start < end)) continue;
    const component = r.start;
    const hasDay = component.isCertain('day') || component.isCertain('month');
    const weekdayOnly = component.isCertain('weekday') && !hasDay;
    if (!hasDay && !weekdayOnly) continue; // a time of day ("om 8 uur") is no start date
    const day = { year: component.get('year')!, month: component.get('month')! - 1, day: component.get('day')! };
    // A bare "1/3" or "15-12" is a date only when the bot asked for one.
    // "op vrijdag ben ik vrij", "every Monday": a day of the week that recurs is no start date.
    if (weekdayOnly && /(op|on|elke|iedere|every|s|des)\s*$/.test(ctx.folded.slice(Math.max(0, start - 8), start))) continue;
    if (weekdayOnly && /^(op|on|elke|iedere|every)\s/i.test(r.text)) continue;
    // "vrij" (free) and "do" are chrono's short weekdays; only a weekday written out counts.
    if (weekdayOnly && !WEEKDAY.test(r.text)) continue;
    const numeric = /^[\d\s/.-]+$/.test(r.text);
    const marked = AFTER_START.test(ctx.folded.slice(0, start));
    hits.push({ start, end, day, contextual: !numeric && (!weekdayOnly || marked) });
  }
  return hits;
}

/** "15-12", "1/3/2027", "2027-03-01": day first, as written in the Netherlands and Belgium. */
function numericDates(ctx: ExtractContext, today: Day, taken: DateHit[]): DateHit[] {
  const hits: DateHit[] = [];
  for (const m of ctx.text.matchAll(/(?<![\d.,/-])(?:(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})[-/.](\d{1,2})(?:[-/.](\d{4}|\d{2}))?)(?![\d.,/-])/g)) {
    const start = m.index;
    const end = start + m[0].length;
    if (taken.some((h) => start < h.end && h.start < end)) continue;
    const [year, month, day] = m[1] ? [Number(m[1]), Number(m[2]), Number(m[3])] : [m[6] ? Number(m[6].length === 2 ? `20${m[6]}` : m[6]) : undefined, Number(m[5]), Number(m[4])];
    if (month < 1 || month > 12 || day < 1 || day > lastDayOf(year ?? today.year, month - 1)) continue;
    const found = year === undefined ? upcoming(today, month - 1, day) : { year, month: month - 1, day };
    hits.push({ start, end, day: found, contextual: Boolean(m[1]) || AFTER_START.test(ctx.folded.slice(0, start)) });
  }
  return hits;
}

/** Start dates a message names, today or later. */
export function dateFindings(questionId: string, ctx: ExtractContext, label: (iso: string) => string): Finding[] {
  const today = localDay(ctx.today);
  const rules = fromRules(ctx, today);
  const numeric = numericDates(ctx, today, rules);
  const hits = [...rules, ...numeric, ...fromChrono(ctx, today, [...rules, ...numeric])].sort((a, b) => a.start - b.start);
  const out: Finding[] = [];
  for (const hit of hits) {
    if (utc(hit.day) < utc(today)) continue;
    if (UNTIL.test(ctx.folded.slice(0, hit.start))) continue;
    const iso = isoDay(hit.day);
    out.push({ questionId, value: iso, label: label(iso), start: hit.start, end: hit.end, contextual: hit.contextual, weak: hit.vague });
  }
  return out;
}
