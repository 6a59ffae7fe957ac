// The work that follows an acknowledged inbound message (the screening agent registers
// here). It runs after the webhook's response has been sent, and again from a periodic
// sweep for messages that were stored but never processed (a crash after the ack), so
// every stored message is processed at least once. A lease keeps the after-response run
// and the sweep (or two instances) from working on the same message at the same time.
import { db } from './db';
import { env } from './env';
import { log } from './log';

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
  const claimed = await db().$queryRaw<InboundMessageRef[]>`
    UPDATE messages SET processing_lease_until = now() + make_interval(secs => ${leaseSeconds()})
    WHERE id = ANY(${ids}::uuid[]) AND direction = 'INBOUND' AND processed_at IS NULL
      AND (processing_lease_until IS NULL OR processing_lease_until < now())
    RETURNING id, conversation_id AS "conversationId", seq`;
  result.skipped = ids.length - claimed.length;
  claimed.sort((a, b) => (a.seq < b.seq ? -1 : 1));
  for (const message of claimed) {
    try {
      for (const handler of handlers) await handler(message);
      await db().$executeRaw`
        UPDATE messages SET processed_at = now(), processing_lease_until = NULL WHERE id = ${message.id}::uuid`;
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
export async function sweepUnprocessedInbound(olderThanSeconds: number, limit = 500): Promise<ProcessResult> {
  const rows = await db().$queryRaw<{ id: string }[]>`
    SELECT id FROM messages
    WHERE direction = 'INBOUND' AND processed_at IS NULL
      AND created_at < now() - make_interval(secs => ${olderThanSeconds})
      AND (processing_lease_until IS NULL OR processing_lease_until < now())
    ORDER BY created_at
    LIMIT ${limit}`;
  const result = await processInbound(rows.map((row) => row.id));
  if (result.processed + result.failed > 0) log.info('inbound sweep', { ...result });
  return result;
}
