// The screening reminder: a candidate who stops answering in the middle of the screening gets
// one nudge after SCREENING_NUDGE_AFTER, repeating the question they left open, only while
// WhatsApp's 24-hour window is still open (a reminder after that would need a paid template),
// never once a recruiter took over or the bot handed the candidate on. The conversation list
// shows the same screenings as stalled.
import { Prisma, db, transactionWithRetry } from '../db/client';
import { WINDOW_MS } from '../conversations/window';
import { fill, loadScreeningConfig } from './config';
import { lockConversation, queueReplies, stateOf } from './run';
import { ask, nextQuestion } from './scripted';

/** The question steps: a conversation whose bot waits for an answer (not started, not handed off). */
const MID_SCREENING = Prisma.sql`c.mode = 'BOT' AND c.status = 'OPEN' AND c.agent_step IS NOT NULL AND c.agent_step NOT IN ('handed_off', 'waiting')`;

/** A screening the candidate stopped answering: the bot spoke last, `afterSeconds` ago or longer. */
export function stalledCondition(afterSeconds: number, now: Date = new Date()): Prisma.Sql {
  const before = new Date(now.getTime() - afterSeconds * 1000);
  return Prisma.sql`(${MID_SCREENING} AND c.last_message_at > COALESCE(c.last_inbound_at, '-infinity'::timestamptz)
    AND c.last_message_at <= ${before}::timestamptz)`;
}

// The nudge must still go out inside the window: leave it a minute to be sent.
const WINDOW_MARGIN_MS = 60_000;

/** Queues the reminders that are due; returns how many were queued (the worker then wakes its dispatcher). */
export async function sendNudges(afterSeconds: number, now: Date = new Date(), limit = 100): Promise<number> {
  if (afterSeconds <= 0) return 0;
  const windowFrom = new Date(now.getTime() - WINDOW_MS + WINDOW_MARGIN_MS);
  // The window bounds last activity from below, so this reads a short range of the (status, last_message_at) index.
  const due = await db().$queryRaw<{ id: string }[]>`
    SELECT c.id FROM conversations c
    WHERE ${stalledCondition(afterSeconds, now)}
      AND c.last_message_at > ${windowFrom}::timestamptz
      AND c.last_inbound_at > ${windowFrom}::timestamptz
      AND (c.nudged_at IS NULL OR c.nudged_at < c.last_inbound_at)
    ORDER BY c.last_message_at
    LIMIT ${limit}`;
  const config = loadScreeningConfig();
  let sent = 0;
  for (const { id } of due) {
    sent += await transactionWithRetry(async (tx) => {
      const row = await lockConversation(tx, id);
      // Under the lock again: the candidate may have answered, or a recruiter taken over, meanwhile.
      const [still] = await tx.$queryRaw<{ id: string }[]>`
        SELECT c.id FROM conversations c
        WHERE c.id = ${id}::uuid AND ${stalledCondition(afterSeconds, now)}
          AND c.last_inbound_at > ${windowFrom}::timestamptz AND (c.nudged_at IS NULL OR c.nudged_at < c.last_inbound_at)`;
      if (!row || !still) return 0;
      const state = stateOf(row, config);
      const question = nextQuestion(config, state.answers);
      if (!question) return 0;
      const text = fill(config.texts.nudge[state.language], { name: state.name ?? '', agency: config.agency }).replace(/\s+,/g, ',');
      const queued = await queueReplies(tx, id, [{ kind: 'question', content: ask(config, question, state.language, text) }]);
      await tx.$executeRaw`UPDATE conversations SET nudged_at = ${now}::timestamptz, agent_step = ${question.id} WHERE id = ${id}::uuid`;
      return queued;
    });
  }
  return sent;
}
