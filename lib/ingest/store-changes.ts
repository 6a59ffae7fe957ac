// The parts of a delivery that change what is already stored (lib/ingest/store.ts runs them in
// the delivery's statement or transaction): the candidate's edits and deletions of their
// earlier messages, and echoes of what the business typed in the WhatsApp Business app.
import type { Run } from '../db/statements';
import { IS_ERASED_MESSAGE } from '../privacy/erased';
import type { LiveEvent } from '../live/events';
import type { WebhookBatch } from './batch';
import { PREVIEW_LENGTH, previewOf } from './preview';

// What a deleted message keeps: the fact, not the content (a candidate who deletes a message
// expects it gone). $alias is the messages row.
const DELETED_PAYLOAD = (m: string) =>
  `jsonb_build_object('id', ${m}.wamid, 'type', ${m}.type, 'timestamp', ${m}.payload->'timestamp', 'deleted', true)`;

// Edits and deletions of the candidate's earlier messages, in one statement: an edit replaces
// the text (the newest edit wins; a redelivery changes nothing), a deletion clears text,
// media and payload and keeps when it happened. A change to a message this app does not
// have is kept in webhook_events with the reason, unless the message was an erased
// candidate's. $1 the changes as a JSON array.
const APPLY_CHANGES = `
  WITH incoming AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS c(ord int, kind text, wamid text, original text,
      occurred_at timestamptz, text text, payload jsonb)
  ), latest AS (
    -- Per message: a deletion over any edit, else the newest edit.
    SELECT DISTINCT ON (original) * FROM incoming ORDER BY original, (kind = 'revoke') DESC, occurred_at DESC, ord DESC
  ), applied AS (
    UPDATE messages m SET
      text = CASE WHEN l.kind = 'revoke' THEN NULL ELSE COALESCE(l.text, m.text) END,
      edited_at = CASE WHEN l.kind = 'edit' THEN l.occurred_at ELSE m.edited_at END,
      deleted_at = CASE WHEN l.kind = 'revoke' THEN l.occurred_at ELSE m.deleted_at END,
      payload = CASE WHEN l.kind = 'revoke' THEN ${DELETED_PAYLOAD('m')} ELSE m.payload END,
      media_id = CASE WHEN l.kind = 'revoke' THEN NULL ELSE m.media_id END,
      media_filename = CASE WHEN l.kind = 'revoke' THEN NULL ELSE m.media_filename END,
      media_sha256 = CASE WHEN l.kind = 'revoke' THEN NULL ELSE m.media_sha256 END
    FROM latest l
    WHERE m.wamid = l.original AND m.direction = 'INBOUND' AND m.deleted_at IS NULL
      AND (l.kind = 'revoke' OR m.edited_at IS NULL OR m.edited_at < l.occurred_at)
    RETURNING m.conversation_id, m.occurred_at, m.seq, l.kind, l.text
  ), previewed AS (
    -- The conversation list shows the newest message: its new text, or that it was deleted.
    UPDATE conversations v SET
      last_message_preview = CASE WHEN a.kind = 'revoke' THEN '[deleted]' ELSE left(COALESCE(a.text, v.last_message_preview), ${PREVIEW_LENGTH}) END,
      updated_at = now()
    FROM applied a
    WHERE v.id = a.conversation_id
      AND NOT EXISTS (SELECT 1 FROM messages later WHERE later.conversation_id = a.conversation_id
                        AND (later.occurred_at, later.seq) > (a.occurred_at, a.seq))
    RETURNING v.id
  ), kept AS (
    INSERT INTO webhook_events (field, payload, reason)
    SELECT 'messages', i.payload, 'the message this ' || i.kind || ' changes is unknown'
    FROM incoming i
    WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.wamid = i.original AND m.direction = 'INBOUND')
      -- An edit or deletion of an erased candidate's message is dropped (lib/privacy/erased.ts).
      AND NOT ${IS_ERASED_MESSAGE('i.original')}
    RETURNING 1
  )
  SELECT COALESCE((SELECT array_agg(DISTINCT conversation_id::text) FROM applied), '{}') AS changed,
    (SELECT count(*) FROM kept)::int AS kept`;

// Echoes: messages the business typed in the WhatsApp Business app on the same number, shown
// in the candidate's conversation as outbound messages, each once (a redelivery adds
// nothing). A person writing from the app takes the conversation over: the bot falls silent,
// its queued replies are cancelled, and the takeover is in the conversation's history. An
// echo of a deletion in the app marks that outbound message deleted, of an edit changes its
// text. Echoes to a candidate without a conversation here are kept as their webhook event
// only. $1 the echoes as JSON.
const APPLY_ECHOES = `
  WITH incoming AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS e(ord int, wamid text, wa_id text, user_id text, type text,
      unsupported boolean, text text, revokes text, edits text, payload jsonb, occurred_at timestamptz, preview text)
  ), target AS (
    SELECT DISTINCT ON (i.ord) i.*, v.id AS conversation_id
    FROM incoming i
    JOIN contacts c ON c.wa_id = i.wa_id OR c.user_id = i.user_id
    JOIN conversations v ON v.contact_id = c.id
    ORDER BY i.ord, c.created_at
  ), inserted AS (
    INSERT INTO messages (conversation_id, direction, author, wamid, type, unsupported, text, payload, occurred_at,
      status, sent_at, accepted_at, from_business_app)
    SELECT conversation_id, 'OUTBOUND', 'RECRUITER', wamid, type, unsupported, text, payload, occurred_at,
      'SENT', occurred_at, occurred_at, true
    FROM target WHERE revokes IS NULL AND edits IS NULL ORDER BY ord
    ON CONFLICT (wamid) DO NOTHING
    RETURNING id, wamid, conversation_id
  ), deleted AS (
    UPDATE messages m SET text = NULL, deleted_at = t.occurred_at, payload = ${DELETED_PAYLOAD('m')},
      media_id = NULL, media_filename = NULL, media_sha256 = NULL
    FROM target t
    WHERE t.revokes IS NOT NULL AND m.wamid = t.revokes AND m.direction = 'OUTBOUND' AND m.deleted_at IS NULL
      AND m.conversation_id = t.conversation_id
    RETURNING m.conversation_id
  ), edited AS (
    UPDATE messages m SET text = COALESCE(t.text, m.text), edited_at = t.occurred_at
    FROM (SELECT DISTINCT ON (edits) * FROM target WHERE edits IS NOT NULL ORDER BY edits, occurred_at DESC, ord DESC) t
    WHERE m.wamid = t.edits AND m.direction = 'OUTBOUND' AND m.deleted_at IS NULL AND m.conversation_id = t.conversation_id
      AND (m.edited_at IS NULL OR m.edited_at < t.occurred_at)
    RETURNING m.conversation_id
  ), newest AS (
    SELECT DISTINCT ON (t.conversation_id) t.conversation_id, t.occurred_at, t.preview
    FROM target t JOIN inserted USING (wamid)
    ORDER BY t.conversation_id, t.occurred_at DESC, t.ord DESC
  ), before AS (
    SELECT v.id, v.mode FROM conversations v WHERE v.id IN (SELECT conversation_id FROM newest)
  ), took AS (
    UPDATE conversations v SET
      mode = 'HUMAN',
      last_message_preview = CASE WHEN v.last_message_at <= n.occurred_at THEN n.preview ELSE v.last_message_preview END,
      last_message_at = GREATEST(v.last_message_at, n.occurred_at),
      updated_at = now()
    FROM newest n, before b
    WHERE v.id = n.conversation_id AND b.id = v.id
    RETURNING v.id, b.mode AS was
  ), cancelled AS (
    UPDATE messages m SET status = 'CANCELLED', next_attempt_at = NULL
    WHERE m.conversation_id IN (SELECT id FROM took WHERE was = 'BOT')
      AND m.direction = 'OUTBOUND' AND m.status = 'QUEUED' AND m.author = 'BOT'
    RETURNING 1
  ), recorded AS (
    INSERT INTO conversation_events (conversation_id, type, reason)
    SELECT id, 'TAKEOVER', 'whatsapp_business_app' FROM took WHERE was = 'BOT'
    RETURNING conversation_id
  )
  SELECT COALESCE((SELECT array_agg(DISTINCT conversation_id::text) FROM inserted), '{}') AS shown,
    COALESCE((SELECT array_agg(DISTINCT conversation_id::text) FROM (SELECT conversation_id FROM deleted
      UNION SELECT conversation_id FROM edited) changed), '{}') AS deleted,
    COALESCE((SELECT array_agg(conversation_id::text) FROM recorded), '{}') AS taken,
    (SELECT count(*) FROM inserted)::int AS stored, (SELECT count(*) FROM cancelled)::int AS cancelled`;

function changesJson(batch: WebhookBatch): string {
  return JSON.stringify(
    batch.changes.map((c, ord) => ({
      ord,
      kind: c.kind,
      wamid: c.wamid,
      original: c.originalWamid,
      occurred_at: c.occurredAt.toISOString(),
      text: c.text,
      payload: c.raw,
    })),
  );
}

function echoesJson(batch: WebhookBatch): string {
  return JSON.stringify(
    batch.echoes.map((e, ord) => ({
      ord,
      wamid: e.wamid,
      wa_id: e.toWaId,
      user_id: e.toUserId,
      type: e.type,
      unsupported: e.unsupported,
      text: e.text,
      revokes: e.revokes,
      edits: e.edits,
      payload: e.raw,
      occurred_at: e.occurredAt.toISOString(),
      preview: previewOf(e.text, e.type),
    })),
  );
}

/** Applies the delivery's edits and deletions; what changes nothing known is kept as an event. */
export async function applyChanges(run: Run, batch: WebhookBatch): Promise<{ changed: LiveEvent[]; kept: number }> {
  const [row] = await run<{ changed: string[]; kept: number }>(APPLY_CHANGES, [changesJson(batch)]);
  return { changed: row!.changed.map((conversationId): LiveEvent => ({ type: 'message', conversationId })), kept: Number(row!.kept) };
}

/** Shows the delivery's echoes in their conversations; the person who wrote them takes over. */
export async function applyEchoes(run: Run, batch: WebhookBatch): Promise<LiveEvent[]> {
  const [row] = await run<{ shown: string[]; deleted: string[]; taken: string[]; cancelled: number }>(APPLY_ECHOES, [echoesJson(batch)]);
  return [
    ...[...row!.shown, ...row!.deleted].map((conversationId): LiveEvent => ({ type: 'message', conversationId })),
    ...row!.taken.map((conversationId): LiveEvent => ({ type: 'conversation', conversationId })),
    ...(Number(row!.cancelled) > 0 ? row!.taken.map((conversationId): LiveEvent => ({ type: 'status', conversationId })) : []),
  ];
}
