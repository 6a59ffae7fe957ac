// Internal notes on a conversation: written by recruiters for each other, shown in the
// timeline, never sent to WhatsApp (nothing here touches the outbox). A note may mention
// colleagues (lib/notes/mentions.ts); each is told once, when first mentioned. Only the
// author changes or deletes a note. Every change is a live 'conversation' event.
import { z } from 'zod';
import type { SessionUser } from '../auth/session';
import { ConversationNotFoundError } from '../conversations/errors';
import { db, transactionWithRetry, type Prisma } from '../db/client';
import type { TimelineNote } from '../definitions';
import { DomainError } from '../errors';
import { publish } from '../live/events';
import { recordNotifications } from '../notifications/record';
import { NOTE_MAX_LENGTH } from './limits';
import { mentionedIn, type Colleague } from './mentions';


export const noteInput = z.object({
  body: z
    .string()
    .trim()
    .min(1, 'Write a note first.')
    .max(NOTE_MAX_LENGTH, `A note is at most ${NOTE_MAX_LENGTH.toLocaleString('en')} characters.`),
});
export type NoteInput = z.output<typeof noteInput>;

export class NoteNotFoundError extends DomainError {
  constructor() {
    super('not_found', 'There is no such note.');
    this.name = 'NoteNotFoundError';
  }
}

class NotYourNoteError extends DomainError {
  constructor() {
    super('forbidden', 'Only the author of a note can change or delete it.', { code: 'not_author' });
    this.name = 'NotYourNoteError';
  }
}

/** The active users, who can be mentioned. */
export function colleagues(tx: Prisma.TransactionClient = db()): Promise<Colleague[]> {
  return tx.user.findMany({ where: { active: true }, select: { id: true, name: true }, orderBy: { name: 'asc' } });
}

type NoteRow = { id: string; authorId: string | null; body: string; mentions: string[]; createdAt: Date; updatedAt: Date; author: { id: string; name: string } | null };
const NOTE_FIELDS = { id: true, authorId: true, body: true, mentions: true, createdAt: true, updatedAt: true, author: { select: { id: true, name: true } } } as const;

function toNote(row: NoteRow, names: Map<string, string>, userId: string): TimelineNote {
  return {
    id: row.id,
    author: row.author,
    body: row.body,
    mentions: row.mentions.filter((id) => names.has(id)).map((id) => ({ id, name: names.get(id)! })),
    at: row.createdAt.toISOString(),
    // Prisma sets updatedAt on create a moment after createdAt's default: a second marks an edit.
    editedAt: row.updatedAt.getTime() - row.createdAt.getTime() > 1000 ? row.updatedAt.toISOString() : null,
    mine: row.authorId === userId,
  };
}

async function userNames(tx: Prisma.TransactionClient, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const users = await tx.user.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, name: true } });
  return new Map(users.map((u) => [u.id, u.name]));
}

/** A conversation's notes, oldest first, and the colleagues who can be mentioned. */
export async function listNotes(conversationId: string, user: SessionUser): Promise<{ notes: TimelineNote[]; colleagues: Colleague[] }> {
  const [conversation, rows, people] = await Promise.all([
    db().conversation.findUnique({ where: { id: conversationId }, select: { id: true } }),
    db().note.findMany({ where: { conversationId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: NOTE_FIELDS }),
    colleagues(),
  ]);
  if (!conversation) throw new ConversationNotFoundError();
  const names = await userNames(db(), rows.flatMap((r) => r.mentions));
  return { notes: rows.map((row) => toNote(row, names, user.id)), colleagues: people };
}

export async function createNote(conversationId: string, user: SessionUser, input: NoteInput): Promise<TimelineNote> {
  return transactionWithRetry(async (tx) => {
    const conversation = await tx.conversation.findUnique({ where: { id: conversationId }, select: { id: true } });
    if (!conversation) throw new ConversationNotFoundError();
    const mentions = mentionedIn(input.body, await colleagues(tx));
    const row = await tx.note.create({ data: { conversationId, authorId: user.id, body: input.body, mentions }, select: NOTE_FIELDS });
    await recordNotifications(tx, { userIds: mentions, conversationId, kind: 'mention', exceptUserId: user.id });
    await publish(tx, { type: 'conversation', conversationId });
    return toNote(row, await userNames(tx, mentions), user.id);
  });
}

/** The note, locked for this transaction, if `user` wrote it. */
async function ownNote(tx: Prisma.TransactionClient, id: string, user: SessionUser) {
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM notes WHERE id = ${id}::uuid FOR UPDATE`;
  if (locked.length === 0) throw new NoteNotFoundError();
  const note = await tx.note.findUniqueOrThrow({ where: { id }, select: { ...NOTE_FIELDS, conversationId: true } });
  if (note.authorId !== user.id) throw new NotYourNoteError();
  return note;
}

/** The author changes the text; colleagues mentioned for the first time are told. */
export async function editNote(id: string, user: SessionUser, input: NoteInput): Promise<TimelineNote> {
  return transactionWithRetry(async (tx) => {
    const note = await ownNote(tx, id, user);
    const mentioned = mentionedIn(input.body, await colleagues(tx));
    const added = mentioned.filter((m) => !note.mentions.includes(m));
    const mentions = [...note.mentions, ...added];
    const row = await tx.note.update({ where: { id }, data: { body: input.body, mentions }, select: NOTE_FIELDS });
    await recordNotifications(tx, { userIds: added, conversationId: note.conversationId, kind: 'mention', exceptUserId: user.id });
    await publish(tx, { type: 'conversation', conversationId: note.conversationId });
    return toNote(row, await userNames(tx, mentions), user.id);
  });
}

export async function deleteNote(id: string, user: SessionUser): Promise<void> {
  await transactionWithRetry(async (tx) => {
    const note = await ownNote(tx, id, user);
    await tx.note.delete({ where: { id } });
    await publish(tx, { type: 'conversation', conversationId: note.conversationId });
  });
}
