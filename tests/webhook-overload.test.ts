// More deliveries at once than an instance takes (WEBHOOK_MAX_IN_FLIGHT): the rest are
// refused at once with 503 and Retry-After, and delivered again they are stored once each.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import { cloudPayload, exampleContact, exampleMessage } from '../dev/examples';
import { startApp, type RunningApp } from './helpers/app-server';
import { useIsolatedDatabase } from './helpers/isolated-database';
import { TEST_SECRETS } from './helpers/secrets';
import { postWebhook, uniquePhone } from './helpers/webhook';

const databaseUrl = await useIsolatedDatabase();
let app: RunningApp;

beforeAll(async () => {
  app = await startApp({ env: { ...TEST_SECRETS, DATABASE_URL: databaseUrl, WEBHOOK_MAX_IN_FLIGHT: '2', LOG_LEVEL: 'error' } });
}, 120_000);
afterAll(async () => {
  await app?.stop();
});

describe('a webhook instance past its limit', () => {
  it('refuses the excess with 503 and Retry-After, and stores every delivery once when they come again', async () => {
    const messages = Array.from({ length: 40 }, () => exampleMessage('text', { from: uniquePhone() }));
    const wamids = messages.map((m) => m.id as string);
    const payloads = messages.map((m) => cloudPayload({ contacts: [exampleContact({ from: m.from as string })], messages: [m] }));
    const first = await Promise.all(payloads.map((payload) => postWebhook(payload, { base: app.url })));
    const refused = first.filter((r) => r.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    expect(first.every((r) => r.status === 200 || r.status === 503)).toBe(true);
    for (const response of refused) {
      expect(response.headers.get('retry-after')).toBe('1');
      expect(response.json).toEqual({ error: { code: 'overloaded', message: expect.any(String) } });
    }
    // 360Dialog delivers the refused ones again (and here, one accepted one too).
    const again = payloads.filter((_, i) => first[i]!.status === 503);
    again.push(payloads[first.findIndex((r) => r.status === 200)]!);
    for (const payload of again) {
      let response;
      for (let attempt = 0; attempt < 20 && response?.status !== 200; attempt++) response = await postWebhook(payload, { base: app.url });
      expect(response!.status).toBe(200);
    }
    const stored = await db().message.findMany({ where: { wamid: { in: wamids } }, select: { wamid: true } });
    expect(stored.map((m) => m.wamid).sort()).toEqual([...wamids].sort());
  });
});
