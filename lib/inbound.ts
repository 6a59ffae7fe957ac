// Stores what a webhook delivered, in one short transaction, exactly once:
//  - contact and conversation are upserted (concurrent first messages of a new candidate
//    meet in ON CONFLICT, not in a race);
//  - messages are inserted with ON CONFLICT (wamid) DO NOTHING, so a redelivery (even
//    twenty at once) stores nothing new, and the rows keep the payload's order;
//  - status events are recorded once per (wamid, status) and the message's delivery
//    fields are recomputed from all of its events (see applyStatusEvents).
// The SQL is hand-written because this is the hot path: one round trip per step.
import { Prisma, transactionWithRetry } from './db';
import { publish } from './events';
import type { InboundContact, InboundMessage, InboundStatus, WebhookBatch } from './whatsapp/payload';

type Tx = Prisma.TransactionClient;

export interface IngestResult {
  /** Ids of the inbound messages this delivery stored for the first time, in order. */
  storedMessageIds: string[];
  duplicateMessages: number;
  statuses: number;
  duplicateStatuses: number;
  events: number;
}

const PREVIEW_LENGTH = 160;

function preview(message: InboundMessage): string {
  const text = message.text?.trim();
  const value = text ? text : `[${message.type}]`;
  return value.length > PREVIEW_LENGTH ? `${value.slice(0, PREVIEW_LENGTH - 1)}…` : value;
}

function senderKey(message: InboundMessage): string {
  return message.from ?? `user:${message.fromUserId}`;
}

function contactFor(message: InboundMessage, contacts: InboundContact[]): InboundContact {
  const match = contacts.find(
    (item) =>
      (message.from !== null && item.waId === message.from) ||
      (message.fromUserId !== null && item.userId === message.fromUserId),
  );
  return {
    waId: message.from ?? match?.waId ?? null,
    userId: message.fromUserId ?? match?.userId ?? null,
    name: match?.name ?? null,
    username: match?.username ?? null,
  };
}

/** Upserts the candidate and their conversation; returns the conversation id. */
async function upsertConversation(tx: Tx, contact: InboundContact): Promise<string> {
  // A candidate known only by BSUID keeps the identity they were first stored under.
  const rows = await tx.$queryRaw<{ id: string }[]>`
    WITH contact AS (
      INSERT INTO contacts (identity, wa_id, user_id, username, profile_name)
      VALUES (
        COALESCE(${contact.waId}::text,
                 (SELECT c.identity FROM contacts c WHERE c.user_id = ${contact.userId}::text ORDER BY c.created_at LIMIT 1),
                 ${contact.userId}::text),
        ${contact.waId}::text, ${contact.userId}::text, ${contact.username}::text, ${contact.name}::text)
      ON CONFLICT (identity) DO UPDATE SET
        wa_id = COALESCE(EXCLUDED.wa_id, contacts.wa_id),
        user_id = COALESCE(EXCLUDED.user_id, contacts.user_id),
        username = COALESCE(EXCLUDED.username, contacts.username),
        profile_name = COALESCE(EXCLUDED.profile_name, contacts.profile_name),
        updated_at = now()
      RETURNING id
    )
    INSERT INTO conversations (contact_id)
    SELECT id FROM contact
    ON CONFLICT (contact_id) DO UPDATE SET contact_id = EXCLUDED.contact_id
    RETURNING id`;
  return rows[0]!.id;
}

async function insertMessages(tx: Tx, conversationId: string, messages: InboundMessage[]) {
  const values = messages.map(
    (m) => Prisma.sql`(${conversationId}::uuid, 'INBOUND', 'CANDIDATE', ${m.wamid}, ${m.type}, ${m.unsupported},
      ${m.text}, ${m.contextWamid}, ${m.media?.id ?? null}, ${m.media?.mimeType ?? null}, ${m.media?.sha256 ?? null},
      ${m.media?.filename ?? null}, ${JSON.stringify(m.raw)}::jsonb, ${m.occurredAt}::timestamptz, 'RECEIVED')`,
  );
  return tx.$queryRaw<{ id: string; wamid: string }[]>`
    INSERT INTO messages (conversation_id, direction, author, wamid, type, unsupported, text, context_wamid,
      media_id, media_mime_type, media_sha256, media_filename, payload, occurred_at, status)
    VALUES ${Prisma.join(values)}
    ON CONFLICT (wamid) DO NOTHING
    RETURNING id, wamid`;
}

async function touchConversation(tx: Tx, conversationId: string, stored: InboundMessage[]) {
  const latest = stored.reduce((a, b) => (b.occurredAt >= a.occurredAt ? b : a));
  // The UPDATE and the live event in one round trip (pg_notify is sent on commit).
  await tx.$executeRaw`
    WITH touched AS (
    UPDATE conversations SET
      last_message_preview = CASE WHEN last_message_at IS NULL OR last_message_at <= ${latest.occurredAt}::timestamptz
                                  THEN ${preview(latest)} ELSE last_message_preview END,
      last_inbound_at = GREATEST(last_inbound_at, ${latest.occurredAt}::timestamptz),
      last_message_at = GREATEST(last_message_at, ${latest.occurredAt}::timestamptz),
      unread_count = unread_count + ${stored.length}::int,
      status = CASE WHEN status = 'RESOLVED' THEN 'OPEN'::"ConversationStatus" ELSE status END,
      updated_at = now()
    WHERE id = ${conversationId}::uuid
    RETURNING id)
    SELECT pg_notify('events', json_build_object('type', 'message', 'conversationId', id)::text) FROM touched`;
}

async function insertStatusEvents(tx: Tx, statuses: InboundStatus[]): Promise<number> {
  const values = statuses.map(
    (s) => Prisma.sql`(${s.wamid}, ${s.rawStatus}, ${s.status}::"DeliveryStatus", ${s.occurredAt}::timestamptz,
      ${s.recipientId}, ${s.error?.code ?? null}::int, ${s.error?.title ?? null}, ${s.error?.detail ?? null},
      ${s.pricing ? JSON.stringify(s.pricing) : null}::jsonb, ${s.conversation ? JSON.stringify(s.conversation) : null}::jsonb,
      ${JSON.stringify(s.raw)}::jsonb)`,
  );
  const inserted = await tx.$queryRaw<{ wamid: string }[]>`
    INSERT INTO status_events (wamid, raw_status, status, occurred_at, recipient_id, error_code, error_title,
      error_detail, pricing, conversation, payload)
    VALUES ${Prisma.join(values)}
    ON CONFLICT (wamid, raw_status) DO NOTHING
    RETURNING wamid`;
  return inserted.length;
}

/**
 * Brings outbound messages up to date with every status event recorded for their wamids.
 * Order-independent and idempotent: the status only moves forward (GREATEST over the
 * DeliveryStatus enum), timestamps and pricing are kept once known. Call it after a
 * status arrives, and after an outbound message gets its wamid (its statuses may have
 * come first).
 */
export async function applyStatusEvents(tx: Tx, wamids: string[]): Promise<number> {
  if (wamids.length === 0) return 0;
  const rows = await tx.$queryRaw<{ conversation_id: string }[]>`
    WITH updated AS (
    UPDATE messages m SET
      status = GREATEST(m.status, agg.top),
      sent_at = COALESCE(m.sent_at, agg.sent_at),
      delivered_at = COALESCE(m.delivered_at, agg.delivered_at),
      read_at = COALESCE(m.read_at, agg.read_at),
      failed_at = COALESCE(m.failed_at, agg.failed_at),
      error_code = COALESCE(agg.error_code, m.error_code),
      error_title = COALESCE(agg.error_title, m.error_title),
      error_detail = COALESCE(agg.error_detail, m.error_detail),
      pricing_model = COALESCE(agg.pricing->>'pricing_model', m.pricing_model),
      pricing_category = COALESCE(agg.pricing->>'category', m.pricing_category),
      pricing_type = COALESCE(agg.pricing->>'type', m.pricing_type),
      billable = COALESCE((agg.pricing->>'billable')::boolean, m.billable),
      wa_conversation_id = COALESCE(agg.conversation->>'id', m.wa_conversation_id),
      wa_conversation_origin = COALESCE(agg.conversation->'origin'->>'type', m.wa_conversation_origin),
      wa_conversation_expires = COALESCE(
        to_timestamp(NULLIF(agg.conversation->>'expiration_timestamp', '')::bigint), m.wa_conversation_expires)
    FROM (
      SELECT wamid,
        max(status) AS top,
        min(occurred_at) FILTER (WHERE status = 'SENT') AS sent_at,
        min(occurred_at) FILTER (WHERE status = 'DELIVERED') AS delivered_at,
        min(occurred_at) FILTER (WHERE status = 'READ') AS read_at,
        min(occurred_at) FILTER (WHERE status = 'FAILED') AS failed_at,
        (array_agg(error_code ORDER BY occurred_at DESC) FILTER (WHERE error_code IS NOT NULL))[1] AS error_code,
        (array_agg(error_title ORDER BY occurred_at DESC) FILTER (WHERE error_title IS NOT NULL))[1] AS error_title,
        (array_agg(error_detail ORDER BY occurred_at DESC) FILTER (WHERE error_detail IS NOT NULL))[1] AS error_detail,
        (array_agg(pricing ORDER BY occurred_at DESC) FILTER (WHERE pricing IS NOT NULL))[1] AS pricing,
        (array_agg(conversation ORDER BY occurred_at DESC) FILTER (WHERE conversation IS NOT NULL))[1] AS conversation
      FROM status_events
      WHERE wamid = ANY(${wamids}::text[])
      GROUP BY wamid
    ) agg
    WHERE m.wamid = agg.wamid AND m.direction = 'OUTBOUND'
    RETURNING m.conversation_id)
    SELECT DISTINCT conversation_id FROM updated`;
  // One live event per conversation whose ticks changed.
  for (const row of rows) await publish(tx, { type: 'status', conversationId: row.conversation_id });
  return rows.length;
}

/** Stores one webhook delivery. Throws (and stores nothing) if the database refuses any part. */
export async function ingestWebhook(batch: WebhookBatch): Promise<IngestResult> {
  const result: IngestResult = {
    storedMessageIds: [],
    duplicateMessages: 0,
    statuses: 0,
    duplicateStatuses: 0,
    events: 0,
  };
  if (batch.messages.length + batch.statuses.length + batch.events.length === 0) return result;

  // Messages grouped by sender. Senders are handled in a fixed order so that concurrent
  // payloads naming the same candidates lock their conversations in the same order.
  const bySender = new Map<string, InboundMessage[]>();
  for (const message of batch.messages) {
    const key = senderKey(message);
    bySender.set(key, [...(bySender.get(key) ?? []), message]);
  }
  const senders = [...bySender.keys()].sort();

  await transactionWithRetry(async (tx) => {
    // Reset per attempt: a deadlock victim runs again from the start.
    Object.assign(result, { storedMessageIds: [], duplicateMessages: 0, statuses: 0, duplicateStatuses: 0, events: 0 });
    // A payload may repeat a wamid: the first occurrence wins.
    const seen = new Set<string>();
    for (const sender of senders) {
      const messages = bySender.get(sender)!;
      const unique = messages.filter((m) => !seen.has(m.wamid) && seen.add(m.wamid));
      result.duplicateMessages += messages.length - unique.length;
      if (unique.length === 0) continue;
      const conversationId = await upsertConversation(tx, contactFor(unique[0]!, batch.contacts));
      const inserted = await insertMessages(tx, conversationId, unique);
      const insertedWamids = new Set(inserted.map((row) => row.wamid));
      const stored = unique.filter((m) => insertedWamids.has(m.wamid));
      result.duplicateMessages += unique.length - stored.length;
      const idByWamid = new Map(inserted.map((row) => [row.wamid, row.id]));
      result.storedMessageIds.push(...stored.map((m) => idByWamid.get(m.wamid)!));
      if (stored.length > 0) await touchConversation(tx, conversationId, stored);
    }
    if (batch.statuses.length > 0) {
      const inserted = await insertStatusEvents(tx, batch.statuses);
      result.statuses = inserted;
      result.duplicateStatuses = batch.statuses.length - inserted;
      if (inserted > 0) await applyStatusEvents(tx, [...new Set(batch.statuses.map((s) => s.wamid))].sort());
    }
    if (batch.events.length > 0) {
      const values = batch.events.map((e) => Prisma.sql`(${e.field}, ${JSON.stringify(e.payload)}::jsonb)`);
      await tx.$executeRaw`INSERT INTO webhook_events (field, payload) VALUES ${Prisma.join(values)}`;
      result.events = batch.events.length;
    }
  });
  return result;
}
