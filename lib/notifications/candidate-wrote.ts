// 'candidate_wrote': the candidate wrote in a conversation a recruiter has. Called by the
// inbound turn (lib/agent/run.ts) with the conversation locked, for the messages it has not
// handled yet, so every message is considered once. Coalesced: while the assignee has an
// unread 'candidate_wrote' for this conversation, further messages add nothing (the one they
// have already says the candidate wrote). Group messages never notify.
import type { Prisma } from '../db/client';
import { recordNotifications } from './record';

/** Notifies the assignee of conversation `conversationId` if a candidate's message with `afterSeq < seq <= upToSeq` is not a group message. */
export async function notifyCandidateWrote(tx: Prisma.TransactionClient, conversationId: string, afterSeq: bigint, upToSeq: bigint): Promise<string[]> {
  const [target] = await tx.$queryRaw<{ assigneeId: string }[]>`
    SELECT c.assignee_id AS "assigneeId" FROM conversations c
    WHERE c.id = ${conversationId}::uuid AND c.assignee_id IS NOT NULL
      AND EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.direction = 'INBOUND'
        AND m.seq > ${afterSeq} AND m.seq <= ${upToSeq} AND m.group_id IS NULL)
      AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.conversation_id = c.id AND n.user_id = c.assignee_id
        AND n.kind = 'candidate_wrote' AND n.read_at IS NULL)`;
  if (!target) return [];
  return recordNotifications(tx, { userIds: [target.assigneeId], conversationId, kind: 'candidate_wrote' });
}
