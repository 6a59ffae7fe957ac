// Faults: the database going away during webhooks, and the app killed mid-stream.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import { Sandbox } from '../dev/sandbox/server';
import { cloudPayload, exampleContact, exampleMessage } from '../dev/examples';
import { signBody } from '../lib/ingest/webhook-auth';
import { startApp, type RunningApp } from './helpers/app-server';
import { useIsolatedDatabase } from './helpers/isolated-database';
import { until } from './helpers/sandbox';
import { TEST_SECRETS } from './helpers/secrets';
import { startTcpProxy } from './helpers/tcp-proxy';
import { uniquePhone } from './helpers/webhook';

const databaseUrl = await useIsolatedDatabase();
let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
let sandbox: Sandbox;
let app: RunningApp | undefined;

function appEnv() {
  const url = new URL(databaseUrl);
  url.port = String(proxy.port);
  return {
    ...TEST_SECRETS,
    DATABASE_URL: url.toString(),
    THREESIXTY_DIALOG_BASE_URL: sandbox.url,
    THREESIXTY_DIALOG_API_KEY: sandbox.apiKey,
    INBOUND_SWEEP_INTERVAL_SECONDS: '1',
    INBOUND_SWEEP_AFTER_SECONDS: '1',
    INBOUND_LEASE_SECONDS: '3',
    OUTBOX_RETRY_BASE_MS: '100',
    OUTBOX_POLL_INTERVAL_MS: '200',
    OUTBOX_LEASE_SECONDS: '2',
    THREESIXTY_DIALOG_TIMEOUT_MS: '900',
    TRUSTED_PROXY_HOPS: '1',
    LOG_LEVEL: 'error',
  };
}

beforeAll(async () => {
  proxy = await startTcpProxy(Number(new URL(databaseUrl).port || 5432));
  sandbox = await new Sandbox({ apiKey: 'fault-key' }).start();
  app = await startApp({ env: appEnv() });
  sandbox.webhook = { url: `${app.url}/webhook/whatsapp`, headers: { 'X-Webhook-Secret': TEST_SECRETS.WHATSAPP_WEBHOOK_SECRET }, appSecret: TEST_SECRETS.WHATSAPP_APP_SECRET };
}, 120_000);
afterAll(async () => {
  await app?.stop();
  await sandbox?.stop();
  await proxy?.stop();
});

async function deliver(url: string, from: string, text: string) {
  const message = exampleMessage('text', { from, text });
  const body = JSON.stringify(cloudPayload({ contacts: [exampleContact({ from })], messages: [message] }));
  const response = await fetch(`${url}/webhook/whatsapp`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-webhook-secret': TEST_SECRETS.WHATSAPP_WEBHOOK_SECRET,
      'x-hub-signature-256': `sha256=${signBody(body, TEST_SECRETS.WHATSAPP_APP_SECRET)}`,
    },
    body,
  }).catch(() => null);
  return { wamid: message.id as string, status: response?.status ?? 0, retryAfter: response?.headers.get('retry-after') ?? null };
}

describe('the database briefly unavailable', () => {
  it('answers 503 so 360Dialog retries, stores nothing half, and recovers when it returns', async () => {
    const from = uniquePhone();
    expect((await deliver(app!.url, from, 'voor de storing')).status).toBe(200);
    await proxy.cut();
    const during = await deliver(app!.url, from, 'tijdens de storing');
    expect(during.status).toBe(503);
    expect(during.retryAfter).toBe('5');
    expect((await fetch(`${app!.url}/api/health`)).status).toBe(503);
    await proxy.restore();
    // 360Dialog delivers the same message again: now it is stored, once.
    const again = await until(
      async () => (await deliver(app!.url, from, 'tijdens de storing')).status,
      (status) => status === 200,
      15_000,
    );
    expect(again).toBe(200);
    expect(await db().message.count({ where: { conversation: { contact: { waId: from } }, direction: 'INBOUND' } })).toBe(2);
    expect((await fetch(`${app!.url}/api/health`)).status).toBe(200);
  });
});

describe('the app killed in the middle of a stream of webhooks', () => {
  it('keeps every acknowledged message, and the agent and the outbox carry on after the restart', async () => {
    const candidates = Array.from({ length: 20 }, () => uniquePhone());
    // They write to the app directly here; the sandbox must know their windows are open.
    for (const from of candidates) sandbox.openWindow(from);
    const acknowledged: string[] = [];
    let sent = 0;
    const stream = (async () => {
      for (let round = 0; round < 15; round++) {
        const results = await Promise.all(candidates.map((from) => deliver(app!.url, from, round === 0 ? 'Hoi, ik zoek werk als kapper' : `${round} jaar`)));
        for (const r of results) if (r.status === 200) acknowledged.push(r.wamid);
        sent += results.length;
      }
    })();
    await until(async () => sent, (n) => n >= 80, 30_000);
    const killed = app!;
    await killed.kill();
    await stream;
    expect(acknowledged.length).toBeGreaterThan(0);

    app = await startApp({ env: appEnv() });
    sandbox.webhook = { ...sandbox.webhook!, url: `${app.url}/webhook/whatsapp` };
    // Every message that got a 200 is there, once.
    const stored = await db().message.findMany({ where: { wamid: { in: acknowledged } }, select: { wamid: true, processedAt: true } });
    expect(stored.length).toBe(new Set(acknowledged).size);
    // The sweep picks up what was stored but not processed; the agent answers; the outbox sends.
    await until(() => db().message.count({ where: { wamid: { in: acknowledged }, processedAt: null } }), (n) => n === 0, 30_000);
    for (const from of candidates) {
      await until(async () => sandbox.sent.filter((m) => m.to === from).length, (n) => n > 0, 30_000);
    }
    // Whatever the killed process had claimed is sent once its lease has run out: the outbox drains.
    await until(() => db().message.count({ where: { direction: 'OUTBOUND', status: { in: ['QUEUED', 'SENDING'] } } }), (n) => n === 0, 30_000);
  }, 120_000);
});
