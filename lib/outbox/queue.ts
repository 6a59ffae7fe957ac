// The outbox: every message our side sends is first a row in `messages` (direction
// OUTBOUND, status QUEUED), written in the same transaction as whatever caused it. A
// dispatcher (lib/outbox/dispatcher.ts) claims due rows and sends them; this module holds the
// SQL both sides share.
//
// Guarantees:
//  - nothing is lost: a row leaves QUEUED only for SENT, FAILED (with the reason) or CANCELLED;
//  - several dispatchers never claim the same row (FOR UPDATE SKIP LOCKED + a lease); a row
//    whose dispatcher died is claimed again once its lease has expired;
//  - per candidate, messages leave in the order they were queued: a row is due only when
//    no earlier row of its conversation is still queued or being sent.
// Once 360Dialog accepted a message, it is never sent again because recording that failed:
// the dispatcher retries the record (not the send), extending the lease meanwhile, and never
// claims the message again itself. Every send carries the message's id as
// biz_opaque_callback_data, so the first status webhook records a send whose record was lost.
// The one gap no client can close: a process that dies after 360Dialog accepted a message
// and before either the record or a status webhook arrived sends it again after the lease
// (the API has no idempotency key). The window is one HTTP response long.
import { Prisma, db, pgTransaction, pool } from '../db/client';
import { codedError } from '../errors';
import { liveEventSql, publish } from '../live/events';
import { applyStatusEvents } from '../statuses/apply';
import { WhatsAppApiError } from '../whatsapp/errors';
import { isFreeForm, outboundContent, summary, toApiPayload, type OutboundContent } from '../whatsapp/outbound';
import { windowOpen } from '../conversations/window';

type Tx = Prisma.TransactionClient;

/** Where a queued message is announced to the dispatchers (NOTIFY, sent on commit). */
export const OUTBOX_CHANNEL = 'outbox';

export interface EnqueueInput {
  conversationId: string;
  author: 'BOT' | 'RECRUITER';
  authorUserId?: string | null;
  content: OutboundContent;
}

export type OutboxRefusal = 'conversation_not_found' | 'window_closed' | 'no_recipient';

export class OutboxError extends codedError<OutboxRefusal>('OutboxError', {
  conversation_not_found: 'not_found',
  window_closed: 'conflict',
  no_recipient: 'invalid',
}) {}


/** The row's type, as WhatsApp names it: buttons, lists and location requests are all `interactive`. */
function messageType(content: OutboundContent): string {
  return content.type === 'buttons' || content.type === 'list' || content.type === 'location_request' ? 'interactive' : content.type;
}

/** Who a conversation's messages go to, and when the candidate last wrote (the 24-hour window). */
export interface Recipient {
  lastInboundAt: Date | null;
  waId: string | null;
  userId: string | null;
}

/** A recipient already looked up in this transaction (undefined: there is no such conversation). */
export interface RecipientLookup {
  recipient: Recipient | undefined;
}

export async function recipientOf(tx: Tx, conversationId: string): Promise<Recipient | undefined> {
  const [conversation] = await tx.$queryRaw<Recipient[]>`
    SELECT c.last_inbound_at AS "lastInboundAt", ct.wa_id AS "waId", ct.user_id AS "userId"
    FROM conversations c JOIN contacts ct ON ct.id = c.contact_id
    WHERE c.id = ${conversationId}::uuid`;
  return conversation;
}

/**
 * Queues a message inside the caller's transaction. Refuses free-form content outside the
 * 24-hour window (only templates may be sent then). Its notification on OUTBOX_CHANNEL wakes
 * every dispatcher when the transaction commits.
 */
export async function enqueueMessage(tx: Tx, input: EnqueueInput, looked?: RecipientLookup): Promise<{ id: string }> {
  const content = outboundContent.parse(input.content);
  const conversation = looked ? looked.recipient : await recipientOf(tx, input.conversationId);
  if (!conversation) throw new OutboxError('conversation_not_found', 'There is no such conversation.');
  const to = conversation.waId ?? conversation.userId;
  if (!to) throw new OutboxError('no_recipient', 'The candidate has no WhatsApp number or user id.');
  if (isFreeForm(content) && !windowOpen(conversation.lastInboundAt)) {
    throw new OutboxError(
      'window_closed',
      'The candidate has not written in the last 24 hours: only an approved template can be sent.',
    );
  }
  const text = summary(content);
  const preview = (text ?? `[${messageType(content)}]`).slice(0, 160);
  // The row, the conversation's preview, and the two notifications in one statement:
  // dispatchers listen on OUTBOX_CHANNEL (lib/runtime/worker.ts),
  // dashboards for the live event (lib/live/events.ts); both are sent on commit.
  const rows = await tx.$queryRaw<{ id: string }[]>`
    WITH inserted AS (
      INSERT INTO messages (conversation_id, direction, author, author_user_id, type, text, context_wamid, payload,
        template_category, occurred_at, status)
      VALUES (${input.conversationId}::uuid, 'OUTBOUND', ${input.author}::"MessageAuthor", ${input.authorUserId ?? null}::uuid,
        ${messageType(content)}, ${text}, ${'replyTo' in content ? (content.replyTo ?? null) : null},
        ${JSON.stringify(toApiPayload(to, content))}::jsonb, ${content.type === 'template' ? (content.category ?? null) : null},
        now(), 'QUEUED')
      RETURNING id, conversation_id
    ), touched AS (
      UPDATE conversations SET last_message_at = GREATEST(last_message_at, now()), last_message_preview = ${preview},
        -- So that the trigger on messages has no bits to add (no second update of the row).
        search_signature = search_signature | search_signature_of(${text}), updated_at = now()
      WHERE id = ${input.conversationId}::uuid
    )
    SELECT id, (SELECT count(*) FROM (
      SELECT pg_notify(${OUTBOX_CHANNEL}, ${input.conversationId}),
        ${Prisma.raw(liveEventSql('message', 'SELECT conversation_id FROM inserted'))}) n)::int AS notified
    FROM inserted`;
  return rows[0]!;
}

/** Queues a message in a transaction of its own (its NOTIFY wakes the dispatchers on commit). */
export async function queueMessage(input: EnqueueInput): Promise<{ id: string }> {
  return db().$transaction((tx) => enqueueMessage(tx, input));
}

/**
 * Cancels queued messages of a conversation (all, or only those by the given authors).
 * A message already being sent cannot be called back; it is not counted.
 */
export async function cancelQueued(
  tx: Tx,
  conversationId: string,
  authors: ('BOT' | 'RECRUITER')[] = ['BOT', 'RECRUITER'],
): Promise<number> {
  const cancelled = await tx.$executeRaw`
    UPDATE messages SET status = 'CANCELLED', next_attempt_at = NULL
    WHERE conversation_id = ${conversationId}::uuid AND direction = 'OUTBOUND' AND status = 'QUEUED'
      AND author::text = ANY(${authors}::text[])`;
  if (cancelled > 0) await publish(tx, { type: 'status', conversationId });
  return cancelled;
}

export interface ClaimedMessage {
  id: string;
  conversationId: string;
  payload: Record<string, unknown>;
  attempts: number;
}

/**
 * Claims due messages (at most one per conversation: the oldest unsent) for this dispatcher.
 * `except`: messages this dispatcher sent and is still recording, never claimed again here
 * (their lease may have run out while the database was unavailable).
 */
export async function claimDue(limit: number, leaseSeconds: number, except: string[] = []): Promise<ClaimedMessage[]> {
  return pgTransaction(async (client) => {
    // Plain index scans, not bitmap scans: a message sent leaves its QUEUED and SENDING entries
    // in the outbox index until VACUUM (tens of thousands after a burst; a large table waits
    // long for autovacuum). An index scan reads such a row once and marks its entry dead, so
    // the next claims step over it; a bitmap scan would read them all again on every claim.
    await client.query('SET LOCAL enable_bitmapscan = off');
    // Rows whose dispatcher died mid-send become due again.
    await client.query(
      `UPDATE messages SET status = 'QUEUED', dispatch_lease_until = NULL
       WHERE status = 'SENDING' AND dispatch_lease_until < now() AND id <> ALL($1::uuid[])`,
      [except],
    );
    // The first due messages in send order (the outbox index; only outbound messages are ever
    // queued), each kept if it is the head of its conversation's queue: the first unsent one
    // in the conversation's own order (time, then seq), one probe of messages_outbox_heads_idx,
    // which holds only unsent messages. Both steps stay cheap whatever PostgreSQL believes
    // about the table after a burst (BENCHMARKS.md has what the alternatives cost).
    const { rows } = await client.query<ClaimedMessage>(
      `WITH candidates AS MATERIALIZED (
        SELECT id, conversation_id, seq FROM messages
        WHERE status = 'QUEUED' AND (next_attempt_at IS NULL OR next_attempt_at <= now())
        ORDER BY seq
        LIMIT $1
      ), heads AS MATERIALIZED (
        SELECT c.id, c.seq FROM candidates c
        WHERE c.id = (
          SELECT e.id FROM messages e
          WHERE e.conversation_id = c.conversation_id AND e.status IN ('QUEUED', 'SENDING')
          ORDER BY e.occurred_at, e.seq
          LIMIT 1)
      ), due AS (
        SELECT m.id FROM messages m
        WHERE m.id IN (SELECT id FROM heads) AND m.status = 'QUEUED' AND m.id <> ALL($4::uuid[])
        ORDER BY m.seq
        LIMIT $2
        FOR UPDATE SKIP LOCKED
      )
      UPDATE messages m SET status = 'SENDING', attempts = m.attempts + 1,
        dispatch_lease_until = now() + make_interval(secs => $3)
      FROM due WHERE m.id = due.id
      RETURNING m.id, m.conversation_id AS "conversationId", m.payload, m.attempts`,
      [limit * 4, limit, leaseSeconds, except],
    );
    return rows;
  });
}

/** 360Dialog accepted the message: record its wamid, and apply statuses that came first. */
export async function recordAccepted(id: string, wamid: string): Promise<void> {
  // On the pg pool: the dispatcher calls this for every message sent.
  await pgTransaction(async (client) => {
    await client.query(
      `WITH accepted AS (
        UPDATE messages SET wamid = $2, status = GREATEST(status, 'SENT'), accepted_at = now(),
          dispatch_lease_until = NULL, next_attempt_at = NULL,
          error_code = NULL, error_title = NULL, error_detail = NULL, error_category = NULL
        WHERE id = $1::uuid
        RETURNING conversation_id)
      SELECT count(*) FROM (
        SELECT ${liveEventSql('status', 'conversation_id')} FROM accepted) n`,
      [id, wamid],
    );
    await applyStatusEvents(client, [wamid]);
  });
}

/** Keeps a message being sent reserved for its dispatcher `leaseSeconds` longer (it is recording an accepted send). */
export async function extendLease(id: string, leaseSeconds: number): Promise<void> {
  await pool().query(
    `UPDATE messages SET dispatch_lease_until = now() + make_interval(secs => $2) WHERE id = $1::uuid AND status = 'SENDING'`,
    [id, leaseSeconds],
  );
}

/** The send failed: schedule another attempt at `retryAt`, or fail the message for good. */
export async function recordFailure(id: string, error: WhatsAppApiError, retryAt: Date | null): Promise<void> {
  const { code = null, title = null, detail = null } = error.details;
  // The update and its live event in one statement (only a final failure changes the ticks).
  if (retryAt) {
    await db().$executeRaw`
      UPDATE messages SET status = 'QUEUED', next_attempt_at = ${retryAt}::timestamptz, dispatch_lease_until = NULL,
        error_code = ${code}::int, error_title = ${title}, error_detail = ${detail}, error_category = ${error.category}
      WHERE id = ${id}::uuid AND status = 'SENDING'`;
  } else {
    await db().$executeRaw`
      WITH failed AS (
        UPDATE messages SET status = 'FAILED', failed_at = now(), next_attempt_at = NULL, dispatch_lease_until = NULL,
          error_code = ${code}::int, error_title = ${title ?? error.message}, error_detail = ${detail},
          error_category = ${error.category}
        WHERE id = ${id}::uuid AND status = 'SENDING'
        RETURNING conversation_id)
      SELECT ${Prisma.raw(liveEventSql('status', 'conversation_id'))} FROM failed`;
  }
}
