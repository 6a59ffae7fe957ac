// Stores what a webhook delivered, in one short transaction, exactly once:
//  - contact and conversation are upserted (concurrent first messages of a new candidate
//    meet in ON CONFLICT, not in a race);
//  - messages are inserted with ON CONFLICT (wamid) DO NOTHING, so a redelivery (even
//    twenty at once) stores nothing new, and the rows keep the payload's order;
//  - status events are recorded once per (wamid, status) and the message's delivery
//    fields are recomputed from all of its events (lib/statuses/apply.ts).
// The SQL is hand-written and runs on the pg pool directly because this is the hot path
// (360Dialog bursts to 1,000 deliveries a second): one candidate's messages are one
// statement, a delivery of statuses one statement.
import { isRetryableTransactionError, pgTransaction, pool } from '../db/client';
import { onClient, type Run } from '../db/statements';
import { APPLY_STATUSES, INSERT_STATUSES, statusesJson } from '../statuses/apply';
import { publishCommitted, type LiveEvent } from '../live/events';
import { DomainError } from '../errors';
import { log } from '../log';
import type { InboundContact, InboundMessage, WebhookBatch } from './batch';
import { previewOf } from './preview';
import { applyChanges, applyEchoes } from './store-changes';


export interface IngestResult {
  /** Ids of the inbound messages this delivery stored for the first time, in order. */
  storedMessageIds: string[];
  duplicateMessages: number;
  statuses: number;
  duplicateStatuses: number;
  events: number;
}

function contactParams(contact: InboundContact): unknown[] {
  return [contact.waId, contact.userId, contact.username, contact.name];
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

/** Runs one statement: on a pooled connection (the webhook) or in a Prisma transaction (the outbox). */
// One candidate's messages (payload order, each wamid once) in one statement, atomic on its
// own (no BEGIN/COMMIT round trips for the commonest delivery): the candidate is upserted (a
// candidate is found by their BSUID first, so that one known by it keeps the identity they
// were first stored under, whether their number comes along later or not), a new
// conversation is created with its messages' figures, an existing one brought up to date if
// any message was new. The live event is published once it committed (publishCommitted).
// A conversation created meanwhile by a concurrent delivery is not visible to this
// statement's snapshot: its id comes back null, the insert fails on it, and the statement
// is run again (raced).
// $1 wa_id, $2 user_id (BSUID), $3 username, $4 profile name, $5 the messages as a JSON array
const INSERT_ONE_SENDER = `
  WITH incoming AS (
    SELECT * FROM jsonb_to_recordset($5::jsonb) AS m(ord int, wamid text, type text, unsupported boolean, text text,
      context_wamid text, media_id text, media_mime_type text, media_sha256 text, media_filename text, payload jsonb,
      occurred_at timestamptz, preview text, group_id text)
  ), newest AS (
    SELECT occurred_at, preview FROM incoming ORDER BY occurred_at DESC, ord DESC LIMIT 1
  ), contact AS (
    INSERT INTO contacts (identity, wa_id, user_id, username, profile_name)
    VALUES (
      COALESCE((SELECT c.identity FROM contacts c WHERE c.user_id = $2::text ORDER BY c.created_at LIMIT 1),
               $1::text, $2::text),
      $1::text, $2::text, $3::text, $4::text)
    ON CONFLICT (identity) DO UPDATE SET
      wa_id = COALESCE(EXCLUDED.wa_id, contacts.wa_id),
      user_id = COALESCE(EXCLUDED.user_id, contacts.user_id),
      username = COALESCE(EXCLUDED.username, contacts.username),
      profile_name = COALESCE(EXCLUDED.profile_name, contacts.profile_name),
      updated_at = now()
    RETURNING id
  ), created AS (
    -- A new conversation: every message of the delivery is new in it. Created with their
    -- search signature: the trigger on messages then has nothing to add (no second update).
    INSERT INTO conversations (contact_id, last_message_at, last_inbound_at, last_message_preview, unread_count, search_signature)
    SELECT contact.id, newest.occurred_at, (SELECT max(occurred_at) FROM incoming WHERE group_id IS NULL), newest.preview,
      (SELECT count(*) FROM incoming)::int,
      (SELECT coalesce(bit_or(search_signature_of(text)), repeat('0', 512)::bit(512)) FROM incoming)
    FROM contact, newest
    ON CONFLICT (contact_id) DO NOTHING
    RETURNING id
  ), conversation AS (
    SELECT id, true AS created FROM created
    UNION ALL
    SELECT c.id, false FROM conversations c JOIN contact ON c.contact_id = contact.id WHERE NOT EXISTS (SELECT 1 FROM created)
  ), inserted AS (
    INSERT INTO messages (conversation_id, direction, author, wamid, type, unsupported, text, context_wamid,
      media_id, media_mime_type, media_sha256, media_filename, payload, occurred_at, status, group_id)
    SELECT (SELECT id FROM conversation), 'INBOUND', 'CANDIDATE', wamid, type, unsupported, text, context_wamid,
      media_id, media_mime_type, media_sha256, media_filename, payload, occurred_at, 'RECEIVED', group_id
    FROM incoming ORDER BY ord
    ON CONFLICT (wamid) DO NOTHING
    RETURNING id, wamid
  ), latest AS (
    SELECT i.occurred_at, i.preview FROM incoming i JOIN inserted USING (wamid)
    ORDER BY i.occurred_at DESC, i.ord DESC LIMIT 1
  ), touched AS (
    -- An existing conversation (the one created above is final already).
    UPDATE conversations SET
      last_message_preview = CASE WHEN last_message_at <= latest.occurred_at
                                  THEN latest.preview ELSE last_message_preview END,
      -- A message in a group opens the group's window, not the candidate's own (360DIALOG.md).
      last_inbound_at = GREATEST(last_inbound_at,
        (SELECT max(i.occurred_at) FROM incoming i JOIN inserted USING (wamid) WHERE i.group_id IS NULL)),
      last_message_at = GREATEST(last_message_at, latest.occurred_at),
      unread_count = unread_count + (SELECT count(*) FROM inserted)::int,
      status = CASE WHEN status = 'RESOLVED' THEN 'OPEN'::"ConversationStatus" ELSE status END,
      -- A candidate's message can change what a template cost (the 24-hour window).
      costs_version = costs_version + 1,
      -- The new texts' search signature bits, so the trigger on messages has none to add.
      search_signature = search_signature | (SELECT coalesce(bit_or(search_signature_of(i.text)), repeat('0', 512)::bit(512))
                                             FROM incoming i JOIN inserted USING (wamid)),
      updated_at = now()
    FROM latest
    WHERE conversations.id = (SELECT id FROM conversation WHERE NOT created)
    RETURNING conversations.id
  )
  SELECT id, wamid, (SELECT id FROM conversation) AS conversation_id, (SELECT count(*) FROM touched) AS touched FROM inserted`;

function messagesJson(messages: InboundMessage[]): string {
  return JSON.stringify(
    messages.map((m, ord) => ({
      ord,
      wamid: m.wamid,
      type: m.type,
      unsupported: m.unsupported,
      text: m.text,
      context_wamid: m.contextWamid,
      media_id: m.media?.id ?? null,
      media_mime_type: m.media?.mimeType ?? null,
      media_sha256: m.media?.sha256 ?? null,
      media_filename: m.media?.filename ?? null,
      payload: m.raw,
      occurred_at: m.occurredAt.toISOString(),
      preview: previewOf(m.text, m.type),
      group_id: m.groupId,
    })),
  );
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
  if (batch.messages.length + batch.statuses.length + batch.events.length + batch.changes.length + batch.echoes.length === 0) {
    return result;
  }

  // Messages grouped by sender. Senders are handled in a fixed order so that concurrent
  // payloads naming the same candidates lock their conversations in the same order.
  const bySender = new Map<string, InboundMessage[]>();
  for (const message of batch.messages) {
    const key = senderKey(message);
    bySender.set(key, [...(bySender.get(key) ?? []), message]);
  }
  const senders = [...bySender.keys()].sort();

  const groups: InboundMessage[][] = [];
  // A payload may repeat a wamid: the first occurrence wins.
  const seen = new Set<string>();
  for (const sender of senders) {
    const messages = bySender.get(sender)!;
    const unique = messages.filter((m) => !seen.has(m.wamid) && seen.add(m.wamid));
    result.duplicateMessages += messages.length - unique.length;
    if (unique.length > 0) groups.push(unique);
  }

  // What changed, for open dashboards: published once it has committed.
  let changed: LiveEvent[] = [];
  const store = async (run: Run) => {
    // Reset per attempt: a deadlock victim runs again from the start.
    Object.assign(result, { storedMessageIds: [], statuses: 0, duplicateStatuses: 0, events: 0 });
    changed = [];
    let duplicates = 0;
    for (const unique of groups) {
      const inserted = await run<{ id: string; wamid: string; conversation_id: string }>(INSERT_ONE_SENDER, [
        ...contactParams(contactFor(unique[0]!, batch.contacts)),
        messagesJson(unique),
      ]);
      if (inserted.length > 0) changed.push({ type: 'message', conversationId: inserted[0]!.conversation_id });
      const idByWamid = new Map(inserted.map((row) => [row.wamid, row.id]));
      const stored = unique.filter((m) => idByWamid.has(m.wamid));
      duplicates += unique.length - stored.length;
      result.storedMessageIds.push(...stored.map((m) => idByWamid.get(m.wamid)!));
    }
    if (batch.statuses.length > 0) {
      const [row] = await run<{ inserted: number; changed: string[]; linked: string[] }>(INSERT_STATUSES, [statusesJson(batch.statuses)]);
      result.statuses = Number(row!.inserted);
      changed.push(...row!.changed.map((conversationId): LiveEvent => ({ type: 'status', conversationId })));
      // Our messages whose sender died before recording 360Dialog's answer: now they have their
      // wamid (not sent again), and their statuses apply (rare: a second statement).
      if (row!.linked.length > 0) await run(APPLY_STATUSES, [row!.linked]);
      result.duplicateStatuses = batch.statuses.length - result.statuses;
    }
    if (batch.changes.length > 0) {
      const applied = await applyChanges(run, batch);
      changed.push(...applied.changed);
      result.events += applied.kept;
    }
    if (batch.echoes.length > 0) changed.push(...(await applyEchoes(run, batch)));
    if (batch.events.length > 0) {
      await run(
        `INSERT INTO webhook_events (field, payload, reason)
         SELECT field, COALESCE(payload, 'null'::jsonb), reason FROM jsonb_to_recordset($1::jsonb) AS e(field text, payload jsonb, reason text)`,
        [JSON.stringify(batch.events.map((e) => ({ field: e.field, payload: e.payload, reason: e.reason })))],
      );
      result.events += batch.events.length;
    }
    return duplicates;
  };

  // One candidate's messages, or statuses only (the commonest two), are one statement, atomic
  // on its own; anything else runs in one transaction.
  const statements =
    groups.length +
    [batch.statuses, batch.events, batch.changes, batch.echoes].filter((items) => items.length > 0).length;
  const duplicates =
    statements === 1
      ? await oneStatement(() => store(onClient(pool())))
      : await pgTransaction((client) => store(onClient(client)), 4, raced);
  publishCommitted(changed);
  result.duplicateMessages += duplicates;
  return result;
}

/** A conversation that a concurrent delivery created after this statement's snapshot (see INSERT_ONE_SENDER). */
const raced = (error: unknown) =>
  (error as { code?: string }).code === '23502' && (error as { column?: string }).column === 'conversation_id';

/** Runs a statement again when it lost a race: a deadlock, or a conversation created meanwhile (raced). */
async function oneStatement<T>(run: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts || !(raced(error) || isRetryableTransactionError(error))) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 2 + Math.random() * 10 * attempt));
  }
}

/**
 * A delivery as the webhook stores it: marked as being stored (the inbound queue yields to
 * it). When it cannot be stored nothing of it was: `unavailable` (503 with Retry-After)
 * makes 360Dialog deliver it again later.
 */
export async function storeDelivery(batch: WebhookBatch): Promise<IngestResult> {
  try {
    return await ingestWebhook(batch);
  } catch (error) {
    log.error('webhook could not be stored', { error, messages: batch.messages.length, statuses: batch.statuses.length });
    throw new DomainError('unavailable', 'The message could not be stored; please retry.', { retryAfterSeconds: 5 });
  }
}
