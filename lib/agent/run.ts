// Runs the screening agent for a conversation after an inbound message was acknowledged.
// The conversation row is locked for the whole turn, which gives three guarantees:
//  - messages are answered in the order they were stored, each once (agent_cursor), even
//    when the after-response work of two messages runs at the same moment;
//  - several messages that arrived together get one answer, not one question per message;
//  - a takeover (which takes the same lock) either comes first, and the bot stays silent,
//    or comes after, and cancels what the bot queued.
import { Prisma, transactionWithRetry } from '../db';
import type { InboundMessageRef } from '../inbound-processing';
import { log } from '../log';
import { OutboxError, enqueueMessage, wakeOutbox } from '../outbox';
import { loadScreeningConfig, type Language, type ScreeningConfig } from './config';
import { step, type AgentMessage, type AgentState, type HandoffReason, type Reply, type StoredAnswer } from './scripted';

type Tx = Prisma.TransactionClient;

interface ConversationRow {
  id: string;
  mode: 'BOT' | 'HUMAN';
  language: string;
  agentStep: string | null;
  agentCursor: bigint;
  unclearCount: number;
  contactId: string;
  profileName: string | null;
  answers: Record<string, StoredAnswer>;
}

interface MessageRow {
  id: string;
  seq: bigint;
  type: string;
  text: string | null;
  payload: any;
  mediaMimeType: string | null;
  mediaFilename: string | null;
}

/**
 * Locks the candidate and the conversation, in that order: the order the webhook's ingest
 * takes them in (contact upsert, then conversation upsert), so the two never deadlock.
 */
export async function lockConversation(tx: Tx, conversationId: string): Promise<ConversationRow | undefined> {
  await tx.$queryRaw`
    SELECT ct.id FROM contacts ct
    WHERE ct.id = (SELECT contact_id FROM conversations WHERE id = ${conversationId}::uuid)
    FOR UPDATE`;
  const rows = await tx.$queryRaw<ConversationRow[]>`
    SELECT c.id, c.mode, c.language, c.agent_step AS "agentStep", c.agent_cursor AS "agentCursor",
      c.unclear_count AS "unclearCount", c.contact_id AS "contactId", ct.profile_name AS "profileName", ct.answers
    FROM conversations c JOIN contacts ct ON ct.id = c.contact_id
    WHERE c.id = ${conversationId}::uuid
    FOR UPDATE OF c`;
  return rows[0];
}

export function stateOf(row: ConversationRow, config: ScreeningConfig): AgentState {
  return {
    language: (row.language === 'en' || row.language === 'nl' ? row.language : config.defaultLanguage) as Language,
    step: row.agentStep,
    unclearCount: row.unclearCount,
    answers: row.answers ?? {},
    name: row.profileName?.trim().split(/\s+/)[0] ?? null,
  };
}

function toAgentMessage(row: MessageRow): AgentMessage {
  const p = row.payload ?? {};
  return {
    id: row.id,
    type: row.type,
    text: row.text,
    replyId: p.interactive?.button_reply?.id ?? p.interactive?.list_reply?.id ?? p.button?.payload ?? null,
    location: p.location ? { name: p.location.name, address: p.location.address } : null,
    mimeType: row.mediaMimeType,
    filename: row.mediaFilename,
  };
}

/** Queues the bot's replies; free text outside the window is skipped (only templates may go then). */
export async function queueReplies(tx: Tx, conversationId: string, replies: Reply[]): Promise<number> {
  let queued = 0;
  for (const reply of replies) {
    try {
      await enqueueMessage(tx, { conversationId, author: 'BOT', content: reply.content });
      queued += 1;
    } catch (error) {
      if (!(error instanceof OutboxError)) throw error;
      log.warn('bot reply not queued', { conversationId, reason: error.code });
    }
  }
  return queued;
}

export async function saveState(tx: Tx, row: ConversationRow, state: AgentState, cursor: bigint) {
  await tx.$executeRaw`
    UPDATE conversations SET language = ${state.language}, agent_step = ${state.step}, unclear_count = ${state.unclearCount},
      agent_cursor = GREATEST(agent_cursor, ${cursor}), updated_at = now()
    WHERE id = ${row.id}::uuid`;
  await tx.$executeRaw`
    UPDATE contacts SET answers = ${JSON.stringify(state.answers)}::jsonb,
      vacancy = ${typeof state.answers.role?.value === 'string' ? state.answers.role.value : null}, updated_at = now()
    WHERE id = ${row.contactId}::uuid`;
}

async function recordHandoff(
  tx: Tx,
  row: ConversationRow,
  state: AgentState,
  config: ScreeningConfig,
  handoff: { reason: HandoffReason; qualification: string | null },
) {
  const summary = {
    reason: handoff.reason,
    qualification: handoff.qualification,
    language: state.language,
    answers: config.questions
      .filter((q) => state.answers[q.id])
      .map((q) => ({ question: q.prompt[state.language], answer: state.answers[q.id]!.label })),
    at: new Date().toISOString(),
  };
  await tx.$executeRaw`
    UPDATE conversations SET status = 'NEEDS_HUMAN', handoff_reason = ${handoff.reason},
      handoff_summary = ${JSON.stringify(summary)}::jsonb, handoff_at = now()
    WHERE id = ${row.id}::uuid`;
  if (handoff.reason === 'completed') {
    await tx.$executeRaw`
      UPDATE contacts SET qualification = ${handoff.qualification}::"Qualification", screened_at = now()
      WHERE id = ${row.contactId}::uuid`;
  }
  await tx.conversationEvent.create({ data: { conversationId: row.id, type: 'HANDOFF', reason: handoff.reason } });
}

/** The inbound handler: answers every message of the conversation not answered yet, up to this one. */
export async function runAgentFor(message: InboundMessageRef, now = () => new Date()): Promise<void> {
  const config = loadScreeningConfig();
  const queued = await transactionWithRetry(async (tx) => {
    const row = await lockConversation(tx, message.conversationId);
    if (!row || message.seq <= row.agentCursor) return 0;
    if (row.mode !== 'BOT') {
      // A recruiter has it: the bot stays silent, and will not replay these on hand-back.
      await tx.$executeRaw`UPDATE conversations SET agent_cursor = GREATEST(agent_cursor, ${message.seq}) WHERE id = ${row.id}::uuid`;
      return 0;
    }
    const pending = await tx.$queryRaw<MessageRow[]>`
      SELECT id, seq, type, text, payload, media_mime_type AS "mediaMimeType", media_filename AS "mediaFilename"
      FROM messages
      WHERE conversation_id = ${row.id}::uuid AND direction = 'INBOUND' AND seq > ${row.agentCursor} AND seq <= ${message.seq}
      ORDER BY seq`;
    let state = stateOf(row, config);
    let replies: Reply[] = [];
    for (const [index, inbound] of pending.entries()) {
      const result = step(config, state, toAgentMessage(inbound), now());
      state = result.state;
      if (result.cv) {
        state = { ...state, answers: { ...state.answers, cv: { value: result.cv.messageId, label: result.cv.filename ?? 'cv', text: null, at: now().toISOString() } } };
      }
      // Only the last message's question is asked; what came before it is answered by it.
      const last = index === pending.length - 1;
      replies = [...replies.filter((r) => r.kind === 'info'), ...(last ? result.replies : result.replies.filter((r) => r.kind === 'info'))];
      if (result.handoff) await recordHandoff(tx, row, state, config, result.handoff);
    }
    await saveState(tx, row, state, pending.at(-1)?.seq ?? message.seq);
    return queueReplies(tx, row.id, replies);
  });
  if (queued > 0) wakeOutbox();
}
