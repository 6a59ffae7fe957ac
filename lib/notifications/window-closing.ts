// 'window_closing': a candidate waiting for a person (NEEDS_HUMAN) whose 24-hour window
// closes within WARN_BEFORE_MS, with no reply by a recruiter since their last message. After
// the window a reply needs a paid template, so the assignee (or, when nobody has it, every
// admin) is told once per window: conversations.window_warned_at remembers the warning, and a
// new message from the candidate opens a new window that may be warned about again. Run by a
// periodic job of the worker (lib/runtime/worker.ts), one worker at a time.
import { transactionWithRetry } from '../db/client';
import { WINDOW_INTERVAL_SQL } from '../conversations/window';
import { recordNotifications } from './record';

export const WARN_BEFORE_MS = 2 * 3600_000;

/** Warns about every conversation whose window closes within two hours; returns how many conversations were warned about. */
export async function warnClosingWindows(limit = 200): Promise<number> {
  return transactionWithRetry(async (tx) => {
    const due = await tx.$queryRawUnsafe<{ id: string; assigneeId: string | null }[]>(
      `SELECT c.id, c.assignee_id AS "assigneeId" FROM conversations c
       WHERE c.status = 'NEEDS_HUMAN' AND c.last_inbound_at IS NOT NULL
         AND c.last_inbound_at + ${WINDOW_INTERVAL_SQL} > now()
         AND c.last_inbound_at + ${WINDOW_INTERVAL_SQL} <= now() + make_interval(secs => $1)
         AND (c.window_warned_at IS NULL OR c.window_warned_at < c.last_inbound_at)
         AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.direction = 'OUTBOUND'
           AND m.author = 'RECRUITER' AND m.created_at >= c.last_inbound_at AND m.status NOT IN ('FAILED', 'CANCELLED'))
       ORDER BY c.last_inbound_at
       LIMIT $2
       FOR UPDATE OF c SKIP LOCKED`,
      WARN_BEFORE_MS / 1000,
      limit,
    );
    if (due.length === 0) return 0;
    const admins = due.some((row) => row.assigneeId === null)
      ? (await tx.user.findMany({ where: { role: 'ADMIN', active: true }, select: { id: true } })).map((user) => user.id)
      : [];
    for (const row of due) {
      await recordNotifications(tx, { userIds: row.assigneeId ? [row.assigneeId] : admins, conversationId: row.id, kind: 'window_closing' });
    }
    await tx.$executeRaw`UPDATE conversations SET window_warned_at = now() WHERE id = ANY(${due.map((row) => row.id)}::uuid[])`;
    return due.length;
  });
}
