// Who handles a conversation: its assignee (a user, or nobody), apart from whether the bot or
// a person is talking (`mode`). Every change is recorded as an ASSIGN event (who did it, to
// whom, when), published live, and told to the new assignee.
//
// Rules (POST /api/conversations/:id/assign):
//  - anyone may take a conversation nobody has, or keep their own;
//  - a recruiter may give their own back to nobody, never to someone else, and never takes a
//    colleague's (403, naming who has it);
//  - an admin assigns, reassigns or unassigns to anyone active and available.
import { z } from 'zod';
import type { SessionUser } from '../auth/session';
import { transactionWithRetry, type Prisma } from '../db/client';
import { DomainError, notFound } from '../errors';
import { holderOf, ownership } from './ownership';
import { setAssignee } from './set-assignee';

type Tx = Prisma.TransactionClient;

export const assignInput = z.object({ userId: z.uuid('Give a user id, or null for nobody.').nullable() }).strict();
export type AssignInput = z.output<typeof assignInput>;

export interface Assignee {
  id: string;
  name: string;
}

async function targetUser(tx: Tx, userId: string): Promise<Assignee & { available: boolean }> {
  const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, name: true, active: true, available: true } });
  if (!user) notFound('There is no such user.');
  if (!user.active) throw new DomainError('invalid', `${user.name} is deactivated and cannot be assigned conversations.`, {
      code: 'user_inactive',
      details: { user: { id: user.id, name: user.name } },
    });
  return { id: user.id, name: user.name, available: user.available };
}

/** Assigns the conversation to `target.userId` (or nobody) on behalf of `user`; returns the assignee after it. */
export async function assignConversation(conversationId: string, target: AssignInput, user: SessionUser): Promise<{ assignee: Assignee | null }> {
  return transactionWithRetry(async (tx) => {
    const current = await ownership(tx, conversationId);
    const to = target.userId;
    if (user.role !== 'ADMIN') {
      if (to !== null && to !== user.id) {
        throw new DomainError('forbidden', 'Only an admin can assign a conversation to someone else.', { code: 'not_allowed' });
      }
      if (current.assigneeId && current.assigneeId !== user.id) {
        throw new DomainError('forbidden', `${current.assigneeName ?? 'A colleague'} has this conversation; an admin can reassign it.`, {
          code: 'assigned_to_other',
          details: { holder: holderOf(current) },
        });
      }
    }
    let assignee: Assignee | null = null;
    if (to) {
      const found = await targetUser(tx, to);
      // Away users get nothing new from others; taking one yourself is always fine.
      if (!found.available && to !== user.id) {
        throw new DomainError('invalid', `${found.name} is away and gets no new conversations.`, {
          code: 'user_away',
          details: { user: { id: found.id, name: found.name } },
        });
      }
      assignee = { id: found.id, name: found.name };
    }
    if (current.assigneeId !== to) await setAssignee(tx, conversationId, to, user.id);
    return { assignee };
  });
}
