// The outbox over HTTP against the sandbox: nothing lost, nothing sent twice, in order.
import { spawn } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import { OutboxError, cancelQueued, enqueueMessage, queueMessage } from '../lib/outbox/queue';
import { OutboxDispatcher, retryDelay, type DispatcherOptions } from '../lib/outbox/dispatcher';
import { Sandbox } from '../dev/sandbox/server';
import { WhatsAppClient } from '../lib/whatsapp/client';
import type { OutboundContent } from '../lib/whatsapp/outbound';
import { ROOT } from './helpers/app-server';
import { useIsolatedDatabase } from './helpers/isolated-database';
import { until } from './helpers/sandbox';
import { uniquePhone } from './helpers/webhook';

const databaseUrl = await useIsolatedDatabase();
let sandbox: Sandbox;
const dispatchers: OutboxDispatcher[] = [];

beforeAll(async () => {
  sandbox = await new Sandbox({ apiKey: 'outbox-test-key' }).start();
});
afterEach(async () => {
  await Promise.all(dispatchers.splice(0).map((d) => d.stop()));
  sandbox.setFaults({ errorRate: 0, rateLimitNext: 0, latencyMs: 0 });
  await sandbox.comeUp();
});
afterAll(() => sandbox.stop());

function dispatcher(options: Partial<DispatcherOptions> = {}): OutboxDispatcher {
  const d = new OutboxDispatcher({
    client: new WhatsAppClient({ baseUrl: sandbox.url, apiKey: sandbox.apiKey, timeoutMs: 5000 }),
    maxAttempts: 50,
    retryBaseMs: 50,
    retryMaxMs: 300,
    leaseSeconds: 30,
    pollIntervalMs: 50,
    concurrency: 4,
    ...options,
  });
  dispatchers.push(d);
  return d;
}

/** A candidate who wrote a minute ago (the 24-hour window is open). */
async function candidate(options: { windowOpen?: boolean } = {}) {
  const waId = uniquePhone();
  const lastInboundAt = options.windowOpen === false ? new Date(Date.now() - 25 * 3600_000) : new Date(Date.now() - 60_000);
  const contact = await db().contact.create({
    data: { identity: waId, waId, conversation: { create: { lastInboundAt } } },
    include: { conversation: true },
  });
  if (options.windowOpen !== false) sandbox.openWindow(waId, lastInboundAt.getTime());
  return { waId, conversationId: contact.conversation!.id };
}

const text = (body: string): OutboundContent => ({ type: 'text', body });

const statusOf = (id: string) => db().message.findUniqueOrThrow({ where: { id } });
const sentTo = (waId: string) => sandbox.sent.filter((m) => m.to === waId).map((m) => (m.body.text as { body: string }).body);

describe('the outbox', () => {
  it('queues a message and sends it at once, recording the wamid', async () => {
    const { waId, conversationId } = await candidate();
    dispatcher().start();
    const { id } = await queueMessage({ conversationId, author: 'BOT', content: text('Hoi! Wat is je naam?') });
    const row = await until(() => statusOf(id), (m) => m.status === 'SENT');
    expect(row.wamid).toBe(sandbox.sent.find((m) => m.to === waId)!.wamid);
    expect(row).toMatchObject({ attempts: 1, author: 'BOT', direction: 'OUTBOUND', text: 'Hoi! Wat is je naam?' });
    expect(row.acceptedAt).toBeInstanceOf(Date);
  });

  it('refuses free text outside the 24-hour window, but takes a template', async () => {
    const { conversationId } = await candidate({ windowOpen: false });
    await expect(queueMessage({ conversationId, author: 'RECRUITER', content: text('Hoi') })).rejects.toMatchObject({
      code: 'window_closed',
    });
    await expect(queueMessage({ conversationId, author: 'RECRUITER', content: text('Hoi') })).rejects.toBeInstanceOf(OutboxError);
    const template: OutboundContent = {
      type: 'template',
      name: 'screening_follow_up',
      language: 'nl',
      components: [{ type: 'body', parameters: [{ type: 'text', text: 'Sarah' }] }],
    };
    dispatcher().start();
    const { id } = await queueMessage({ conversationId, author: 'RECRUITER', content: template });
    expect((await until(() => statusOf(id), (m) => m.status !== 'QUEUED' && m.status !== 'SENDING')).status).toBe('SENT');
  });

  it('delivers everything queued while 360Dialog was down, once each, in order', async () => {
    const candidates = await Promise.all([candidate(), candidate(), candidate()]);
    await sandbox.goDown();
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      for (const c of candidates) ids.push((await queueMessage({ conversationId: c.conversationId, author: 'BOT', content: text(`bericht ${i}`) })).id);
    }
    dispatcher().start();
    await new Promise((resolve) => setTimeout(resolve, 600));
    const waiting = await db().message.findMany({ where: { id: { in: ids } } });
    expect(waiting.every((m) => m.status === 'QUEUED' && m.wamid === null)).toBe(true);
    expect(waiting.some((m) => m.errorCategory === 'transient')).toBe(true);
    await sandbox.comeUp();
    await until(() => db().message.count({ where: { id: { in: ids }, status: 'SENT' } }), (n) => n === ids.length);
    for (const c of candidates) expect(sentTo(c.waId)).toEqual(['bericht 0', 'bericht 1', 'bericht 2', 'bericht 3']);
    expect(new Set(sandbox.sent.map((m) => m.wamid)).size).toBe(sandbox.sent.length);
  });

  it('waits as long as Retry-After says on a 429', async () => {
    const { conversationId } = await candidate();
    sandbox.setFaults({ rateLimitNext: 1, retryAfterSeconds: 1 });
    dispatcher().start();
    const { id } = await queueMessage({ conversationId, author: 'BOT', content: text('Even geduld') });
    const retrying = await until(() => statusOf(id), (m) => m.attempts === 1 && m.status === 'QUEUED');
    expect(retrying.errorCategory).toBe('rate_limited');
    expect(retrying.nextAttemptAt!.getTime() - Date.now()).toBeGreaterThan(700);
    const sent = await until(() => statusOf(id), (m) => m.status === 'SENT');
    expect(sent.acceptedAt!.getTime() - sent.createdAt.getTime()).toBeGreaterThanOrEqual(1000);
    expect(sent.attempts).toBe(2);
  });

  it('fails a permanent error at once, with its category for the recruiter', async () => {
    const waId = `999${Date.now() % 1e9}`;
    const contact = await db().contact.create({
      data: { identity: waId, waId, conversation: { create: { lastInboundAt: new Date() } } },
      include: { conversation: true },
    });
    dispatcher().start();
    const { id } = await queueMessage({ conversationId: contact.conversation!.id, author: 'RECRUITER', content: text('Hoi') });
    const row = await until(() => statusOf(id), (m) => m.status === 'FAILED');
    expect(row).toMatchObject({ attempts: 1, errorCode: 131026, errorCategory: 'not_on_whatsapp', errorTitle: 'Message undeliverable' });
    expect(row.failedAt).toBeInstanceOf(Date);
  });

  it('gives up on transient errors after the configured number of attempts', async () => {
    const { conversationId } = await candidate();
    sandbox.setFaults({ errorRate: 1, errorStatus: 503 });
    dispatcher({ maxAttempts: 3 }).start();
    const { id } = await queueMessage({ conversationId, author: 'BOT', content: text('Hallo?') });
    const row = await until(() => statusOf(id), (m) => m.status === 'FAILED');
    expect(row).toMatchObject({ attempts: 3, errorCategory: 'transient', errorCode: 503 });
  });

  it('sends each message once when two dispatchers race, keeping every candidate\'s order', async () => {
    const candidates = await Promise.all(Array.from({ length: 8 }, () => candidate()));
    sandbox.setFaults({ errorRate: 0.3 });
    const ids: string[] = [];
    await db().$transaction(async (tx) => {
      for (let i = 0; i < 5; i++) {
        for (const c of candidates) ids.push((await enqueueMessage(tx, { conversationId: c.conversationId, author: 'BOT', content: text(`stap ${i}`) })).id);
      }
    });
    dispatcher({ concurrency: 3 }).start();
    dispatcher({ concurrency: 3 }).start();
    await until(() => db().message.count({ where: { id: { in: ids }, status: 'SENT' } }), (n) => n === ids.length, 20_000);
    for (const c of candidates) expect(sentTo(c.waId)).toEqual(['stap 0', 'stap 1', 'stap 2', 'stap 3', 'stap 4']);
    const rows = await db().message.findMany({ where: { id: { in: ids } } });
    expect(new Set(rows.map((r) => r.wamid)).size).toBe(ids.length);
  });

  it('cancels queued bot messages and never sends them; a recruiter\'s stays', async () => {
    const { waId, conversationId } = await candidate();
    const [bot1, bot2, human] = await db().$transaction(async (tx) => [
      await enqueueMessage(tx, { conversationId, author: 'BOT', content: text('Vraag 1') }),
      await enqueueMessage(tx, { conversationId, author: 'BOT', content: text('Vraag 2') }),
      await enqueueMessage(tx, { conversationId, author: 'RECRUITER', content: text('Ik neem het over') }),
    ]);
    expect(await db().$transaction((tx) => cancelQueued(tx, conversationId, ['BOT']))).toBe(2);
    dispatcher().start();
    await until(() => statusOf(human!.id), (m) => m.status === 'SENT');
    expect((await statusOf(bot1!.id)).status).toBe('CANCELLED');
    expect((await statusOf(bot2!.id)).status).toBe('CANCELLED');
    expect(sentTo(waId)).toEqual(['Ik neem het over']);
  });

  it('sends what a killed process had claimed once its lease runs out', async () => {
    const { waId, conversationId } = await candidate();
    const { id } = await queueMessage({ conversationId, author: 'BOT', content: text('Na de herstart') });
    sandbox.setFaults({ latencyMs: 20_000 });
    // One process (tsx as a loader, not its CLI, which would run the script in a grandchild).
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        THREESIXTY_DIALOG_BASE_URL: sandbox.url,
        THREESIXTY_DIALOG_API_KEY: sandbox.apiKey,
        THREESIXTY_DIALOG_TIMEOUT_MS: '1500',
        // Long enough that the process is killed before it could claim its own row again.
        OUTBOX_LEASE_SECONDS: '3',
        OUTBOX_POLL_INTERVAL_MS: '100',
      },
      stdio: 'ignore',
    });
    try {
      await until(() => statusOf(id), (m) => m.status === 'SENDING', 20_000);
    } finally {
      child.kill('SIGKILL');
    }
    sandbox.setFaults({ latencyMs: 0 });
    dispatcher().start();
    const row = await until(() => statusOf(id), (m) => m.status === 'SENT');
    expect(row.attempts).toBe(2);
    expect(sentTo(waId)).toEqual(['Na de herstart']);
  });
});

describe('retry delays', () => {
  it('double each attempt, with jitter, capped, and never shorter than Retry-After', () => {
    const options = { retryBaseMs: 1000, retryMaxMs: 60_000 };
    for (let i = 0; i < 50; i++) {
      const first = retryDelay(1, options);
      expect(first).toBeGreaterThanOrEqual(500);
      expect(first).toBeLessThanOrEqual(1000);
      const fourth = retryDelay(4, options);
      expect(fourth).toBeGreaterThanOrEqual(4000);
      expect(fourth).toBeLessThanOrEqual(8000);
      expect(retryDelay(30, options)).toBeLessThanOrEqual(60_000);
      expect(retryDelay(1, options, 5000)).toBe(5000);
    }
  });
});
