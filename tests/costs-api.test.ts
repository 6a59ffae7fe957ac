// GET /api/costs, the CSV and the costs page agree; only admins change the pricing.
import { describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import { signedInAs } from './helpers/auth';
import { baseUrl, uniquePhone } from './helpers/webhook';

async function billedMessage(at: Date) {
  const waId = uniquePhone();
  const contact = await db().contact.create({ data: { identity: waId, waId, conversation: { create: {} } }, include: { conversation: true } });
  await db().message.create({
    data: {
      conversationId: contact.conversation!.id, direction: 'OUTBOUND', author: 'RECRUITER', type: 'template', payload: {},
      occurredAt: at, sentAt: at, status: 'DELIVERED', pricingCategory: 'marketing', pricingType: 'regular', billable: true, pricingModel: 'PMP',
    },
  });
}

describe('the costs API', () => {
  it('gives the same figures as JSON, as CSV and on the page', async () => {
    await billedMessage(new Date('2025-05-14T10:00:00Z'));
    const { cookie } = await signedInAs();
    const json = await (await fetch(`${baseUrl()}/api/costs?month=2025-05`, { headers: { cookie } })).json();
    expect(json).toMatchObject({ month: '2025-05', currency: 'EUR', timeZone: 'Europe/Amsterdam' });
    expect(json.totals.messages).toBeGreaterThan(0);
    const csv = await fetch(`${baseUrl()}/api/costs/csv?month=2025-05`, { headers: { cookie } });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="whatsapp-costs-2025-05.csv"');
    const lines = (await csv.text()).trim().split('\n');
    expect(lines.at(-1)).toBe(`total,,,,,${json.totals.total.toFixed(2)}`);
    const page = await (await fetch(`${baseUrl()}/costs?month=2025-05`, { headers: { cookie } })).text();
    const formatted = new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' }).format(json.totals.total);
    expect(page).toContain(formatted.replace(/\u00a0/g, '&nbsp;').replace('&nbsp;', '\u00a0'));
  });

  it('answers a malformed month with 422', async () => {
    const { cookie } = await signedInAs();
    const response = await fetch(`${baseUrl()}/api/costs?month=2025-13`, { headers: { cookie } });
    expect(response.status).toBe(422);
    expect((await response.json()).error.details[0].message).toBe('month must look like 2026-11');
  });

  it('lets only an admin change the pricing, and validates it', async () => {
    const recruiter = await signedInAs('RECRUITER');
    const admin = await signedInAs('ADMIN');
    const { settings } = await (await fetch(`${baseUrl()}/api/costs/settings`, { headers: { cookie: recruiter.cookie } })).json();
    const put = (cookie: string, body: unknown) =>
      fetch(`${baseUrl()}/api/costs/settings`, { method: 'PUT', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await put(recruiter.cookie, settings)).status).toBe(403);
    const invalid = await put(admin.cookie, { ...settings, perMessage: { ...settings.perMessage, marketing: -1 } });
    expect(invalid.status).toBe(422);
    const saved = await put(admin.cookie, { ...settings, platformFeePerMonth: 25 });
    expect(saved.status).toBe(200);
    const json = await (await fetch(`${baseUrl()}/api/costs?month=2030-01`, { headers: { cookie: admin.cookie } })).json();
    expect(json.totals.platformFee).toBe(25);
    await put(admin.cookie, settings);
  });
});
