// Who holds a conversation, read under its row lock (the lock the agent's turn takes), so a
// change decided on it cannot race a takeover, a handoff or another assignment.
import { lockConversation } from '../agent/run';
import type { Prisma } from '../db/client';
import { ConversationNotFoundError } from './errors';

export interface Ownership {
  mode: 'BOT' | 'HUMAN';
  status: 'OPEN' | 'NEEDS_HUMAN' | 'RESOLVED';
  assigneeId: string | null;
  assigneeName: string | null;
}

export async function ownership(tx: Prisma.TransactionClient, conversationId: string): Promise<Ownership> {
  if (!(await lockConversation(tx, conversationId))) throw new ConversationNotFoundError();
  const [row] = await tx.$queryRaw<Ownership[]>`
    SELECT c.mode, c.status, c.assignee_id AS "assigneeId", u.name AS "assigneeName"
    FROM conversations c LEFT JOIN users u ON u.id = c.assignee_id WHERE c.id = ${conversationId}::uuid`;
  return row!;
}

/** The holder as error details name them. */
export function holderOf(current: Ownership): { id: string; name: string } | null {
  return current.assigneeId ? { id: current.assigneeId, name: current.assigneeName ?? '' } : null;
}
