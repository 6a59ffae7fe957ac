// Candidates' personal data (GDPR): erase one candidate, export one candidate, export the
// screening results of a period, and delete what is past its retention. Every action is
// recorded in audit_log with counts, never with the data.
import type pg from 'pg';
import { db, pgTransaction, pool } from '../db/client';
import { DomainError } from '../errors';
import { MESSAGE_DIGEST } from './erased';

export class CandidateNotFoundError extends DomainError {
  constructor() {
    super('not_found', 'There is no such candidate.');
    this.name = 'CandidateNotFoundError';
  }
}

/**
 * How long erasing may take: it searches the webhook and status events for the candidate's
 * number, user id and messages (a scan of both tables; erasure and retention are rare).
 */
const ERASE_STATEMENT_TIMEOUT = '10min';

/** The shortest identity searched for in stored payloads (a shorter one would match unrelated text). */
const MIN_SEARCHED_LENGTH = 6;

/** How long late news about an erased candidate's messages is dropped (redeliveries stop after days). */
const ERASED_MESSAGES_KEPT_DAYS = 90;

const regexEscape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Deletes the given candidates (their rows locked, in id order, before anything is read) in
 * the caller's transaction: contact, conversation, messages, answers, events (cascades), and
 * every status event and webhook event that names them: status events of their messages (by
 * wamid), status events sent to their number or user id, and any stored payload that
 * mentions their number, user id or one of their messages' wamids. `stillDue`, evaluated
 * again under the locks, keeps those it no longer selects. Records one audit_log row each,
 * with ids and counts only. Returns what was erased.
 */
async function eraseLocked(
  client: pg.PoolClient,
  contactIds: string[],
  audit: { action: string; userId: string | null },
  stillDue?: (ids: string[]) => Promise<string[]>,
): Promise<{ contactId: string; messages: number }[]> {
  if (contactIds.length === 0) return [];
  await client.query(`SET LOCAL statement_timeout = '${ERASE_STATEMENT_TIMEOUT}'`);
  // The order every writer takes them in (contact, then conversation: lib/agent/run.ts).
  const locked = await client.query<{ id: string }>(
    `SELECT id FROM contacts WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
    [contactIds],
  );
  await client.query(`SELECT id FROM conversations WHERE contact_id = ANY($1::uuid[]) ORDER BY contact_id FOR UPDATE`, [contactIds]);
  // A new statement: it sees whatever committed while this transaction waited for the locks.
  const due = stillDue ? await stillDue(locked.rows.map((r) => r.id)) : locked.rows.map((r) => r.id);
  if (due.length === 0) return [];
  const { rows: identities } = await client.query<{ contact_id: string; value: string }>(
    `SELECT id AS contact_id, v AS value FROM contacts, unnest(ARRAY[identity, wa_id, user_id]) v
     WHERE id = ANY($1::uuid[]) AND v IS NOT NULL`,
    [due],
  );
  const { rows: counted } = await client.query<{ contact_id: string; messages: number; wamids: string[] }>(
    `SELECT c.contact_id, count(m.id)::int AS messages,
       COALESCE(array_agg(DISTINCT m.wamid) FILTER (WHERE m.wamid IS NOT NULL), '{}') AS wamids
     FROM conversations c LEFT JOIN messages m ON m.conversation_id = c.id
     WHERE c.contact_id = ANY($1::uuid[]) GROUP BY c.contact_id`,
    [due],
  );
  const values = [...new Set(identities.map((r) => r.value))];
  const wamids = counted.flatMap((r) => r.wamids);
  const searched = [...new Set([...values, ...wamids])].filter((v) => v.length >= MIN_SEARCHED_LENGTH);
  const mentions = searched.length > 0 ? searched.map(regexEscape).join('|') : null;
  await client.query(
    `DELETE FROM status_events
     WHERE wamid = ANY($1::text[]) OR recipient_id = ANY($2::text[]) OR ($3::text IS NOT NULL AND payload::text ~ $3::text)`,
    [wamids, values, mentions],
  );
  if (mentions) await client.query(`DELETE FROM webhook_events WHERE payload::text ~ $1::text`, [mentions]);
  // Their messages, by digest only: what arrives about them later is dropped (lib/statuses/apply.ts,
  // lib/ingest/store-changes.ts), not stored with their number again.
  await client.query(
    `INSERT INTO erased_messages (digest)
     SELECT ${MESSAGE_DIGEST('v')} FROM messages m JOIN conversations c ON c.id = m.conversation_id,
       unnest(ARRAY[m.wamid, m.id::text]) v
     WHERE c.contact_id = ANY($1::uuid[]) AND v IS NOT NULL
     ON CONFLICT (digest) DO NOTHING`,
    [due],
  );
  await client.query(`DELETE FROM erased_messages WHERE erased_at < now() - make_interval(days => ${ERASED_MESSAGES_KEPT_DAYS})`);
  // Cascades to the conversation, its messages, notes, events and cost roll-ups.
  await client.query(`DELETE FROM contacts WHERE id = ANY($1::uuid[])`, [due]);
  const erased = due.map((contactId) => ({ contactId, messages: counted.find((r) => r.contact_id === contactId)?.messages ?? 0 }));
  await client.query(
    `INSERT INTO audit_log (action, user_id, details)
     SELECT $1, $2::uuid, jsonb_build_object('contactId', e."contactId", 'messages', e.messages)
     FROM jsonb_to_recordset($3::jsonb) AS e("contactId" uuid, messages int)`,
    [audit.action, audit.userId, JSON.stringify(erased)],
  );
  return erased;
}

/**
 * Deletes everything about one candidate: contact, conversation, messages, notes, answers,
 * statuses, events, and the stored webhook payloads that mention them.
 */
export async function eraseCandidate(contactId: string, userId: string | null, action = 'ERASE'): Promise<{ messages: number }> {
  const [erased] = await pgTransaction((client) => eraseLocked(client, [contactId], { action, userId }));
  if (!erased) throw new CandidateNotFoundError();
  return { messages: erased.messages };
}

/** Everything we hold about one candidate, as JSON (their right of access). */
export async function exportCandidate(contactId: string, userId: string) {
  const contact = await db().contact.findUnique({
    where: { id: contactId },
    include: {
      conversation: {
        include: {
          messages: {
            orderBy: [{ occurredAt: 'asc' }, { seq: 'asc' }],
            select: { direction: true, author: true, type: true, text: true, occurredAt: true, status: true, mediaFilename: true, mediaMimeType: true },
          },
          events: { orderBy: { createdAt: 'asc' }, select: { type: true, reason: true, createdAt: true } },
          notes: { orderBy: { createdAt: 'asc' }, select: { body: true, createdAt: true, updatedAt: true, author: { select: { name: true } } } },
        },
      },
    },
  });
  if (!contact) throw new CandidateNotFoundError();
  await db().auditLog.create({ data: { action: 'EXPORT', userId, details: { contactId } } });
  const { conversation } = contact;
  return {
    exportedAt: new Date().toISOString(),
    candidate: {
      whatsappNumber: contact.waId,
      businessScopedUserId: contact.userId,
      username: contact.username,
      profileName: contact.profileName,
      firstContact: contact.createdAt.toISOString(),
      screening: { answers: contact.answers, qualification: contact.qualification, vacancy: contact.vacancy, screenedAt: contact.screenedAt?.toISOString() ?? null },
    },
    conversation: conversation
      ? {
          status: conversation.status,
          language: conversation.language,
          handoff: conversation.handoffSummary,
          openQuestions: conversation.openQuestions,
          history: conversation.events.map((e) => ({ type: e.type, reason: e.reason, at: e.createdAt.toISOString() })),
          messages: conversation.messages.map((m) => ({
            from: m.direction === 'INBOUND' ? 'candidate' : m.author === 'BOT' ? 'bot' : 'recruiter',
            type: m.type,
            text: m.text,
            file: m.mediaFilename ?? m.mediaMimeType,
            at: m.occurredAt.toISOString(),
            status: m.status,
          })),
          // The recruiters' internal notes about the candidate: data about them, so theirs to see.
          notes: conversation.notes.map((n) => ({ by: n.author?.name ?? null, text: n.body, at: n.createdAt.toISOString(), changedAt: n.updatedAt.toISOString() })),
        }
      : null,
  };
}

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  // Quote everything, double inner quotes, and defuse spreadsheet formulas.
  return `"${(/^[=+\-@]/.test(text) ? `'${text}` : text).replace(/"/g, '""')}"`;
}

/** The screening results of candidates screened in [from, to), as CSV for an applicant tracking system. */
export async function screeningCsv(from: Date, to: Date, questionIds: string[], userId: string): Promise<string> {
  const contacts = await db().contact.findMany({
    where: { screenedAt: { gte: from, lt: to } },
    orderBy: { screenedAt: 'asc' },
    select: { profileName: true, waId: true, vacancy: true, qualification: true, screenedAt: true, answers: true },
  });
  await db().auditLog.create({ data: { action: 'EXPORT_SCREENINGS', userId, details: { from: from.toISOString(), to: to.toISOString(), candidates: contacts.length } } });
  const header = ['name', 'whatsapp', 'vacancy', 'qualification', 'screened_at', ...questionIds];
  const rows = contacts.map((c) => {
    const answers = (c.answers ?? {}) as Record<string, { label?: string }>;
    return [c.profileName, c.waId ? `+${c.waId}` : '', c.vacancy, c.qualification, c.screenedAt?.toISOString(), ...questionIds.map((id) => answers[id]?.label)];
  });
  return `${[header, ...rows].map((row) => row.map(csvCell).join(',')).join('\n')}\n`;
}

/**
 * What retention deletes, as a condition on conversation `c` ($1: RETENTION_DAYS): resolved
 * longer ago than that, or never resolved (or reopened) and without any activity (a message,
 * a takeover, hand-back, resolve or reopen) for that long. Any takeover, recruiter reply or
 * candidate message reopens a resolved conversation, so a conversation somebody works on
 * is never due.
 */
const EXPIRED = `(
  (c.status = 'RESOLVED' AND c.resolved_at < now() - make_interval(days => $1::int))
  OR (c.status <> 'RESOLVED' AND c.last_message_at < now() - make_interval(days => $1::int)
      AND NOT EXISTS (SELECT 1 FROM conversation_events e
                      WHERE e.conversation_id = c.id AND e.created_at >= now() - make_interval(days => $1::int))))`;

/** Candidates (contact ids) due for deletion ($1: days), at most $2 (a contact without a conversation counts from its last update). */
const DUE = `
  SELECT contact_id FROM (
    (SELECT c.contact_id FROM conversations c WHERE ${EXPIRED} LIMIT $2)
    UNION ALL
    (SELECT ct.id FROM contacts ct WHERE ct.updated_at < now() - make_interval(days => $1::int)
       AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.contact_id = ct.id) LIMIT $2)
  ) due ORDER BY contact_id LIMIT $2`;

/** How many candidates one retention transaction deletes. */
const PURGE_CHUNK = 50;

/**
 * Deletes candidates past their retention (see EXPIRED), at most `limit` a run. Each one is
 * checked again under its row locks right before it is deleted, so a conversation taken over,
 * answered or written in meanwhile stays. The worker runs this on one instance at a time (the
 * advisory lock of its periodic jobs, lib/runtime/worker.ts).
 */
export async function purgeExpired(days: number, limit = 1000): Promise<number> {
  const { rows } = await pool().query<{ contact_id: string }>(DUE, [days, limit]);
  const ids = rows.map((r) => r.contact_id);
  let deleted = 0;
  for (let i = 0; i < ids.length; i += PURGE_CHUNK) {
    const chunk = ids.slice(i, i + PURGE_CHUNK);
    const erased = await pgTransaction((client) =>
      eraseLocked(client, chunk, { action: 'RETENTION', userId: null }, async (locked) => {
        const { rows: due } = await client.query<{ contact_id: string }>(
          `SELECT contact_id FROM (
             SELECT c.contact_id FROM conversations c WHERE c.contact_id = ANY($2::uuid[]) AND ${EXPIRED}
             UNION ALL
             SELECT ct.id FROM contacts ct WHERE ct.id = ANY($2::uuid[]) AND ct.updated_at < now() - make_interval(days => $1::int)
               AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.contact_id = ct.id)) due`,
          [days, locked],
        );
        return due.map((r) => r.contact_id);
      }),
    );
    deleted += erased.length;
  }
  return deleted;
}
