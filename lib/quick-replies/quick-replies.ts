// Quick replies: shared snippets the composer inserts by their shortcut ("/salaris"), one per
// shortcut and language. Everyone reads and searches them; admins keep them. With a
// conversation, each comes with its variables filled for it (lib/quick-replies/variables.ts).
import { z } from 'zod';
import { loadScreeningConfig } from '../agent/config';
import type { SessionUser } from '../auth/session';
import { ConversationNotFoundError } from '../conversations/errors';
import { db, Prisma } from '../db/client';
import type { QuickReplyOption } from '../definitions';
import { DomainError } from '../errors';
import { publishCommitted } from '../live/events';
import { fillVariables } from './variables';

const LANGUAGE_NAMES = { nl: 'Dutch', en: 'English' } as const;

const shortcut = z
  .string()
  .trim()
  .transform((value) => value.replace(/^\//, ''))
  .pipe(z.string().regex(/^[a-z0-9_-]{1,30}$/, 'A shortcut is 1 to 30 lower-case letters, digits, - or _ (without the slash).'));
const language = z.enum(['nl', 'en']);
const title = z.string().trim().min(1, 'Give it a title.').max(100, 'A title is at most 100 characters.');
const body = z.string().trim().min(1, 'Write the text.').max(4096, 'A quick reply is at most 4,096 characters, what WhatsApp allows.');

export const quickReplyInput = z.object({ shortcut, language, title, body });
export const quickReplyChange = z
  .object({ shortcut: shortcut.optional(), language: language.optional(), title: title.optional(), body: body.optional() })
  .refine((change) => Object.values(change).some((value) => value !== undefined), 'Change at least one field.');
export const quickReplyQuery = z.object({
  q: z.string().trim().max(100).optional(),
  language: language.optional(),
  conversation: z.uuid('There is no such conversation.').optional(),
});
export type QuickReplyInput = z.output<typeof quickReplyInput>;
export type QuickReplyChange = z.output<typeof quickReplyChange>;
export type QuickReplyQuery = z.output<typeof quickReplyQuery>;

export class QuickReplyNotFoundError extends DomainError {
  constructor() {
    super('not_found', 'There is no such quick reply.');
    this.name = 'QuickReplyNotFoundError';
  }
}

class ShortcutTakenError extends DomainError {
  constructor(shortcut: string, lang: 'nl' | 'en') {
    super('conflict', `There is already a quick reply /${shortcut} in ${LANGUAGE_NAMES[lang]}.`, { code: 'shortcut_taken' });
    this.name = 'ShortcutTakenError';
  }
}

const FIELDS = { id: true, shortcut: true, language: true, title: true, body: true } as const;
const option = (row: { id: string; shortcut: string; language: string; title: string; body: string }): QuickReplyOption => ({
  ...row,
  language: row.language === 'en' ? 'en' : 'nl',
});

/** The values of the variables for one conversation and the recruiter inserting the reply. */
async function variablesFor(conversationId: string, user: SessionUser) {
  const conversation = await db().conversation.findUnique({
    where: { id: conversationId },
    select: { language: true, contact: { select: { profileName: true, username: true, vacancy: true } } },
  });
  if (!conversation) throw new ConversationNotFoundError();
  const role = loadScreeningConfig().roles.find((r) => r.id === conversation.contact.vacancy);
  return {
    language: conversation.language,
    values: (lang: 'nl' | 'en') => ({
      name: conversation.contact.profileName ?? conversation.contact.username,
      role: role ? role.label[lang] : conversation.contact.vacancy,
      recruiter: user.name,
    }),
  };
}

const like = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The quick replies matching `q` (in the shortcut, the title or the text; a leading slash is
 * ignored), shortcuts that start with it first; with a conversation, those in its language
 * first, each filled in for it.
 */
export async function listQuickReplies(query: QuickReplyQuery, user: SessionUser): Promise<QuickReplyOption[]> {
  const context = query.conversation ? await variablesFor(query.conversation, user) : null;
  const q = query.q?.replace(/^\//, '').trim() ?? '';
  const where: Prisma.Sql[] = [Prisma.sql`true`];
  if (query.language) where.push(Prisma.sql`language = ${query.language}`);
  if (q) where.push(Prisma.sql`(shortcut ILIKE ${like(q)} OR title ILIKE ${like(q)} OR body ILIKE ${like(q)})`);
  const rows = await db().$queryRaw<{ id: string; shortcut: string; language: string; title: string; body: string }[]>`
    SELECT id, shortcut, language, title, body FROM quick_replies
    WHERE ${Prisma.join(where, ' AND ')}
    ORDER BY (language = ${context?.language ?? ''}) DESC, (shortcut ILIKE ${`${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}) DESC, shortcut, language
    LIMIT 200`;
  return rows.map((row) => {
    const reply = option(row);
    return context ? { ...reply, filled: fillVariables(reply.body, context.values(reply.language)) } : reply;
  });
}

function isDuplicate(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

export async function createQuickReply(input: QuickReplyInput, user: SessionUser): Promise<QuickReplyOption> {
  try {
    const created = option(await db().quickReply.create({ data: { ...input, createdBy: user.id }, select: FIELDS }));
    publishCommitted([{ type: 'quick_replies' }]);
    return created;
  } catch (error) {
    if (isDuplicate(error)) throw new ShortcutTakenError(input.shortcut, input.language);
    throw error;
  }
}

export async function changeQuickReply(id: string, change: QuickReplyChange): Promise<QuickReplyOption> {
  const current = await db().quickReply.findUnique({ where: { id }, select: FIELDS });
  if (!current) throw new QuickReplyNotFoundError();
  try {
    const changed = option(await db().quickReply.update({ where: { id }, data: change, select: FIELDS }));
    publishCommitted([{ type: 'quick_replies' }]);
    return changed;
  } catch (error) {
    if (isDuplicate(error)) throw new ShortcutTakenError(change.shortcut ?? current.shortcut, change.language ?? option(current).language);
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2025') throw new QuickReplyNotFoundError();
    throw error;
  }
}

export async function deleteQuickReply(id: string): Promise<void> {
  const { count } = await db().quickReply.deleteMany({ where: { id } });
  if (count === 0) throw new QuickReplyNotFoundError();
  publishCommitted([{ type: 'quick_replies' }]);
}
