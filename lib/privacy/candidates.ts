// Candidates' personal data (GDPR): erase one candidate, export one candidate, export the
// screening results of a period, and delete what is past its retention. Every action is
// recorded in audit_log with counts, never with the data.
import { db, transactionWithRetry } from '../db/client';
import { DomainError } from '../errors';

export class CandidateNotFoundError extends DomainError {
  constructor() {
    super('not_found', 'There is no such candidate.');
    this.name = 'CandidateNotFoundError';
  }
}

/** Deletes everything about one candidate: contact, conversation, messages, notes, answers, statuses, events. */
export async function eraseCandidate(contactId: string, userId: string | null, action = 'ERASE'): Promise<{ messages: number }> {
  return transactionWithRetry(async (tx) => {
    const contact = await tx.contact.findUnique({ where: { id: contactId }, select: { id: true, conversation: { select: { id: true } } } });
    if (!contact) throw new CandidateNotFoundError();
    const conversationId = contact.conversation?.id;
    let messages = 0;
    if (conversationId) {
      // Status events are keyed by wamid, not by conversation: delete those of this candidate's messages.
      await tx.$executeRaw`
        DELETE FROM status_events WHERE wamid IN (SELECT wamid FROM messages WHERE conversation_id = ${conversationId}::uuid AND wamid IS NOT NULL)`;
      messages = await tx.message.count({ where: { conversationId } });
    }
    await tx.contact.delete({ where: { id: contactId } }); // cascades to the conversation, its messages, notes and events
    await tx.auditLog.create({ data: { action, userId, details: { contactId, messages } } });
    return { messages };
  });
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

/** Deletes candidates whose conversation was resolved more than `days` days ago. */
export async function purgeResolved(days: number): Promise<number> {
  const expired = await db().$queryRaw<{ contact_id: string }[]>`
    SELECT contact_id FROM conversations
    WHERE status = 'RESOLVED' AND resolved_at < now() - make_interval(days => ${days}::int)
    LIMIT 1000`;
  for (const row of expired) await eraseCandidate(row.contact_id, null, 'RETENTION');
  return expired.length;
}
