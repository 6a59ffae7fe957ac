// The cost estimate from known messages and statuses: exact euros under both models.
import { describe, expect, it } from 'vitest';
import { estimateCosts, toCsv } from '../lib/costs/estimate';
import { ANALYZE_AFTER, refreshCostRollups, STALE } from '../lib/costs/rollup';
import { defaultPricing, type PricingSettings } from '../lib/costs/settings';
import { db } from '../lib/db/client';
import { useIsolatedDatabase } from './helpers/isolated-database';
import { uniquePhone } from './helpers/webhook';

await useIsolatedDatabase();

const settings = (overrides: Partial<PricingSettings> = {}): PricingSettings => ({
  ...defaultPricing(),
  platformFeePerMonth: 49,
  perMessage: { marketing: 0.1, utility: 0.05, authentication: 0.04, service: 0 },
  perConversation: { marketing: 0.1, utility: 0.05, authentication: 0.04, service: 0.02 },
  ...overrides,
});

async function thread(options: { createdAt?: Date; vacancy?: string; qualification?: 'QUALIFIED' | 'MAYBE'; waId?: string } = {}) {
  const waId = options.waId ?? uniquePhone();
  const contact = await db().contact.create({
    data: {
      identity: waId,
      waId,
      vacancy: options.vacancy,
      qualification: options.qualification,
      createdAt: options.createdAt ?? new Date('2026-03-10T09:00:00Z'),
      conversation: { create: {} },
    },
    include: { conversation: true },
  });
  return contact.conversation!.id;
}

type Pricing = { category: string; type: string; billable: boolean; model?: string; conversationId?: string };

async function outbound(conversationId: string, at: string, options: { template?: string; pricing?: Pricing; status?: 'SENT' | 'READ' | 'FAILED' | 'CANCELLED' } = {}) {
  await db().message.create({
    data: {
      conversationId,
      direction: 'OUTBOUND',
      author: 'BOT',
      type: options.template ? 'template' : 'text',
      templateCategory: options.template ?? null,
      payload: {},
      occurredAt: new Date(at),
      sentAt: new Date(at),
      status: options.status ?? 'READ',
      pricingCategory: options.pricing?.category,
      pricingType: options.pricing?.type,
      billable: options.pricing?.billable,
      pricingModel: options.pricing ? (options.pricing.model ?? 'PMP') : null,
      waConversationId: options.pricing?.conversationId,
    },
  });
}

async function inbound(conversationId: string, at: string) {
  await db().message.create({
    data: { conversationId, direction: 'INBOUND', author: 'CANDIDATE', type: 'text', text: 'hoi', payload: {}, occurredAt: new Date(at), status: 'RECEIVED' },
  });
}

describe('per delivered message (Meta since July 2025)', () => {
  it('charges what WhatsApp billed, derives the rest, and splits them', async () => {
    const a = await thread({ vacancy: 'hairdresser', qualification: 'QUALIFIED' });
    // Measured: what status webhooks reported.
    await outbound(a, '2026-03-10T10:00:00Z', { pricing: { category: 'service', type: 'free_customer_service', billable: false } });
    await outbound(a, '2026-03-10T11:00:00Z', { template: 'marketing', pricing: { category: 'marketing', type: 'regular', billable: true } });
    await outbound(a, '2026-03-11T11:00:00Z', { template: 'utility', pricing: { category: 'utility', type: 'regular', billable: true } });
    await outbound(a, '2026-03-11T12:00:00Z', { template: 'utility', pricing: { category: 'utility', type: 'free_customer_service', billable: false } });
    // Derived: no pricing came back.
    const b = await thread({ vacancy: 'barber' });
    await outbound(b, '2026-03-12T10:00:00Z', { template: 'marketing' });
    await inbound(b, '2026-03-12T11:00:00Z');
    await outbound(b, '2026-03-12T12:00:00Z', { template: 'utility' }); // inside the window: free
    await outbound(b, '2026-03-14T12:00:00Z', { template: 'utility' }); // window closed: charged
    await outbound(b, '2026-03-12T11:30:00Z'); // a free-form reply
    // Never billed.
    await outbound(b, '2026-03-13T10:00:00Z', { template: 'marketing', status: 'FAILED' });
    await outbound(b, '2026-03-13T10:00:00Z', { template: 'marketing', status: 'CANCELLED' });

    const estimate = await estimateCosts('2026-03', settings(), new Date('2026-04-15T00:00:00Z'));
    expect(estimate.totals).toEqual({ messages: 0.3, measured: 0.15, derived: 0.15, platformFee: 49, total: 49.3 });
    const category = (name: string) => estimate.byCategory.find((c) => c.category === name)!;
    expect(category('marketing')).toMatchObject({ units: 2, chargedUnits: 2, measuredUnits: 1, derivedUnits: 1, eur: 0.2 });
    expect(category('utility')).toMatchObject({ units: 4, chargedUnits: 2, measuredUnits: 2, derivedUnits: 2, eur: 0.1 });
    expect(category('service')).toMatchObject({ units: 2, chargedUnits: 1, eur: 0 });
    expect(estimate.byDay.map((d) => [d.date, d.eur])).toEqual([
      ['2026-03-10', 0.1],
      ['2026-03-11', 0.05],
      ['2026-03-12', 0.1],
      ['2026-03-14', 0.05],
    ]);
    expect(estimate.leads).toMatchObject({ count: 2, qualified: 1, costPerLead: 24.65, costPerQualifiedLead: 49.3 });
    expect(estimate.leads.byVacancy).toEqual([
      { vacancy: 'barber', leads: 1, qualified: 0, eur: 0.15, costPerLead: 0.15 },
      { vacancy: 'hairdresser', leads: 1, qualified: 1, eur: 0.15, costPerLead: 0.15 },
    ]);
    // A past month is complete: the projection is the month itself.
    expect(estimate.projection).toMatchObject({ daysElapsed: 31, daysInMonth: 31, messages: 0.3, total: 49.3 });

    // With per-message service pricing (announced for October 2026) the free-form reply costs too.
    const withService = await estimateCosts('2026-03', settings({ perMessage: { marketing: 0.1, utility: 0.05, authentication: 0.04, service: 0.01 } }), new Date('2026-04-15T00:00:00Z'));
    expect(withService.totals.messages).toBe(0.31);
  });
});

describe('the roll-up behind the per-message estimate', () => {
  it('follows every change of what a message costs, and a candidate erased', async () => {
    const month = '2026-08';
    const now = new Date('2026-09-02T00:00:00Z');
    const before = (await estimateCosts(month, settings(), now)).totals.messages;
    const a = await thread();
    await outbound(a, '2026-08-10T10:00:00Z', { template: 'marketing' });
    // Two estimates at once recompute it once between them, and agree.
    const both = await Promise.all([estimateCosts(month, settings(), now), estimateCosts(month, settings(), now)]);
    expect(both.map((e) => e.totals.messages)).toEqual([before + 0.1, before + 0.1]);
    // A status webhook reports that WhatsApp did not bill it.
    const message = await db().message.findFirstOrThrow({ where: { conversationId: a } });
    await db().message.update({ where: { id: message.id }, data: { pricingCategory: 'marketing', pricingType: 'free_entry_point', billable: false } });
    expect((await estimateCosts(month, settings(), now)).totals.messages).toBe(before);
    await db().message.update({ where: { id: message.id }, data: { billable: true, pricingType: 'regular', deliveredAt: new Date('2026-07-31T23:30:00Z') } });
    // Delivered on 1 August in Amsterdam (UTC+2): still this month, on the 1st.
    const moved = await estimateCosts(month, settings(), now);
    expect(moved.totals.messages).toBe(before + 0.1);
    expect(moved.byDay.find((d) => d.date === '2026-08-01')?.eur).toBe(0.1);
    // Another time zone puts it in July.
    expect((await estimateCosts(month, settings({ timeZone: 'UTC' }), now)).totals.messages).toBe(before);
    // The candidate erased: their messages no longer count.
    await db().conversation.delete({ where: { id: a } });
    expect((await estimateCosts(month, settings(), now)).totals.messages).toBe(before);
  });

  it('counts a candidate under their vacancy and country as they are now', async () => {
    const month = '2026-06';
    const now = new Date('2026-07-02T00:00:00Z');
    const pricing = settings({ countryRates: { '49': { marketing: 0.3 }, '4917': { marketing: 0.5 } } });
    const waId = `4915${String(Date.now()).slice(-8)}`;
    const a = await thread({ vacancy: 'barber', waId, createdAt: new Date('2026-06-01T08:00:00Z') });
    await outbound(a, '2026-06-03T10:00:00Z', { template: 'marketing' });
    await outbound(a, '2026-06-04T10:00:00Z', { template: 'marketing' });
    const vacancies = async () =>
      Object.fromEntries((await estimateCosts(month, pricing, now)).leads.byVacancy.map((v) => [v.vacancy, v.eur]));
    expect(await vacancies()).toEqual({ barber: 0.6 });
    // The screening agent records another role: the costs move with it.
    const contact = await db().contact.findFirstOrThrow({ where: { conversation: { id: a } } });
    await db().contact.update({ where: { id: contact.id }, data: { vacancy: 'chef' } });
    expect(await vacancies()).toEqual({ chef: 0.6 });
    // A longer country prefix wins (four digits: +1 area codes, for instance).
    await db().contact.update({ where: { id: contact.id }, data: { waId: `4917${waId.slice(4)}` } });
    expect((await estimateCosts(month, pricing, now)).totals.messages).toBe(1);
    // Erasing the candidate (the contact, cascading to everything) takes their costs out.
    await db().contact.delete({ where: { id: contact.id } });
    expect((await estimateCosts(month, pricing, now)).totals.messages).toBe(0);
  });
});

describe('the roll-up at scale', () => {
  it('finds the out-of-date conversations from their index again after a large refresh', async () => {
    // Statistics taken while thousands were out of date (a restore, a bulk import, the seed of
    // the benchmark) make the partial index look as large as the table.
    await db().$executeRawUnsafe(
      `WITH bulk AS (
         INSERT INTO contacts (identity, wa_id, created_at, updated_at)
         SELECT 'bulk-' || n, (31690000000 + n)::text, '2001-01-01', '2001-01-01' FROM generate_series(1, ${ANALYZE_AFTER + 1000}) n
         RETURNING id)
       INSERT INTO conversations (contact_id, last_message_at) SELECT id, '2001-01-01' FROM bulk`,
    );
    await db().$executeRawUnsafe('ANALYZE conversations');
    const indexRows = async () =>
      Number((await db().$queryRawUnsafe<{ n: number }[]>(`SELECT reltuples AS n FROM pg_class WHERE relname = 'conversations_costs_stale_idx'`))[0]!.n);
    expect(await indexRows()).toBeGreaterThanOrEqual(ANALYZE_AFTER + 1000);
    expect(await refreshCostRollups('Europe/Amsterdam')).toBeGreaterThanOrEqual(ANALYZE_AFTER + 1000);
    // Up to date now, and PostgreSQL knows the index to be empty again: at 128,000 conversations
    // it otherwise weighed the index as large as the primary key and filtered every conversation
    // on each estimate (here, with a few thousand, it still picks the index either way).
    expect(await indexRows()).toBeLessThan(100);
    const plan = await db().$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(`EXPLAIN ${STALE}`);
    expect(plan.map((row) => row['QUERY PLAN']).join('\n')).toContain('conversations_costs_stale_idx');
    expect(await refreshCostRollups('Europe/Amsterdam')).toBe(0);
    await db().contact.deleteMany({ where: { identity: { startsWith: 'bulk-' } } });
  });
});

describe('months in Europe/Amsterdam', () => {
  it('puts messages in the month and on the day they were sent in Amsterdam, across the clock change', async () => {
    await db().message.deleteMany({});
    const c = await thread();
    const marketing = { category: 'marketing', type: 'regular', billable: true };
    await outbound(c, '2026-02-28T23:30:00Z', { template: 'marketing', pricing: marketing }); // 1 March 00:30 CET
    await outbound(c, '2026-03-29T00:30:00Z', { template: 'marketing', pricing: marketing }); // 29 March 01:30 CET
    await outbound(c, '2026-03-29T01:30:00Z', { template: 'marketing', pricing: marketing }); // 29 March 03:30 CEST
    await outbound(c, '2026-03-31T21:59:00Z', { template: 'marketing', pricing: marketing }); // 31 March 23:59 CEST
    await outbound(c, '2026-03-31T22:30:00Z', { template: 'marketing', pricing: marketing }); // 1 April 00:30 CEST
    const march = await estimateCosts('2026-03', settings(), new Date('2026-05-01T00:00:00Z'));
    expect(march.byDay.map((d) => [d.date, d.eur])).toEqual([
      ['2026-03-01', 0.1],
      ['2026-03-29', 0.2],
      ['2026-03-31', 0.1],
    ]);
    const april = await estimateCosts('2026-04', settings(), new Date('2026-05-01T00:00:00Z'));
    expect(april.byDay.map((d) => d.date)).toEqual(['2026-04-01']);
    expect(april.projection.daysInMonth).toBe(30);
  });

  it('projects the month end from the run rate so far', async () => {
    const estimate = await estimateCosts('2026-03', settings(), new Date('2026-03-10T12:00:00Z'));
    expect(estimate.projection.daysElapsed).toBe(10);
    expect(estimate.projection.messages).toBe(round((estimate.totals.messages / 10) * 31));
  });
});

const round = (value: number) => Math.round(value * 100) / 100;

describe('per 24-hour conversation (the seed\'s model)', () => {
  it('counts billed conversations once, and derives the candidate-opened ones', async () => {
    await db().message.deleteMany({});
    const measured = await thread();
    const cbp = (category: string, conversationId: string) => ({ category, type: 'regular', billable: true, model: 'CBP', conversationId });
    await outbound(measured, '2026-06-02T10:00:00Z', { pricing: cbp('service', 'conv-1') });
    await outbound(measured, '2026-06-02T11:00:00Z', { pricing: cbp('service', 'conv-1') });
    await outbound(measured, '2026-06-05T11:00:00Z', { template: 'marketing', pricing: cbp('marketing', 'conv-2') });
    const derived = await thread();
    await inbound(derived, '2026-06-03T08:00:00Z');
    await inbound(derived, '2026-06-03T10:00:00Z'); // same 24 hours
    await inbound(derived, '2026-06-04T16:00:00Z'); // after 24 hours of silence: a new conversation
    await outbound(derived, '2026-06-10T09:00:00Z', { template: 'marketing' }); // outside any window
    const estimate = await estimateCosts('2026-06', settings({ model: 'per_conversation' }), new Date('2026-07-02T00:00:00Z'));
    const category = (name: string) => estimate.byCategory.find((c) => c.category === name)!;
    expect(category('service')).toMatchObject({ units: 3, measuredUnits: 1, derivedUnits: 2, eur: 0.06 });
    expect(category('marketing')).toMatchObject({ units: 2, measuredUnits: 1, derivedUnits: 1, eur: 0.2 });
    expect(estimate.totals).toMatchObject({ messages: 0.26, measured: 0.12, derived: 0.14, total: 49.26 });
  });
});

describe('the planner and the edges', () => {
  it('reproduces the seed: 200 leads a week, 2 conversations each, EUR 0.02, EUR 49 -> EUR 32 and EUR 81', async () => {
    const estimate = await estimateCosts('2030-01', defaultPricing(), new Date('2026-11-24T12:00:00Z'));
    expect(estimate.planner).toMatchObject({ leadsPerWeek: 200, monthlyLeads: 800, conversationsPerLead: 2, pricePerConversation: 0.02, messages: 32, total: 81 });
  });

  it('answers a month without data with zeros, and a future month without a projection', async () => {
    const estimate = await estimateCosts('2030-01', settings(), new Date('2026-11-24T12:00:00Z'));
    expect(estimate.totals).toEqual({ messages: 0, measured: 0, derived: 0, platformFee: 49, total: 49 });
    expect(estimate.byDay).toEqual([]);
    expect(estimate.leads).toMatchObject({ count: 0, costPerLead: null, costPerQualifiedLead: null });
    expect(estimate.projection).toMatchObject({ daysElapsed: 0, total: 0 });
  });

  it('writes the same figures as CSV', async () => {
    const estimate = await estimateCosts('2026-06', settings({ model: 'per_conversation' }), new Date('2026-07-02T00:00:00Z'));
    const lines = toCsv(estimate).trim().split('\n');
    expect(lines[0]).toBe('date,marketing,utility,authentication,service,total_eur');
    expect(lines.at(-1)).toBe(`total,,,,,${estimate.totals.total.toFixed(2)}`);
    const days = lines.slice(1, -3).map((line) => Number(line.split(',').at(-1)));
    expect(round(days.reduce((a, b) => a + b, 0))).toBe(estimate.totals.messages);
  });
});
