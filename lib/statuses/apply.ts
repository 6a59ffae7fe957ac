// Delivery statuses (sent, delivered, read, failed) of the messages our side sends, however
// they arrive: in a webhook (lib/ingest) or before the send recorded the wamid (lib/outbox).
// Each status event is recorded once per (wamid, status), and a message's delivery fields are
// recomputed from all of its events, so the order of arrival never matters and a status
// never moves back.
import type { PoolClient } from 'pg';
import type { Prisma } from '../db/client';
import { onClient, onPrisma } from '../db/statements';
import { liveEventSql } from '../live/events';
import { IS_ERASED_MESSAGE } from '../privacy/erased';
import type { InboundStatus } from '../ingest/batch';

type Tx = Prisma.TransactionClient;

// What an outbound message's delivery fields are, computed from all its status events:
// the status only moves forward (GREATEST over the DeliveryStatus enum), timestamps and
// pricing are kept once known. `events` is the relation of status events to apply, `wamids`
// (a text[]) the messages they are for, an index condition on their unique wamids, so the
// plan stays right even where PostgreSQL has no statistics yet (autovacuum off).
// With `notify`, publishes one live event per conversation whose ticks changed (sent on
// commit); without, the caller publishes the conversations `updated` returns.
const applyStatuses = (events: string, wamids: string, notify: boolean) => `
  updated AS (
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
      FROM (${events}) events
      GROUP BY wamid
    ) agg
    WHERE m.wamid = ANY(${wamids}) AND m.wamid = agg.wamid AND m.direction = 'OUTBOUND'
    RETURNING m.conversation_id
  ), notified AS (
    SELECT ${notify ? liveEventSql('status', 'conversation_id') : 'conversation_id'}
    FROM (SELECT DISTINCT conversation_id FROM updated) changed
  )`;

const STATUS_COLUMNS = `wamid, status, occurred_at, error_code, error_title, error_detail, pricing, conversation`;

// Records status events once per (wamid, raw status) and applies them, in one statement;
// statuses of messages whose candidate was erased are not recorded.
// The update cannot see the rows this statement inserts, so it reads them from `inserted`
// alongside the events recorded before. $1 the statuses as a JSON array.
//
// A status can also name one of our messages that has no wamid yet, by the message's id the
// outbox sent along as biz_opaque_callback_data: its sender died (or has not yet recorded
// the answer) after 360Dialog accepted it. `linked` gives it the wamid and makes it SENT, so
// that it is not sent a second time once its lease runs out; the statement returns those
// wamids, whose events the caller then applies (APPLY_STATUSES: this statement's update does
// not see the wamid it just linked).
export const INSERT_STATUSES = `
  WITH incoming AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS s(wamid text, raw_status text, status "DeliveryStatus",
      occurred_at timestamptz, recipient_id text, error_code int, error_title text, error_detail text, pricing jsonb,
      conversation jsonb, payload jsonb, callback uuid)
  ), inserted AS (
    INSERT INTO status_events (wamid, raw_status, status, occurred_at, recipient_id, error_code, error_title,
      error_detail, pricing, conversation, payload)
    SELECT wamid, raw_status, status, occurred_at, recipient_id, error_code, error_title, error_detail, pricing,
      conversation, payload
    FROM incoming
    -- A status of an erased candidate's message names them: dropped (lib/privacy/erased.ts).
    WHERE NOT ${IS_ERASED_MESSAGE('wamid')} AND (callback IS NULL OR NOT ${IS_ERASED_MESSAGE('callback::text')})
    ON CONFLICT (wamid, raw_status) DO NOTHING
    RETURNING ${STATUS_COLUMNS}
  ), linked AS (
    UPDATE messages m SET wamid = i.wamid, status = GREATEST(m.status, 'SENT'), accepted_at = COALESCE(m.accepted_at, now()),
      dispatch_lease_until = NULL, next_attempt_at = NULL
    FROM (SELECT DISTINCT ON (callback) callback, wamid FROM incoming WHERE callback IS NOT NULL) i
    WHERE m.id = i.callback AND m.wamid IS NULL AND m.direction = 'OUTBOUND' AND m.status IN ('QUEUED', 'SENDING')
    RETURNING m.wamid
  ), ${applyStatuses(`
      SELECT ${STATUS_COLUMNS} FROM status_events WHERE wamid IN (SELECT wamid FROM inserted)
      UNION ALL SELECT ${STATUS_COLUMNS} FROM inserted`, 'ARRAY(SELECT wamid FROM inserted)', false)}
  SELECT (SELECT count(*) FROM inserted)::int AS inserted,
    (SELECT COALESCE(array_agg(conversation_id::text), '{}') FROM notified) AS changed,
    (SELECT COALESCE(array_agg(wamid), '{}') FROM linked) AS linked`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function statusesJson(statuses: InboundStatus[]): string {
  return JSON.stringify(
    statuses.map((s) => ({
      wamid: s.wamid,
      raw_status: s.rawStatus,
      status: s.status,
      occurred_at: s.occurredAt.toISOString(),
      recipient_id: s.recipientId,
      error_code: s.error?.code ?? null,
      error_title: s.error?.title ?? null,
      error_detail: s.error?.detail ?? null,
      pricing: s.pricing,
      conversation: s.conversation,
      payload: s.raw,
      // Only what can be one of our ids (another sender's callback data is kept in the payload only).
      callback: s.callbackData && UUID.test(s.callbackData) ? s.callbackData : null,
    })),
  );
}

// $1 the wamids whose recorded events to apply
export const APPLY_STATUSES = `
  WITH ${applyStatuses(`SELECT ${STATUS_COLUMNS} FROM status_events WHERE wamid = ANY($1::text[])`, '$1::text[]', true)}
  SELECT (SELECT count(*) FROM updated)::int AS updated, (SELECT count(*) FROM notified)::int AS notified`;

/**
 * Brings outbound messages up to date with every status event recorded for their wamids.
 * Order-independent and idempotent. Call it after an outbound message gets its wamid (its
 * statuses may have come first).
 */
export async function applyStatusEvents(tx: Tx | PoolClient, wamids: string[]): Promise<number> {
  if (wamids.length === 0) return 0;
  const run = '$queryRawUnsafe' in tx ? onPrisma(tx) : onClient(tx);
  const [row] = await run<{ updated: number }>(APPLY_STATUSES, [wamids]);
  return Number(row?.updated ?? 0);
}

