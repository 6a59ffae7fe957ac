// The work that follows an acknowledged inbound message (the screening agent registers
// here). It runs after the webhook's response has been sent, and again from a periodic
// sweep for messages that were stored but never processed (a crash after the ack), so
// every stored message is processed at least once. A lease keeps the after-response run
// and the sweep (or two instances) from working on the same message at the same time.
//
// After-response work goes through a bounded queue (scheduleInbound): at most
// INBOUND_CONCURRENCY messages are worked on at once per instance, so a burst of webhooks
// is acknowledged at the speed of storing it, and the agent catches up behind it. What
// does not fit in the queue (INBOUND_QUEUE_LIMIT) stays in the database, unprocessed, and
// is read back as soon as the queue has room: no message waits for the sweep because of a burst.
import { db, pool } from '../db/client';
import { env } from '../env';
import { log } from '../log';

export interface InboundMessageRef {
  id: string;
  conversationId: string;
  seq: bigint;
}

export type InboundHandler = (message: InboundMessageRef) => Promise<void>;

// On globalThis: Next.js bundles instrumentation.ts (which registers the agent) and the
// route handlers (which run the processing) separately, each with its own module copies.
const registry = globalThis as unknown as { __inboundHandlers?: InboundHandler[] };
const handlers: InboundHandler[] = (registry.__inboundHandlers ??= []);
// How long a run may work on a message before another (the sweep, another instance) may
// take it over: longer than the agent's slowest turn (the language model's time limit).
const leaseSeconds = () => env().INBOUND_LEASE_SECONDS;

/** Registers work to run for every inbound message, in registration order. */
export function onInboundMessage(handler: InboundHandler): () => void {
  handlers.push(handler);
  return () => {
    const index = handlers.indexOf(handler);
    if (index >= 0) handlers.splice(index, 1);
  };
}

export interface ProcessResult {
  processed: number;
  failed: number;
  skipped: number;
}

/** Processes the given inbound messages (those not yet processed and not leased by another run). */
export async function processInbound(ids: string[]): Promise<ProcessResult> {
  const result: ProcessResult = { processed: 0, failed: 0, skipped: 0 };
  if (ids.length === 0) return result;
  // On the pg pool: this runs for every inbound message.
  const { rows } = await pool().query<{ id: string; conversationId: string; seq: string }>(
    `UPDATE messages SET processing_lease_until = now() + make_interval(secs => $2)
     WHERE id = ANY($1::uuid[]) AND direction = 'INBOUND' AND processed_at IS NULL
       AND (processing_lease_until IS NULL OR processing_lease_until < now())
     RETURNING id, conversation_id AS "conversationId", seq`,
    [ids, leaseSeconds()],
  );
  const claimed: InboundMessageRef[] = rows.map((row) => ({ ...row, seq: BigInt(row.seq) }));
  result.skipped = ids.length - claimed.length;
  claimed.sort((a, b) => (a.seq < b.seq ? -1 : 1));
  for (const message of claimed) {
    try {
      for (const handler of handlers) await handler(message);
      await pool().query('UPDATE messages SET processed_at = now(), processing_lease_until = NULL WHERE id = $1::uuid', [message.id]);
      result.processed += 1;
    } catch (error) {
      // Left unprocessed with its lease: the sweep retries it once the lease has run out.
      result.failed += 1;
      log.error('inbound processing failed', { messageId: message.id, error });
    }
  }
  return result;
}

/** Processes inbound messages stored more than `olderThanSeconds` ago and never processed. */
/** Ids of inbound messages stored at least `olderThanSeconds` ago, never processed and not leased, oldest first. */
async function unprocessedInbound(olderThanSeconds: number, limit: number): Promise<string[]> {
  const rows = await db().$queryRaw<{ id: string }[]>`
    SELECT id FROM messages
    WHERE direction = 'INBOUND' AND processed_at IS NULL
      AND created_at <= now() - make_interval(secs => ${olderThanSeconds})
      AND (processing_lease_until IS NULL OR processing_lease_until < now())
    ORDER BY created_at
    LIMIT ${limit}`;
  return rows.map((row) => row.id);
}

export async function sweepUnprocessedInbound(olderThanSeconds: number, limit = 500): Promise<ProcessResult> {
  const result = await processInbound(await unprocessedInbound(olderThanSeconds, limit));
  if (result.processed + result.failed > 0) log.info('inbound sweep', { ...result });
  return result;
}

// How long queued work may wait behind a burst of webhooks before one message is started anyway.
const STARVATION_MS = 1000;
// Webhooks this close together are a burst.
const BURST_GAP_MS = 100;

export interface InboundQueueOptions {
  /** How many messages are worked on at once. */
  concurrency: number;
  /** How many acknowledged messages wait in memory; more wait in the database. */
  limit: number;
}

/**
 * The after-response work of one process: at most `concurrency` deliveries worked on at
 * once; what does not fit in `limit` is read back from the database (oldest first, by the
 * same lease) as soon as the queue has room.
 */
export class InboundQueue {
  private readonly pending: string[][] = [];
  private queued = 0;
  private running = 0;
  private overflowed = false;
  private catchingUp = false;
  private idleWaiters: (() => void)[] = [];
  private lastStarted = 0;
  private retry: NodeJS.Timeout | undefined;

  constructor(private readonly options: InboundQueueOptions) {}

  /** Schedules one delivery's stored messages (worked on together, in order). Never waits, never throws. */
  schedule(ids: string[]): void {
    if (ids.length === 0) return;
    if (this.queued + ids.length > this.options.limit) {
      this.overflowed = true;
    } else {
      this.pending.push(ids);
      this.queued += ids.length;
    }
    this.pump();
  }

  depth(): { queued: number; running: number; overflowed: boolean } {
    return { queued: this.queued, running: this.running, overflowed: this.overflowed || this.catchingUp };
  }

  /** Resolves once nothing is queued, running or left to read back. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle() {
    return this.queued === 0 && this.running === 0 && !this.overflowed && !this.catchingUp;
  }

  private pump(): void {
    // Storing comes first: while webhooks are being stored in this process, no new work
    // starts, except one at a time once nothing has started for a while (so a burst that
    // never ends cannot starve the agent); between the webhooks of a burst one at a time.
    // Full speed again once the burst is over.
    const now = Date.now();
    const starving = now - this.lastStarted > STARVATION_MS;
    const burst = now - ingesting.lastEndedAt < BURST_GAP_MS;
    const concurrency = ingesting.count > 0 ? (starving ? 1 : 0) : burst ? 1 : this.options.concurrency;
    if (concurrency === 0 && this.pending.length > 0 && !this.retry) {
      this.retry = setTimeout(() => {
        this.retry = undefined;
        this.pump();
      }, 50);
      this.retry.unref();
    }
    while (this.running < concurrency && this.pending.length > 0) {
      this.lastStarted = Date.now();
      const ids = this.pending.shift()!;
      this.queued -= ids.length;
      this.running += 1;
      processInbound(ids)
        .catch((error) => log.error('inbound processing failed', { error }))
        .finally(() => {
          this.running -= 1;
          this.pump();
        });
    }
    if (this.overflowed && this.pending.length === 0 && !this.catchingUp) void this.catchUp();
    if (this.isIdle()) this.idleWaiters.splice(0).forEach((resolve) => resolve());
  }

  private async catchUp(): Promise<void> {
    this.catchingUp = true;
    this.overflowed = false;
    try {
      const ids = await unprocessedInbound(0, this.options.limit);
      for (const id of ids) {
        this.pending.push([id]);
        this.queued += 1;
      }
      // A full page: there may be more behind it.
      if (ids.length === this.options.limit) this.overflowed = true;
    } catch (error) {
      // The sweep will find them.
      log.warn('inbound catch-up failed', { error });
    } finally {
      this.catchingUp = false;
    }
    this.pump();
  }
}

// Webhook deliveries being stored in this process right now (on globalThis: the route and
// the queue may live in different bundles).
const ingesting: { count: number; lastEndedAt: number } = ((globalThis as unknown as { __ingesting?: { count: number; lastEndedAt: number } }).__ingesting ??= {
  count: 0,
  lastEndedAt: 0,
});

/** The webhook marks a delivery being stored; call the returned function when it is done. */
export function ingestStarted(): () => void {
  ingesting.count += 1;
  let done = false;
  return () => {
    if (done) return;
    done = true;
    ingesting.count -= 1;
    ingesting.lastEndedAt = Date.now();
  };
}

// One queue per process (on globalThis, like the handlers).
const queues = globalThis as unknown as { __inboundQueue?: InboundQueue };

/** Schedules the processing of messages a webhook just stored, on this process's queue. */
export function scheduleInbound(ids: string[]): void {
  queues.__inboundQueue ??= new InboundQueue({ concurrency: env().INBOUND_CONCURRENCY, limit: env().INBOUND_QUEUE_LIMIT });
  queues.__inboundQueue.schedule(ids);
}
