// The one place an assignee changes: the ASSIGN event (who did it, to whom, when), the live
// event, and the new assignee's notification, in the transaction that makes the change.
import type { Prisma } from '../db/client';
import { publish } from '../live/events';
import { recordNotifications } from '../notifications/record';

type Tx = Prisma.TransactionClient;

/**
 * Sets the conversation's assignee (its row already locked by the caller) and records it:
 * the ASSIGN event (`byUserId` null: the screening agent), a live event, and an 'assigned'
 * notification for the new assignee unless they did it themselves.
 */
export async function setAssignee(tx: Tx, conversationId: string, assigneeId: string | null, byUserId: string | null): Promise<void> {
  await tx.$executeRaw`UPDATE conversations SET assignee_id = ${assigneeId}::uuid, updated_at = now() WHERE id = ${conversationId}::uuid`;
  await tx.conversationEvent.create({ data: { conversationId, type: 'ASSIGN', userId: byUserId, assigneeId } });
  await publish(tx, { type: 'conversation', conversationId });
  if (assigneeId) await recordNotifications(tx, { userIds: [assigneeId], conversationId, kind: 'assigned', exceptUserId: byUserId });
}
