// The monthly WhatsApp cost estimate, aggregated in SQL (a month of a million messages is
// grouped in the database; JavaScript only prices a few hundred groups).
//
// Measured: what status webhooks said Meta billed (their `pricing` and `conversation`).
// Derived, where a message carries no pricing (the sandbox, the legacy API, statuses not
// received yet): per message, a template is charged by the category it was approved in
// (utility only outside the 24-hour window), a free-form reply as "service"; per
// conversation, a candidate's message after 24 hours of silence opens a service
// conversation, and a template sent outside an open window opens one of its category.
import { z } from 'zod';
import { Prisma, readDb } from '../db/client';
import { WINDOW_INTERVAL_SQL, windowOpenAtSql } from '../conversations/window';
import { refreshCostRollups } from './rollup';
import { CATEGORIES, loadPricing, rateFor, type Category, type PricingSettings } from './settings';

export const monthParam = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'month must look like 2026-11');

interface UnitRow {
  day: Date;
  category: string;
  measured: boolean;
  charged: boolean;
  prefix: string;
  vacancy: string | null;
  units: bigint;
}

export interface CostEstimate {
  month: string;
  timeZone: string;
  currency: 'EUR';
  model: PricingSettings['model'];
  totals: { messages: number; measured: number; derived: number; platformFee: number; total: number };
  byCategory: { category: Category; units: number; chargedUnits: number; measuredUnits: number; derivedUnits: number; eur: number }[];
  byDay: { date: string; eur: number; byCategory: Record<Category, number> }[];
  projection: { daysElapsed: number; daysInMonth: number; messages: number; total: number };
  leads: {
    count: number;
    qualified: number;
    costPerLead: number | null;
    costPerQualifiedLead: number | null;
    byVacancy: { vacancy: string; leads: number; qualified: number; eur: number; costPerLead: number | null }[];
  };
  planner: PricingSettings['planner'] & { monthlyLeads: number; messages: number; total: number; differenceWithReal: number };
}

const round = (value: number) => Math.round(value * 100) / 100;
const asCategory = (value: string): Category => ((CATEGORIES as readonly string[]).includes(value) ? (value as Category) : 'service');

function prefixCase(settings: PricingSettings): Prisma.Sql {
  const prefixes = Object.keys(settings.countryRates).sort((a, b) => b.length - a.length);
  if (prefixes.length === 0) return Prisma.sql`''`;
  const whens = prefixes.map((p) => Prisma.sql`WHEN ct.wa_id LIKE ${`${p}%`} THEN ${p}`);
  return Prisma.sql`CASE ${Prisma.join(whens, ' ')} ELSE '' END`;
}

async function bounds(month: string, timeZone: string) {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const [row] = await readDb().$queryRaw<{ start: Date; end: Date }[]>`
    SELECT (make_timestamp(${year}::int, ${m}::int, 1, 0, 0, 0) AT TIME ZONE ${timeZone}) AS start,
           ((make_timestamp(${year}::int, ${m}::int, 1, 0, 0, 0) + interval '1 month') AT TIME ZONE ${timeZone}) AS "end"`;
  return row!;
}

async function perMessageUnits(start: Date, end: Date, settings: PricingSettings) {
  // From the roll-up (lib/costs/rollup.ts): one row per conversation and day.
  await refreshCostRollups(settings.timeZone);
  // Its sum per day, category, number prefix (four digits: rateFor picks the country) and vacancy.
  return readDb().$queryRaw<UnitRow[]>`
    SELECT day, category, measured, charged, prefix, NULLIF(vacancy, '') AS vacancy, units::bigint AS units
    FROM cost_totals
    WHERE time_zone = ${settings.timeZone} AND units <> 0
      AND day >= (${start}::timestamptz AT TIME ZONE ${settings.timeZone})::date
      AND day < (${end}::timestamptz AT TIME ZONE ${settings.timeZone})::date`;
}

function perConversationUnits(start: Date, end: Date, settings: PricingSettings) {
  return readDb().$queryRaw<UnitRow[]>`
    WITH measured AS (
      SELECT m.wa_conversation_id, min(COALESCE(m.sent_at, m.accepted_at, m.occurred_at)) AS at,
        min(m.pricing_category) AS category, bool_or(COALESCE(m.billable, m.pricing_type = 'regular', true)) AS charged,
        min(${prefixCase(settings)}) AS prefix, min(ct.vacancy) AS vacancy
      FROM messages m JOIN conversations c ON c.id = m.conversation_id JOIN contacts ct ON ct.id = c.contact_id
      WHERE m.direction = 'OUTBOUND' AND m.wa_conversation_id IS NOT NULL AND m.status IN ('SENT', 'DELIVERED', 'READ')
      GROUP BY m.wa_conversation_id
    ), threads_with_measures AS (
      SELECT DISTINCT m.conversation_id FROM messages m
      WHERE m.direction = 'OUTBOUND' AND m.wa_conversation_id IS NOT NULL AND m.occurred_at >= ${start}::timestamptz - interval '1 day' AND m.occurred_at < ${end}
    ), inbound AS (
      SELECT m.conversation_id, m.occurred_at AS at,
        lag(m.occurred_at) OVER (PARTITION BY m.conversation_id ORDER BY m.occurred_at) AS previous
      FROM messages m
      WHERE m.direction = 'INBOUND' AND m.group_id IS NULL AND m.occurred_at >= ${start}::timestamptz - interval '1 day' AND m.occurred_at < ${end}
        AND m.conversation_id NOT IN (SELECT conversation_id FROM threads_with_measures)
    ), derived_service AS (
      SELECT i.at, 'service' AS category, ${prefixCase(settings)} AS prefix, ct.vacancy
      FROM inbound i JOIN conversations c ON c.id = i.conversation_id JOIN contacts ct ON ct.id = c.contact_id
      WHERE (i.previous IS NULL OR i.at - i.previous >= ${Prisma.raw(WINDOW_INTERVAL_SQL)}) AND i.at >= ${start}
    ), derived_templates AS (
      SELECT COALESCE(m.sent_at, m.accepted_at, m.occurred_at) AS at, COALESCE(m.template_category, 'utility') AS category,
        ${prefixCase(settings)} AS prefix, ct.vacancy
      FROM messages m JOIN conversations c ON c.id = m.conversation_id JOIN contacts ct ON ct.id = c.contact_id
      WHERE m.direction = 'OUTBOUND' AND m.type = 'template' AND m.wa_conversation_id IS NULL
        AND m.status IN ('SENT', 'DELIVERED', 'READ')
        AND COALESCE(m.sent_at, m.accepted_at, m.occurred_at) >= ${start} AND COALESCE(m.sent_at, m.accepted_at, m.occurred_at) < ${end}
        AND NOT ${Prisma.raw(windowOpenAtSql('m.conversation_id', 'm.occurred_at'))}
    ), units AS (
      SELECT at, category, true AS measured, charged, prefix, vacancy FROM measured WHERE at >= ${start} AND at < ${end}
      UNION ALL SELECT at, category, false, true, prefix, vacancy FROM derived_service
      UNION ALL SELECT at, category, false, true, prefix, vacancy FROM derived_templates
    )
    SELECT (at AT TIME ZONE ${settings.timeZone})::date AS day, category, measured, charged, prefix, vacancy, count(*) AS units
    FROM units GROUP BY 1, 2, 3, 4, 5, 6`;
}

/** Days of the month that have passed, in the agency's time zone (all of them for a past month, 0 for a future one). */
function daysElapsed(start: Date, end: Date, now: Date, daysInMonth: number): number {
  if (now >= end) return daysInMonth;
  if (now < start) return 0;
  return Math.min(daysInMonth, Math.floor((now.getTime() - start.getTime()) / 86_400_000) + 1);
}

export async function estimateCosts(month: string, settings: PricingSettings, now = new Date()): Promise<CostEstimate> {
  const { start, end } = await bounds(monthParam.parse(month), settings.timeZone);
  const rows = settings.model === 'per_message' ? await perMessageUnits(start, end, settings) : await perConversationUnits(start, end, settings);
  // A lead: a candidate whose first message came this month.
  const leadRows = await readDb().$queryRaw<{ vacancy: string | null; leads: bigint; qualified: bigint }[]>`
    SELECT vacancy, count(*) AS leads, count(*) FILTER (WHERE qualification = 'QUALIFIED') AS qualified
    FROM contacts WHERE created_at >= ${start} AND created_at < ${end} GROUP BY vacancy`;

  const daysInMonth = Math.round((end.getTime() - start.getTime()) / 86_400_000);
  const empty = () => Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
  const byCategory = new Map(CATEGORIES.map((category) => [category, { category, units: 0, chargedUnits: 0, measuredUnits: 0, derivedUnits: 0, eur: 0 }]));
  const byDay = new Map<string, { date: string; eur: number; byCategory: Record<Category, number> }>();
  const byVacancy = new Map<string, number>();
  let measured = 0;
  let derived = 0;
  for (const row of rows) {
    const category = asCategory(row.category);
    const units = Number(row.units);
    const eur = row.charged ? units * rateFor(settings, category, row.prefix || null) : 0;
    const entry = byCategory.get(category)!;
    entry.units += units;
    if (row.charged) entry.chargedUnits += units;
    if (row.measured) entry.measuredUnits += units;
    else entry.derivedUnits += units;
    entry.eur += eur;
    if (row.measured) measured += eur;
    else derived += eur;
    const date = row.day.toISOString().slice(0, 10);
    const day = byDay.get(date) ?? { date, eur: 0, byCategory: empty() };
    day.eur += eur;
    day.byCategory[category] += eur;
    byDay.set(date, day);
    const vacancy = row.vacancy ?? 'unknown';
    byVacancy.set(vacancy, (byVacancy.get(vacancy) ?? 0) + eur);
  }
  const messages = measured + derived;
  const elapsed = daysElapsed(start, end, now, daysInMonth);
  const projectedMessages = elapsed === 0 ? 0 : elapsed >= daysInMonth ? messages : (messages / elapsed) * daysInMonth;
  const leads = leadRows.reduce((n, r) => n + Number(r.leads), 0);
  const qualified = leadRows.reduce((n, r) => n + Number(r.qualified), 0);
  const total = messages + settings.platformFeePerMonth;
  const vacancies = new Set([...leadRows.map((r) => r.vacancy ?? 'unknown'), ...byVacancy.keys()]);
  const monthlyLeads = settings.planner.leadsPerWeek * 4;
  const plannerMessages = monthlyLeads * settings.planner.conversationsPerLead * settings.planner.pricePerConversation;

  return {
    month,
    timeZone: settings.timeZone,
    currency: 'EUR',
    model: settings.model,
    totals: { messages: round(messages), measured: round(measured), derived: round(derived), platformFee: settings.platformFeePerMonth, total: round(total) },
    byCategory: [...byCategory.values()].map((c) => ({ ...c, eur: round(c.eur) })),
    byDay: [...byDay.values()]
      .sort((a, b) => a.date.localeCompare(b.date))
      .map((d) => ({ ...d, eur: round(d.eur), byCategory: Object.fromEntries(Object.entries(d.byCategory).map(([k, v]) => [k, round(v)])) as Record<Category, number> })),
    projection: {
      daysElapsed: elapsed,
      daysInMonth,
      messages: round(projectedMessages),
      total: round(projectedMessages + (elapsed === 0 ? 0 : settings.platformFeePerMonth)),
    },
    leads: {
      count: leads,
      qualified,
      costPerLead: leads ? round(total / leads) : null,
      costPerQualifiedLead: qualified ? round(total / qualified) : null,
      byVacancy: [...vacancies].sort().map((vacancy) => {
        const row = leadRows.find((r) => (r.vacancy ?? 'unknown') === vacancy);
        const vacancyLeads = Number(row?.leads ?? 0);
        const eur = round(byVacancy.get(vacancy) ?? 0);
        return { vacancy, leads: vacancyLeads, qualified: Number(row?.qualified ?? 0), eur, costPerLead: vacancyLeads ? round(eur / vacancyLeads) : null };
      }),
    },
    planner: {
      ...settings.planner,
      monthlyLeads,
      messages: round(plannerMessages),
      total: round(plannerMessages + settings.platformFeePerMonth),
      differenceWithReal: round(plannerMessages - messages),
    },
  };
}

/** The same figures as CSV, one line per day and category, with the totals at the end. */
export function toCsv(estimate: CostEstimate): string {
  const lines = [['date', ...CATEGORIES, 'total_eur'].join(',')];
  for (const day of estimate.byDay) lines.push([day.date, ...CATEGORIES.map((c) => day.byCategory[c].toFixed(2)), day.eur.toFixed(2)].join(','));
  lines.push(['messages', ...CATEGORIES.map((c) => estimate.byCategory.find((x) => x.category === c)!.eur.toFixed(2)), estimate.totals.messages.toFixed(2)].join(','));
  lines.push(['platform_fee', ...CATEGORIES.map(() => ''), estimate.totals.platformFee.toFixed(2)].join(','));
  lines.push(['total', ...CATEGORIES.map(() => ''), estimate.totals.total.toFixed(2)].join(','));
  return `${lines.join('\n')}\n`;
}

/** This month, in the agency's time zone ("2026-11"). */
export function currentMonth(timeZone: string, now = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(now);
  return `${parts.find((p) => p.type === 'year')!.value}-${parts.find((p) => p.type === 'month')!.value}`;
}

/** The estimate for `?month=YYYY-MM` of a request (default: this month), with the pricing in force. */
export async function estimateForRequest(request: Request): Promise<CostEstimate> {
  const settings = await loadPricing();
  const month = monthParam.parse(new URL(request.url).searchParams.get('month') ?? currentMonth(settings.timeZone));
  return estimateCosts(month, settings);
}
