// The work that follows an acknowledged inbound message (the screening agent's turn). The
// webhook stores and acknowledges, and after its commit announces the delivery on the
// 'inbound' channel (announceInbound: a NOTIFY, coalesced with the live events). Workers
// (lib/runtime/worker.ts) LISTEN there and claim unprocessed messages from the database,
// oldest first, a few at a time (InboundWorker): the database is the queue, so a burst is
// acknowledged at the speed of storing it and the workers catch up behind it, and whatever
// process dies, nothing acknowledged is lost.
//
// A lease keeps two runs (two workers, a worker and the sweep) from working on the same
// message at the same time; a run that died leaves its lease to run out, and the sweep
// (sweepUnprocessedInbound, on one worker at a time) picks up what is left, so every stored
// message is processed at least once. The agent's cursor makes "at least once" answer once.
import { db, pool } from '../db/client';
import { notifySoon } from '../db/notify';
import { env } from '../env';
import { log } from '../log';

/** Where the webhook tells the workers that messages were stored (NOTIFY after its commit). */
export const INBOUND_CHANNEL = 'inbound';

export interface InboundMessageRef {
  id: string;
  conversationId: string;
  seq: bigint;
}

/** The work for one inbound message (the agent's turn); a throw leaves the message to be retried. */
export type InboundHandler = (message: InboundMessageRef) => Promise<unknown>;

/** The webhook stored messages and committed: tell the workers (one NOTIFY per few ms, lib/db/notify.ts). */
export function announceInbound(): void {
  notifySoon(INBOUND_CHANNEL, ['']);
}

export interface ProcessResult {
  processed: number;
  failed: number;
  skipped: number;
}

type Row = { id: string; conversationId: string; seq: string; createdAt: Date };
const toRefs = (rows: Row[]): InboundMessageRef[] =>
  rows
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (BigInt(a.seq) < BigInt(b.seq) ? -1 : 1))
    .map((row) => ({ id: row.id, conversationId: row.conversationId, seq: BigInt(row.seq) }));

/**
 * Leases up to `limit` inbound messages that are unprocessed and not leased by another run,
 * oldest first (messages_unprocessed_idx); returns them in that order.
 */
export async function claimInbound(limit: number, leaseSeconds: number): Promise<InboundMessageRef[]> {
  const { rows } = await pool().query<Row>(
    `UPDATE messages m SET processing_lease_until = now() + make_interval(secs => $2)
     FROM (
       SELECT id FROM messages
       WHERE direction = 'INBOUND' AND processed_at IS NULL
         AND (processing_lease_until IS NULL OR processing_lease_until < now())
       ORDER BY created_at
       LIMIT $1
       FOR UPDATE SKIP LOCKED
     ) due
     WHERE m.id = due.id
     RETURNING m.id, m.conversation_id AS "conversationId", m.seq, m.created_at AS "createdAt"`,
    [limit, leaseSeconds],
  );
  return toRefs(rows);
}

/** Runs the handler for a leased message and marks it processed; false when it failed (its lease then runs out). */
async function complete(message: InboundMessageRef, handler: InboundHandler): Promise<boolean> {
  try {
    await handler(message);
    await pool().query('UPDATE messages SET processed_at = now(), processing_lease_until = NULL WHERE id = $1::uuid', [message.id]);
    return true;
  } catch (error) {
    // Left unprocessed with its lease: it is claimed again once the lease has run out.
    log.error('inbound processing failed', { messageId: message.id, error });
    return false;
  }
}

/** Processes the given inbound messages, in storing order (those not yet processed and not leased by another run). */
export async function processInbound(
  ids: string[],
  handler: InboundHandler,
  leaseSeconds = env().INBOUND_LEASE_SECONDS,
): Promise<ProcessResult> {
  const result: ProcessResult = { processed: 0, failed: 0, skipped: 0 };
  if (ids.length === 0) return result;
  const { rows } = await pool().query<Row>(
    `UPDATE messages SET processing_lease_until = now() + make_interval(secs => $2)
     WHERE id = ANY($1::uuid[]) AND direction = 'INBOUND' AND processed_at IS NULL
       AND (processing_lease_until IS NULL OR processing_lease_until < now())
     RETURNING id, conversation_id AS "conversationId", seq, created_at AS "createdAt"`,
    [ids, leaseSeconds],
  );
  const claimed = toRefs(rows);
  result.skipped = ids.length - claimed.length;
  for (const message of claimed) {
    if (await complete(message, handler)) result.processed += 1;
    else result.failed += 1;
  }
  return result;
}

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

/**
 * The safety net: processes inbound messages stored more than `olderThanSeconds` ago and
 * still unprocessed (a notification no worker heard, a run that died and left its lease).
 */
export async function sweepUnprocessedInbound(olderThanSeconds: number, handler: InboundHandler, limit = 500): Promise<ProcessResult> {
  const result = await processInbound(await unprocessedInbound(olderThanSeconds, limit), handler);
  if (result.processed + result.failed > 0) log.info('inbound sweep', { ...result });
  return result;
}

// Notifications this close together are a burst of webhooks.
const BURST_GAP_MS = 100;

export interface InboundWorkerOptions {
  handler: InboundHandler;
  /** How many messages are worked on at once. */
  concurrency: number;
  leaseSeconds: number;
  /**
   * In a process that also serves the webhook (WORKER=on): while deliveries keep being
   * announced, one message at a time, so that storing them comes first; full speed once
   * the burst is over. A worker process of its own needs none of this.
   */
  paced?: boolean;
}

/**
 * A worker's inbound work: when woken (a delivery was announced, the sweep, a reconnect),
 * claims unprocessed messages from the database, oldest first, at most `concurrency` at a
 * time, and goes on claiming while it finds a full batch.
 */
export class InboundWorker {
  private running = 0;
  private claiming = false;
  private more = false;
  private stopped = false;
  private lastAnnouncedAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: InboundWorkerOptions) {}

  /** There may be messages to claim; `announced`: a webhook said so (counts toward a burst). */
  wake(announced = false): void {
    if (this.stopped) return;
    if (announced) this.lastAnnouncedAt = Date.now();
    this.more = true;
    this.pump();
  }

  depth(): { running: number; claiming: boolean } {
    return { running: this.running, claiming: this.claiming };
  }

  /** Resolves once nothing is running and nothing is left to claim (as far as this worker knows). */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Claims nothing more; resolves when the messages being worked on are done. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.more = false;
    if (this.timer) clearTimeout(this.timer);
    await this.idle();
  }

  private isIdle() {
    return this.running === 0 && !this.claiming && !this.more;
  }

  private later(ms: number) {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pump();
    }, ms);
    this.timer.unref();
  }

  private pump(): void {
    if (!this.stopped && !this.claiming && this.more) {
      const burst = this.options.paced === true && Date.now() - this.lastAnnouncedAt < BURST_GAP_MS;
      const free = (burst ? 1 : this.options.concurrency) - this.running;
      if (free > 0) {
        this.claiming = true;
        this.more = false;
        claimInbound(free, this.options.leaseSeconds).then(
          (claimed) => {
            this.claiming = false;
            // A full batch: there may be more behind it.
            if (claimed.length === free) this.more = true;
            for (const message of claimed) this.run(message);
            this.pump();
          },
          (error) => {
            this.claiming = false;
            this.more = true;
            log.warn('inbound claim failed', { error });
            this.later(1000);
          },
        );
      } else if (burst && this.running < this.options.concurrency) {
        // Full speed again once the burst is over.
        this.later(BURST_GAP_MS);
      }
    }
    if (this.isIdle()) this.idleWaiters.splice(0).forEach((resolve) => resolve());
  }

  private run(message: InboundMessageRef): void {
    this.running += 1;
    void complete(message, this.options.handler).finally(() => {
      this.running -= 1;
      this.pump();
    });
  }
}
