// Work after the acknowledgement runs at least once for every stored message.
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { db } from '../lib/db/client';
import { ingestWebhook } from '../lib/ingest/store';
import { InboundWorker, claimInbound, processInbound, sweepUnprocessedInbound, type InboundMessageRef } from '../lib/ingest/processing';
import { exclusively } from '../lib/runtime/worker';
import { cloudPayload, exampleContact, exampleMessage } from '../dev/examples';
import { parseWebhookPayload } from '../lib/ingest/payload';
import { useIsolatedDatabase } from './helpers/isolated-database';
import { postWebhook, uniquePhone } from './helpers/webhook';

// The shared test app (a worker runs in it) works on the run's database; what this file stores
// without processing goes to a database of its own, where no worker but the test's own claims it.
const shared = new pg.Client({ connectionString: inject('databaseUrl') });
await shared.connect();
afterAll(() => shared.end());
await useIsolatedDatabase();

async function storeWithoutProcessing(count = 1) {
  const from = uniquePhone();
  const messages = Array.from({ length: count }, (_, i) => exampleMessage('text', { from, text: `bericht ${i}` }));
  const result = await ingestWebhook(parseWebhookPayload(cloudPayload({ contacts: [exampleContact({ from })], messages })));
  return result.storedMessageIds;
}

const unprocessed = (ids: string[]) => db().message.count({ where: { id: { in: ids }, processedAt: null } });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('processing after the acknowledgement', () => {
  it('processes a message right after the webhook answered (the app\'s worker, told by NOTIFY)', async () => {
    const from = uniquePhone();
    const message = exampleMessage('text', { from });
    expect((await postWebhook(cloudPayload({ contacts: [exampleContact({ from })], messages: [message] }))).status).toBe(200);
    let processedAt: Date | null = null;
    for (let i = 0; i < 50 && !processedAt; i++) {
      const { rows } = await shared.query<{ processed_at: Date | null }>('SELECT processed_at FROM messages WHERE wamid = $1', [message.id]);
      processedAt = rows[0]?.processed_at ?? null;
      if (!processedAt) await sleep(100);
    }
    expect(processedAt).toBeInstanceOf(Date);
  });

  it('runs the work once per message, in order', async () => {
    const ids = await storeWithoutProcessing(3);
    const seen: string[] = [];
    const handler = async (message: InboundMessageRef) => void seen.push(message.id);
    expect(await processInbound([...ids].reverse(), handler)).toMatchObject({ processed: 3 });
    expect(seen).toEqual(ids);
    // A second run finds nothing left to do.
    expect(await processInbound(ids, handler)).toMatchObject({ processed: 0, skipped: 3 });
    expect(seen).toHaveLength(3);
  });

  it('sweeps up messages that were stored but never processed (nobody was told, or the run died)', async () => {
    const ids = await storeWithoutProcessing(2);
    const handler = async () => {};
    // Not yet old enough for the sweep.
    await sweepUnprocessedInbound(3600, handler);
    expect(await unprocessed(ids)).toBe(2);
    await db().message.updateMany({ where: { id: { in: ids } }, data: { createdAt: new Date(Date.now() - 120_000) } });
    await sweepUnprocessedInbound(60, handler);
    expect(await unprocessed(ids)).toBe(0);
  });

  it('retries a message whose processing failed once its lease has run out', async () => {
    const [id] = await storeWithoutProcessing(1);
    let attempts = 0;
    const handler = async (message: InboundMessageRef) => {
      if (message.id !== id) return;
      attempts += 1;
      if (attempts === 1) throw new Error('the agent fell over');
    };
    expect(await processInbound([id!], handler)).toMatchObject({ processed: 0, failed: 1 });
    // Leased: neither the sweep nor another worker takes it yet.
    expect(await processInbound([id!], handler)).toMatchObject({ skipped: 1 });
    expect((await claimInbound(100, 60)).map((m) => m.id)).not.toContain(id);
    await db().message.update({
      where: { id: id! },
      data: { processingLeaseUntil: new Date(Date.now() - 1000), createdAt: new Date(Date.now() - 120_000) },
    });
    await sweepUnprocessedInbound(60, handler);
    expect(attempts).toBe(2);
    expect((await db().message.findUniqueOrThrow({ where: { id: id! } })).processedAt).toBeInstanceOf(Date);
  });

  it('lets only one of two concurrent runs take a message', async () => {
    const ids = await storeWithoutProcessing(5);
    const handler = async () => {};
    const [a, b] = await Promise.all([processInbound(ids, handler), processInbound(ids, handler)]);
    expect(a.processed + b.processed).toBe(5);
  });
});

describe('a worker claiming from the database', () => {
  it('works on a burst a few at a time, oldest first, and two workers never take the same message', async () => {
    // Whatever earlier tests left unprocessed is done first.
    await db().message.updateMany({ where: { direction: 'INBOUND', processedAt: null }, data: { processedAt: new Date() } });
    const ids: string[] = [];
    for (let i = 0; i < 24; i++) ids.push(...(await storeWithoutProcessing(1)));
    const seen: string[] = [];
    let running = 0;
    let mostAtOnce = 0;
    const handler = async (message: InboundMessageRef) => {
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      seen.push(message.id);
      await sleep(15);
      running -= 1;
    };
    const a = new InboundWorker({ handler, concurrency: 3, leaseSeconds: 60 });
    const b = new InboundWorker({ handler, concurrency: 3, leaseSeconds: 60 });
    a.wake();
    b.wake();
    await Promise.all([a.idle(), b.idle()]);
    expect(mostAtOnce).toBeLessThanOrEqual(6);
    expect(mostAtOnce).toBeGreaterThan(1);
    expect([...seen].sort()).toEqual([...ids].sort());
    expect(new Set(seen).size).toBe(ids.length);
    // Oldest first: each worker started them in storing order.
    expect(seen.indexOf(ids[0]!)).toBeLessThan(6);
    expect(await unprocessed(ids)).toBe(0);
  });

  it('takes one at a time while deliveries keep being announced, when it shares the web process', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push(...(await storeWithoutProcessing(1)));
    let running = 0;
    let mostAtOnce = 0;
    const handler = async () => {
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      await sleep(20);
      running -= 1;
    };
    const worker = new InboundWorker({ handler, concurrency: 4, leaseSeconds: 60, paced: true });
    // Announcements every 30 ms for 300 ms: a burst.
    const burst = setInterval(() => worker.wake(true), 30);
    worker.wake(true);
    await sleep(300);
    clearInterval(burst);
    const duringBurst = mostAtOnce;
    await worker.idle();
    expect(duringBurst).toBe(1);
    expect(await unprocessed(ids)).toBe(0);
  });

  it('stops claiming when stopped, and finishes what it was working on', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(...(await storeWithoutProcessing(1)));
    let done = 0;
    const handler = async () => {
      await sleep(50);
      done += 1;
    };
    const worker = new InboundWorker({ handler, concurrency: 2, leaseSeconds: 60 });
    worker.wake();
    await sleep(20);
    await worker.stop();
    expect(done).toBe(2);
    expect(await unprocessed(ids)).toBe(4);
    // The rest is there for the next worker.
    const next = new InboundWorker({ handler, concurrency: 2, leaseSeconds: 60 });
    next.wake();
    await next.idle();
    expect(await unprocessed(ids)).toBe(0);
  });
});

describe('periodic jobs', () => {
  it('run on one worker at a time (an advisory lock)', async () => {
    let running = 0;
    let mostAtOnce = 0;
    const job = async () => {
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      await sleep(100);
      running -= 1;
    };
    const results = await Promise.all([exclusively('test job', job), exclusively('test job', job), exclusively('test job', job)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(mostAtOnce).toBe(1);
    // Free again afterwards, also after a job that failed.
    await expect(exclusively('test job', async () => Promise.reject(new Error('failed')))).rejects.toThrow('failed');
    expect(await exclusively('test job', job)).toBe(true);
  });
});
