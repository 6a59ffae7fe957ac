// What the dashboard reads: the conversation list, one conversation, its timeline.
// One query per function, hand-written where the order or the search needs it.
import { z } from 'zod';
import { loadScreeningConfig } from '../agent/config';
import type { StoredAnswer } from '../agent/scripted';
import { summaryAnswers } from '../agent/summary';
import { stalledCondition } from '../agent/nudge';
import { db, Prisma, readDb } from '../db/client';
import { env } from '../env';
import { publish } from '../live/events';
import { windowClosesAt } from './window';
import { ConversationNotFoundError } from './errors';
import { contactColumnOf, filterConditions, listFilterShape } from './filters';
import { searchCondition } from './search';
import type { ConversationDetail, ConversationSummary, TimelineMessage } from '../definitions';
import { sentenceFor } from '../whatsapp/errors';

export const listQuery = z.object({
  filter: z.enum(['all', 'needs_human', 'mine', 'bot', 'stalled', 'open', 'resolved']).default('all'),
  q: z.string().trim().max(100).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  // assignee, label, vacancy, qualification, status (lib/conversations/filters.ts)
  ...listFilterShape,
});
export type ListQuery = z.infer<typeof listQuery>;

/** The timeline's query: ?before= a message's seq, for older messages; anything else is ignored. */
export const timelineQuery = z.object({
  before: z
    .string()
    .optional()
    .transform((value) => (value && /^\d{1,19}$/.test(value) ? BigInt(value) : undefined)),
});


/** How long without an answer makes a screening stalled: the reminder's delay, or 4 hours when reminders are off. */
const stalledAfterSeconds = () => env().SCREENING_NUDGE_AFTER || 4 * 3600;

interface Cursor {
  n: number;
  at: string;
  id: string;
}

const encode = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');
function decode(value: string | undefined): Cursor | null {
  if (!value) return null;
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    return typeof parsed.n === 'number' && typeof parsed.at === 'string' && typeof parsed.id === 'string' ? parsed : null;
  } catch {
    return null;
  }
}

/** The old tabs (`filter`) and the search (`q`) as conditions on conversations `c`. */
export async function tabAndSearchConditions(query: Pick<ListQuery, 'filter' | 'q'>, userId: string): Promise<Prisma.Sql[]> {
  const filters: Prisma.Sql[] = [];
  if (query.filter === 'needs_human') filters.push(Prisma.sql`c.status = 'NEEDS_HUMAN'`);
  if (query.filter === 'mine') filters.push(Prisma.sql`c.assignee_id = ${userId}::uuid`);
  if (query.filter === 'bot') filters.push(Prisma.sql`c.mode = 'BOT' AND c.status <> 'RESOLVED'`);
  if (query.filter === 'stalled') filters.push(stalledCondition(stalledAfterSeconds()));
  if (query.filter === 'open') filters.push(Prisma.sql`c.status <> 'RESOLVED'`);
  if (query.filter === 'resolved') filters.push(Prisma.sql`c.status = 'RESOLVED'`);
  if (query.q) filters.push(await searchCondition(query.q));
  return filters;
}

/**
 * Needs-human first, then by last activity; keyset-paginated. Read as two parts (needs a
 * human / everything else), each in the order of its index, so a page costs the same with
 * a hundred conversations as with a hundred thousand.
 */
export async function listConversations(query: ListQuery, userId: string) {
  const filters = [
    ...(await tabAndSearchConditions(query, userId)),
    ...Object.values(filterConditions(query, userId, contactColumnOf)).filter((c): c is Prisma.Sql => c !== null),
  ];
  const cursor = decode(query.cursor);
  const part = (needsHuman: boolean) => {
    const conditions = [Prisma.sql`c.status ${needsHuman ? Prisma.sql`=` : Prisma.sql`<>`} 'NEEDS_HUMAN'`, ...filters];
    if (cursor) {
      const n = needsHuman ? 1 : 0;
      if (n > cursor.n) return null; // the cursor is past this part
      if (n === cursor.n) conditions.push(Prisma.sql`(c.last_message_at, c.id) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`);
    }
    return Prisma.sql`(SELECT c.*, ${needsHuman ? 1 : 0}::int AS n FROM conversations c
      WHERE ${Prisma.join(conditions, ' AND ')}
      ORDER BY c.last_message_at DESC, c.id DESC
      LIMIT ${query.limit + 1})`;
  };
  const parts = [part(true), part(false)].filter((p): p is Prisma.Sql => p !== null);
  const rows = await readDb().$queryRaw<any[]>`
    SELECT c.id, c.status, c.mode, c.assignee_id, u.name AS assignee_name, c.last_message_at, c.last_message_preview,
      c.unread_count, c.last_inbound_at, c.handoff_reason, ${stalledCondition(stalledAfterSeconds())} AS stalled, ct.profile_name, ct.username, ct.wa_id, ct.user_id, ct.qualification,
      (SELECT COALESCE(json_agg(json_build_object('id', l.id, 'name', l.name, 'color', l.color) ORDER BY lower(l.name), l.id), '[]'::json)
        FROM conversation_labels cl JOIN labels l ON l.id = cl.label_id WHERE cl.conversation_id = c.id) AS labels
    FROM (${Prisma.join(parts, ' UNION ALL ')}) c
    JOIN contacts ct ON ct.id = c.contact_id
    LEFT JOIN users u ON u.id = c.assignee_id
    ORDER BY c.n DESC, c.last_message_at DESC, c.id DESC
    LIMIT ${query.limit + 1}`;
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    conversations: page.map(
      (r): ConversationSummary => ({
        id: r.id,
        status: r.status,
        mode: r.mode,
        assignee: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name } : null,
        name: r.profile_name ?? r.username ?? (r.wa_id ? `+${r.wa_id}` : r.user_id),
        waId: r.wa_id,
        lastMessageAt: r.last_message_at.toISOString(),
        lastMessagePreview: r.last_message_preview,
        unreadCount: r.unread_count,
        windowClosesAt: windowClosesAt(r.last_inbound_at),
        handoffReason: r.handoff_reason,
        qualification: r.qualification,
        stalled: r.stalled === true,
        labels: r.labels,
      }),
    ),
    nextCursor:
      rows.length > query.limit && last
        ? encode({ n: last.status === 'NEEDS_HUMAN' ? 1 : 0, at: last.last_message_at.toISOString(), id: last.id })
        : null,
  };
}

export async function getConversation(id: string): Promise<ConversationDetail | null> {
  const conversation = await readDb().conversation.findUnique({
    where: { id },
    include: {
      contact: true,
      assignee: { select: { id: true, name: true } },
      events: { orderBy: { createdAt: 'desc' }, take: 50, include: { user: { select: { name: true } }, assignee: { select: { name: true } } } },
      labels: { select: { label: { select: { id: true, name: true, color: true } } } },
    },
  });
  if (!conversation) return null;
  const { contact } = conversation;
  return {
    id: conversation.id,
    status: conversation.status,
    mode: conversation.mode,
    assignee: conversation.assignee,
    language: conversation.language,
    unreadCount: conversation.unreadCount,
    windowClosesAt: windowClosesAt(conversation.lastInboundAt),
    handoff: conversation.handoffReason
      ? { reason: conversation.handoffReason, at: conversation.handoffAt?.toISOString() ?? null, summary: conversation.handoffSummary }
      : null,
    candidate: {
      id: contact.id,
      name: contact.profileName ?? contact.username ?? (contact.waId ? `+${contact.waId}` : contact.userId),
      waId: contact.waId,
      userId: contact.userId,
      username: contact.username,
      answers: contact.answers,
      screening: summaryAnswers(loadScreeningConfig(), (contact.answers ?? {}) as unknown as Record<string, StoredAnswer>, conversation.language === 'en' ? 'en' : 'nl'),
      openQuestions: (Array.isArray(conversation.openQuestions) ? conversation.openQuestions : []) as { text: string; at: string }[],
      qualification: contact.qualification,
      vacancy: contact.vacancy,
      screenedAt: contact.screenedAt?.toISOString() ?? null,
      since: contact.createdAt.toISOString(),
    },
    events: conversation.events.map((e) => ({
      type: e.type,
      reason: e.reason,
      by: e.user?.name ?? null,
      at: e.createdAt.toISOString(),
      ...(e.type === 'ASSIGN' ? { assignee: e.assignee?.name ?? null } : {}),
    })),
    labels: conversation.labels.map((l) => l.label).sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()) || a.id.localeCompare(b.id)),
  };
}


/** The newest `limit` messages (or those before `beforeSeq`), oldest first; reactions sit on the message they react to. */
export async function listMessages(conversationId: string, options: { beforeSeq?: bigint; limit?: number } = {}) {
  const limit = options.limit ?? 200;
  const rows = await readDb().message.findMany({
    where: { conversationId, ...(options.beforeSeq ? { seq: { lt: options.beforeSeq } } : {}) },
    orderBy: [{ occurredAt: 'desc' }, { seq: 'desc' }],
    take: limit + 1,
    include: { authorUser: { select: { name: true } } },
  });
  const page = rows.slice(0, limit).reverse();
  const byWamid = new Map<string, TimelineMessage>();
  const timeline: TimelineMessage[] = [];
  for (const m of page) {
    if (m.type === 'reaction') {
      const reaction = (m.payload as { reaction?: { message_id?: string; emoji?: string } }).reaction;
      const target = reaction?.message_id ? byWamid.get(reaction.message_id) : undefined;
      if (target) {
        // A reaction without an emoji removes the earlier one.
        target.reactions = reaction?.emoji ? [{ emoji: reaction.emoji, at: m.occurredAt.toISOString() }] : [];
        continue;
      }
    }
    const item: TimelineMessage = {
      id: m.id,
      seq: m.seq.toString(),
      direction: m.direction,
      author: m.author,
      authorName: m.authorUser?.name ?? null,
      type: m.type,
      text: m.text,
      unsupported: m.unsupported,
      payload: m.payload,
      hasMedia: m.direction === 'INBOUND' && m.mediaId !== null,
      mediaMimeType: m.mediaMimeType,
      mediaFilename: m.mediaFilename,
      at: m.occurredAt.toISOString(),
      status: m.status,
      error:
        m.status === 'FAILED' || m.errorCategory
          ? { code: m.errorCode, title: m.errorTitle, sentence: sentenceFor(m.errorCategory), category: m.errorCategory }
          : null,
      reactions: [],
      editedAt: m.editedAt?.toISOString() ?? null,
      deletedAt: m.deletedAt?.toISOString() ?? null,
      fromBusinessApp: m.fromBusinessApp,
      groupId: m.groupId,
    };
    if (m.wamid) byWamid.set(m.wamid, item);
    timeline.push(item);
  }
  return { messages: timeline, hasMore: rows.length > limit, oldestSeq: page[0]?.seq.toString() ?? null };
}

/** listMessages of a conversation that must exist (ConversationNotFoundError when it does not). */
export async function timeline(conversationId: string, beforeSeq?: bigint) {
  const exists = await readDb().conversation.findUnique({ where: { id: conversationId }, select: { id: true } });
  if (!exists) throw new ConversationNotFoundError();
  return listMessages(conversationId, { beforeSeq });
}

/** A recruiter opened the conversation: nothing is unread any more. */
export async function markRead(conversationId: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const updated = await tx.$executeRaw`UPDATE conversations SET unread_count = 0 WHERE id = ${conversationId}::uuid AND unread_count > 0`;
    if (updated > 0) await publish(tx, { type: 'conversation', conversationId });
  });
}
