// Runs the screening agent for a conversation after an inbound message was acknowledged.
// The conversation row is locked for the whole turn, which gives three guarantees:
//  - messages are answered in the order they were stored, each once (agent_cursor), even
//    when the after-response work of two messages runs at the same moment;
//  - several messages that arrived together get one answer, not one question per message;
//  - a takeover (which takes the same lock) either comes first, and the bot stays silent,
//    or comes after, and cancels what the bot queued.
import { Prisma, transactionWithRetry } from '../db/client';
import { markReadWithTyping } from '../whatsapp/read-receipt';
import type { InboundMessageRef } from '../ingest/processing';
import { publish } from '../live/events';
import { notifyCandidateWrote } from '../notifications/candidate-wrote';
import { log } from '../log';
import { OutboxError, enqueueMessage, recipientOf, type RecipientLookup } from '../outbox/queue';
import { loadScreeningConfig, type Language, type ScreeningConfig } from './config';
import { LlmError, applyDecision, askModel, llmSettings, systemPrompt, type HistoryLine, type LlmSettings } from './llm';
import { assignHandoff } from '../conversations/round-robin';
import { handoffSummary } from './summary';
import { step, type AgentMessage, type AgentState, type HandoffReason, type Reply, type OpenQuestion, type StepResult, type StoredAnswer } from './scripted';

type Tx = Prisma.TransactionClient;

interface ConversationRow {
  id: string;
  mode: 'BOT' | 'HUMAN';
  language: string;
  agentStep: string | null;
  agentCursor: bigint;
  unclearCount: number;
  openQuestions: OpenQuestion[];
  contactId: string;
  assigneeId: string | null;
  profileName: string | null;
  answers: Record<string, StoredAnswer>;
}

interface MessageRow {
  id: string;
  seq: bigint;
  wamid: string | null;
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
      c.unclear_count AS "unclearCount", c.open_questions AS "openQuestions", c.contact_id AS "contactId", c.assignee_id AS "assigneeId",
      ct.profile_name AS "profileName", ct.answers
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
    openQuestions: Array.isArray(row.openQuestions) ? row.openQuestions : [],
  };
}

function toAgentMessage(row: MessageRow): AgentMessage {
  const p = row.payload ?? {};
  return {
    id: row.id,
    type: row.type,
    text: row.text,
    replyId: p.interactive?.button_reply?.id ?? p.interactive?.list_reply?.id ?? p.button?.payload ?? null,
    location: p.location
      ? { latitude: Number(p.location.latitude), longitude: Number(p.location.longitude), name: p.location.name, address: p.location.address }
      : null,
    mimeType: row.mediaMimeType,
    filename: row.mediaFilename,
  };
}

/** Queues the bot's replies; free text outside the window is skipped (only templates may go then). */
export async function queueReplies(tx: Tx, conversationId: string, replies: Reply[]): Promise<number> {
  let queued = 0;
  // Several replies of one turn go to the same candidate: their number and window are read once.
  let looked: RecipientLookup | undefined;
  for (const reply of replies) {
    try {
      if (replies.length > 1) looked ??= { recipient: await recipientOf(tx, conversationId) };
      await enqueueMessage(tx, { conversationId, author: 'BOT', content: reply.content }, looked);
      queued += 1;
    } catch (error) {
      if (!(error instanceof OutboxError)) throw error;
      log.warn('bot reply not queued', { conversationId, reason: error.code });
    }
  }
  return queued;
}

export async function saveState(tx: Tx, row: ConversationRow, state: AgentState, cursor: bigint) {
  // Both rows in one statement (they are already locked by this turn).
  await tx.$executeRaw`
    WITH conversation AS (
      UPDATE conversations SET language = ${state.language}, agent_step = ${state.step}, unclear_count = ${state.unclearCount},
        open_questions = ${JSON.stringify(state.openQuestions)}::jsonb,
        agent_cursor = GREATEST(agent_cursor, ${cursor}), updated_at = now()
      WHERE id = ${row.id}::uuid
    )
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
  const summary = handoffSummary(config, state, handoff);
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
  await publish(tx, { type: 'conversation', conversationId: row.id });
  // To a recruiter by round robin (the vacancy as this turn read it: saveState writes it after).
  await assignHandoff(tx, row.id, typeof state.answers.role?.value === 'string' ? state.answers.role.value : null);
}

interface Turn {
  row: ConversationRow;
  pending: MessageRow[];
}

/** Locks the conversation and reads what the agent has not answered yet, up to `message`. */
async function readTurn(tx: Tx, message: InboundMessageRef): Promise<Turn | null> {
  const row = await lockConversation(tx, message.conversationId);
  if (!row || message.seq <= row.agentCursor) return null;
  // The recruiter who has it hears of what the candidate wrote, whoever answers it (nobody to
  // tell while no one has it; the row is locked, so that cannot change during this turn).
  if (row.assigneeId) await notifyCandidateWrote(tx, row.id, row.agentCursor, message.seq);
  if (row.mode !== 'BOT') {
    // A recruiter has it: the bot stays silent, and will not replay these on hand-back.
    await tx.$executeRaw`UPDATE conversations SET agent_cursor = GREATEST(agent_cursor, ${message.seq}) WHERE id = ${row.id}::uuid`;
    return null;
  }
  const pending = await tx.$queryRaw<MessageRow[]>`
    SELECT id, seq, wamid, type, text, payload, media_mime_type AS "mediaMimeType", media_filename AS "mediaFilename"
    FROM messages
    WHERE conversation_id = ${row.id}::uuid AND direction = 'INBOUND' AND seq > ${row.agentCursor} AND seq <= ${message.seq}
      -- Group messages are stored and shown, never answered (nor screened).
      AND group_id IS NULL
    ORDER BY seq`;
  // Blue ticks and "typing…" while the bot works out its answer: never waited for, never in the way.
  const last = pending.filter((m) => m.type !== 'reaction' && m.wamid).at(-1);
  if (last && row.agentStep !== 'waiting') void markReadWithTyping(last.wamid!);
  return pending.length > 0 ? { row, pending } : null;
}

interface TurnResult {
  state: AgentState;
  replies: Reply[];
  handoff?: StepResult['handoff'];
  requalified?: StepResult['requalified'];
}

/** The scripted flow over every pending message; only the last message's question is asked. */
function scriptedTurn(config: ScreeningConfig, state: AgentState, pending: MessageRow[], now: Date): TurnResult {
  let replies: Reply[] = [];
  let handoff: TurnResult['handoff'];
  let requalified: TurnResult['requalified'];
  for (const [index, inbound] of pending.entries()) {
    const result = step(config, state, toAgentMessage(inbound), now);
    state = result.state;
    if (result.cv) {
      state = { ...state, answers: { ...state.answers, cv: { value: result.cv.messageId, label: result.cv.filename ?? 'cv', text: null, at: now.toISOString() } } };
    }
    const last = index === pending.length - 1;
    replies = [...replies.filter((r) => r.kind === 'info'), ...(last ? result.replies : result.replies.filter((r) => r.kind === 'info'))];
    handoff = result.handoff ?? handoff;
    requalified = result.requalified ?? requalified;
  }
  return { state, replies, handoff, requalified };
}

async function commitTurn(tx: Tx, turn: Turn, config: ScreeningConfig, result: TurnResult): Promise<number> {
  if (result.handoff) await recordHandoff(tx, turn.row, result.state, config, result.handoff);
  if (result.requalified) {
    await tx.$executeRaw`UPDATE contacts SET qualification = ${result.requalified}::"Qualification" WHERE id = ${turn.row.contactId}::uuid`;
    await publish(tx, { type: 'conversation', conversationId: turn.row.id });
  }
  await saveState(tx, turn.row, result.state, turn.pending.at(-1)!.seq);
  return queueReplies(tx, turn.row.id, result.replies);
}

async function history(tx: Tx, conversationId: string): Promise<HistoryLine[]> {
  const rows = await tx.$queryRaw<{ direction: string; text: string | null; type: string }[]>`
    SELECT direction, text, type FROM messages
    WHERE conversation_id = ${conversationId}::uuid AND status NOT IN ('CANCELLED', 'FAILED')
    ORDER BY seq DESC LIMIT 20`;
  return rows.reverse().map((r) => ({ fromCandidate: r.direction === 'INBOUND', text: r.text ?? `[${r.type}]` }));
}

/**
 * The inbound handler: answers every message of the conversation not answered yet, up to this
 * one. Returns how many replies it queued (the worker then wakes its dispatcher at once).
 */
export async function runAgentFor(message: InboundMessageRef, now = () => new Date()): Promise<number> {
  const config = loadScreeningConfig();
  // Blue ticks and "typing…" while the bot works out its answer; never waited for, never in the way.
  const settings = llmSettings();
  let queued = 0;
  if (!settings) {
    queued = await transactionWithRetry(async (tx) => {
      const turn = await readTurn(tx, message);
      return turn ? commitTurn(tx, turn, config, scriptedTurn(config, stateOf(turn.row, config), turn.pending, now())) : 0;
    });
  } else {
    queued = await runModelTurn(message, config, settings, now);
  }
  return queued;
}

/**
 * The language-model turn. The model is asked outside any transaction (it may take
 * seconds); the result is applied only if nothing moved meanwhile: a takeover makes the
 * bot silent, another turn that answered first makes this one start over.
 */
async function runModelTurn(message: InboundMessageRef, config: ScreeningConfig, settings: LlmSettings, now: () => Date): Promise<number> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const snapshot = await transactionWithRetry(async (tx) => {
      const turn = await readTurn(tx, message);
      return turn ? { turn, history: await history(tx, turn.row.id) } : null;
    });
    if (!snapshot) return 0;
    const { turn } = snapshot;
    const state = stateOf(turn.row, config);
    const texts = turn.pending.filter((m) => m.type === 'text' || m.type === 'interactive' || m.type === 'button');
    let result: TurnResult;
    // Media, reactions and conversations already handed off follow the script: nothing to write.
    if (texts.length === 0 || state.step === 'handed_off' || state.step === 'waiting') {
      result = scriptedTurn(config, state, turn.pending, now());
    } else {
      try {
        const made = await askModel(settings, systemPrompt(settings, config, state, now()), snapshot.history);
        result = applyDecision(config, state, made, texts.map(toAgentMessage), now());
      } catch (error) {
        // Never leave a candidate without an answer: the script takes this turn.
        log.warn('language model failed; the scripted flow answers', { conversationId: turn.row.id, reason: error instanceof LlmError ? error.message : String(error) });
        result = scriptedTurn(config, state, turn.pending, now());
      }
    }
    const outcome = await transactionWithRetry(async (tx) => {
      const current = await lockConversation(tx, turn.row.id);
      if (!current || current.agentCursor !== turn.row.agentCursor) return 'moved' as const;
      if (current.mode !== 'BOT') {
        await tx.$executeRaw`UPDATE conversations SET agent_cursor = GREATEST(agent_cursor, ${turn.pending.at(-1)!.seq}) WHERE id = ${turn.row.id}::uuid`;
        return 0;
      }
      return commitTurn(tx, turn, config, result);
    });
    if (outcome !== 'moved') return outcome;
  }
  return 0;
}
