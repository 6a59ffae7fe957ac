// Work after the acknowledgement runs at least once for every stored message.
import { afterEach, describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import { ingestWebhook } from '../lib/ingest/store';
import { InboundQueue, ingestStarted, onInboundMessage, processInbound, sweepUnprocessedInbound } from '../lib/ingest/processing';
import { cloudPayload, exampleContact, exampleMessage } from '../dev/examples';
import { parseWebhookPayload } from '../lib/ingest/payload';
import { postWebhook, uniquePhone } from './helpers/webhook';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

async function storeWithoutProcessing(count = 1) {
  const from = uniquePhone();
  const messages = Array.from({ length: count }, (_, i) => exampleMessage('text', { from, text: `bericht ${i}` }));
  const result = await ingestWebhook(parseWebhookPayload(cloudPayload({ contacts: [exampleContact({ from })], messages })));
  return result.storedMessageIds;
}

describe('processing after the acknowledgement', () => {
  it('processes a message right after the webhook answered', async () => {
    const from = uniquePhone();
    const message = exampleMessage('text', { from });
    await postWebhook(cloudPayload({ contacts: [exampleContact({ from })], messages: [message] }));
    let row;
    for (let i = 0; i < 50; i++) {
      row = await db().message.findUniqueOrThrow({ where: { wamid: message.id as string } });
      if (row.processedAt) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(row?.processedAt).toBeInstanceOf(Date);
  });

  it('runs the registered work once per message, in order', async () => {
    const ids = await storeWithoutProcessing(3);
    const seen: string[] = [];
    cleanups.push(onInboundMessage(async (message) => void seen.push(message.id)));
    expect(await processInbound([...ids].reverse())).toMatchObject({ processed: 3 });
    expect(seen).toEqual(ids);
    // A second run finds nothing left to do.
    expect(await processInbound(ids)).toMatchObject({ processed: 0, skipped: 3 });
    expect(seen).toHaveLength(3);
  });

  it('sweeps up messages that were stored but never processed (a crash after the ack)', async () => {
    const ids = await storeWithoutProcessing(2);
    // Not yet old enough for the sweep.
    await sweepUnprocessedInbound(3600);
    expect(await db().message.count({ where: { id: { in: ids }, processedAt: null } })).toBe(2);
    await db().message.updateMany({ where: { id: { in: ids } }, data: { createdAt: new Date(Date.now() - 120_000) } });
    await sweepUnprocessedInbound(60);
    expect(await db().message.count({ where: { id: { in: ids }, processedAt: null } })).toBe(0);
  });

  it('retries a message whose processing failed once its lease has run out', async () => {
    const [id] = await storeWithoutProcessing(1);
    let attempts = 0;
    cleanups.push(
      onInboundMessage(async (message) => {
        if (message.id !== id) return;
        attempts += 1;
        if (attempts === 1) throw new Error('the agent fell over');
      }),
    );
    expect(await processInbound([id!])).toMatchObject({ processed: 0, failed: 1 });
    // Leased: neither the sweep nor another instance takes it yet.
    expect(await processInbound([id!])).toMatchObject({ skipped: 1 });
    await db().message.update({
      where: { id: id! },
      data: { processingLeaseUntil: new Date(Date.now() - 1000), createdAt: new Date(Date.now() - 120_000) },
    });
    await sweepUnprocessedInbound(60);
    expect(attempts).toBe(2);
    expect((await db().message.findUniqueOrThrow({ where: { id: id! } })).processedAt).toBeInstanceOf(Date);
  });

  it('lets only one of two concurrent runs take a message', async () => {
    const ids = await storeWithoutProcessing(5);
    const [a, b] = await Promise.all([processInbound(ids), processInbound(ids)]);
    expect(a.processed + b.processed).toBe(5);
  });

  it('works on a burst a few at a time and reads back from the database what did not fit in memory', async () => {
    const ids = (await Promise.all(Array.from({ length: 12 }, () => storeWithoutProcessing(1)))).flat();
    const seen: string[] = [];
    let running = 0;
    let mostAtOnce = 0;
    cleanups.push(
      onInboundMessage(async (message) => {
        if (!ids.includes(message.id)) return;
        running += 1;
        mostAtOnce = Math.max(mostAtOnce, running);
        await new Promise((resolve) => setTimeout(resolve, 20));
        seen.push(message.id);
        running -= 1;
      }),
    );
    const queue = new InboundQueue({ concurrency: 3, limit: 4 });
    // Twelve deliveries at once: four fit in memory, the other eight are left in the database.
    for (const id of ids) queue.schedule([id]);
    expect(queue.depth()).toMatchObject({ overflowed: true });
    await queue.idle();
    expect(mostAtOnce).toBe(3);
    expect([...seen].sort()).toEqual([...ids].sort());
    expect(new Set(seen).size).toBe(ids.length);
    expect(await db().message.count({ where: { id: { in: ids }, processedAt: null } })).toBe(0);
  });

  it('starts nothing while a webhook is being stored, and catches up once it has been', async () => {
    const ids = (await Promise.all(Array.from({ length: 6 }, () => storeWithoutProcessing(1)))).flat();
    const started: number[] = [];
    let running = 0;
    let mostAtOnce = 0;
    cleanups.push(
      onInboundMessage(async (message) => {
        if (!ids.includes(message.id)) return;
        started.push(Date.now());
        running += 1;
        mostAtOnce = Math.max(mostAtOnce, running);
        await new Promise((resolve) => setTimeout(resolve, 30));
        running -= 1;
      }),
    );
    const queue = new InboundQueue({ concurrency: 3, limit: 100 });
    const stored = ingestStarted();
    for (const id of ids) queue.schedule([id]);
    // One message may start (nothing had for a second: a burst that never ends must not
    // starve the agent), the next only a second later.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(started.length).toBeLessThanOrEqual(1);
    const answeredAt = Date.now();
    stored();
    await queue.idle();
    expect(started).toHaveLength(6);
    expect(started.filter((at) => at >= answeredAt).length).toBeGreaterThanOrEqual(5);
    expect(mostAtOnce).toBeLessThanOrEqual(3);
    expect(await db().message.count({ where: { id: { in: ids }, processedAt: null } })).toBe(0);
  });
});
