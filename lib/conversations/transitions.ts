// Who talks to the candidate: the bot or a recruiter. Every change is atomic (it takes the
// conversation's row lock, as the agent does) and recorded in conversation_events.
import { loadScreeningConfig } from '../agent/config';
import { lockConversation, queueReplies, saveState, stateOf } from '../agent/run';
import { resume } from '../agent/scripted';
import { Prisma, transactionWithRetry } from '../db/client';
import { publish } from '../live/events';
import { cancelQueued, enqueueMessage } from '../outbox/queue';
import type { OutboundContent } from '../whatsapp/outbound';
import type { SessionUser } from '../auth/session';
import { ConversationConflictError } from './errors';
import { holderOf, ownership } from './ownership';
import { setAssignee } from './set-assignee';

type Tx = Prisma.TransactionClient;

export { ConversationConflictError, ConversationNotFoundError } from './errors';

async function record(tx: Tx, conversationId: string, type: 'TAKEOVER' | 'HANDBACK' | 'RESOLVE' | 'REOPEN', user: SessionUser) {
  await tx.conversationEvent.create({ data: { conversationId, type, userId: user.id } });
  await publish(tx, { type: 'conversation', conversationId });
}

/**
 * A recruiter takes the conversation over: from now on the bot sends nothing, and its
 * replies still queued are cancelled; the conversation is assigned to them, and a resolved
 * one is open again. Taking over one's own conversation again is fine; one assigned to
 * somebody else is refused, naming who has it (an admin reassigns it first).
 */
export async function takeOver(conversationId: string, user: SessionUser): Promise<{ cancelled: number }> {
  return transactionWithRetry(async (tx) => {
    const current = await ownership(tx, conversationId);
    if (current.assigneeId && current.assigneeId !== user.id) {
      const name = current.assigneeName ?? 'Another recruiter';
      throw new ConversationConflictError(
        current.mode === 'HUMAN' ? `${name} has already taken this conversation over.` : `This conversation is assigned to ${name}.`,
        holderOf(current),
      );
    }
    // A resolved conversation taken over is open again (and so not due for retention).
    await tx.$executeRaw`
      UPDATE conversations SET mode = 'HUMAN', status = 'OPEN', updated_at = now()
      WHERE id = ${conversationId}::uuid`;
    const cancelled = await cancelQueued(tx, conversationId, ['BOT']);
    if (current.status === 'RESOLVED') await record(tx, conversationId, 'REOPEN', user);
    if (current.mode !== 'HUMAN') await record(tx, conversationId, 'TAKEOVER', user);
    if (current.assigneeId !== user.id) await setAssignee(tx, conversationId, user.id, user.id);
    return { cancelled };
  });
}

/** Back to the bot, which carries on with the screening where it stopped. Only its holder or an admin may hand it back. */
export async function handBack(conversationId: string, user: SessionUser): Promise<{ queued: number }> {
  const config = loadScreeningConfig();
  const queued = await transactionWithRetry(async (tx) => {
    const current = await ownership(tx, conversationId);
    if (current.mode === 'BOT') throw new ConversationConflictError('The bot already has this conversation.');
    if (current.assigneeId && current.assigneeId !== user.id && user.role !== 'ADMIN') {
      throw new ConversationConflictError(`Only ${current.assigneeName ?? 'its recruiter'} or an admin can hand this conversation back.`, holderOf(current));
    }
    // Messages the recruiter dealt with are not replayed to the bot.
    await tx.$executeRaw`
      UPDATE conversations SET mode = 'BOT', status = 'OPEN', handoff_reason = NULL,
        agent_cursor = GREATEST(agent_cursor, COALESCE((SELECT max(seq) FROM messages m WHERE m.conversation_id = ${conversationId}::uuid AND m.direction = 'INBOUND'), 0)),
        updated_at = now()
      WHERE id = ${conversationId}::uuid`;
    await record(tx, conversationId, 'HANDBACK', user);
    // The bot has it again: nobody is assigned until it hands the candidate over (round robin).
    if (current.assigneeId) await setAssignee(tx, conversationId, null, user.id);
    const row = (await lockConversation(tx, conversationId))!;
    const resumed = resume(config, stateOf(row, config));
    await saveState(tx, row, resumed.state, row.agentCursor);
    // Their notification wakes the worker's dispatcher when this commits.
    return queueReplies(tx, conversationId, resumed.replies);
  });
  return { queued };
}

export async function resolve(conversationId: string, user: SessionUser): Promise<void> {
  await transactionWithRetry(async (tx) => {
    const current = await ownership(tx, conversationId);
    if (current.status === 'RESOLVED') return;
    await tx.$executeRaw`UPDATE conversations SET status = 'RESOLVED', resolved_at = now(), updated_at = now() WHERE id = ${conversationId}::uuid`;
    await record(tx, conversationId, 'RESOLVE', user);
  });
}

export async function reopen(conversationId: string, user: SessionUser): Promise<void> {
  await transactionWithRetry(async (tx) => {
    const current = await ownership(tx, conversationId);
    if (current.status !== 'RESOLVED') return;
    await tx.$executeRaw`UPDATE conversations SET status = 'OPEN', updated_at = now() WHERE id = ${conversationId}::uuid`;
    await record(tx, conversationId, 'REOPEN', user);
  });
}

/**
 * A recruiter's reply. Replying to a conversation the bot has takes it from the bot (the bot
 * goes silent, its queued replies are cancelled); replying to a resolved one opens it again.
 * A conversation nobody is assigned to becomes the replier's; one assigned to a colleague
 * stays theirs: the reply is sent, and the answer names the assignee so the composer can say
 * who has it.
 */
export async function sendReply(
  conversationId: string,
  user: SessionUser,
  content: OutboundContent,
): Promise<{ id: string; assignee: { id: string; name: string } | null }> {
  // The queued reply's notification wakes the worker's dispatcher when this commits.
  return transactionWithRetry(async (tx) => {
    const current = await ownership(tx, conversationId);
    if (current.mode === 'BOT' || current.status === 'RESOLVED') {
      // Replying to a resolved conversation opens it again (and so it is not due for retention).
      await tx.$executeRaw`
        UPDATE conversations SET mode = 'HUMAN',
          status = CASE WHEN status IN ('NEEDS_HUMAN', 'RESOLVED') THEN 'OPEN'::"ConversationStatus" ELSE status END, updated_at = now()
        WHERE id = ${conversationId}::uuid`;
      if (current.status === 'RESOLVED') await record(tx, conversationId, 'REOPEN', user);
    }
    if (current.mode === 'BOT') {
      await cancelQueued(tx, conversationId, ['BOT']);
      await record(tx, conversationId, 'TAKEOVER', user);
    }
    let assignee = holderOf(current);
    if (!current.assigneeId) {
      await setAssignee(tx, conversationId, user.id, user.id);
      assignee = { id: user.id, name: user.name };
    }
    const message = await enqueueMessage(tx, { conversationId, author: 'RECRUITER', authorUserId: user.id, content });
    return { id: message.id, assignee };
  });
}
