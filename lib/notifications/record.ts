// Telling users about a conversation: a row in `notifications` per user who wants this kind
// (users.notification_prefs; a missing key is on), written in the transaction that made the
// change, and a live event per row so that user's open dashboards show it at once. Closed
// dashboards get it by Web Push from the worker (lib/notifications/push.ts), which sends the
// rows not pushed yet. A notification carries ids and the reason only.
import { Prisma } from '../db/client';
import type { NotificationKind } from '../definitions';
import { EVENTS_CHANNEL } from '../live/events';

export const NOTIFICATION_KINDS: readonly NotificationKind[] = ['assigned', 'unassigned', 'candidate_wrote', 'window_closing', 'mention'];

/**
 * Records `kind` for each of `userIds` (active users who have not switched it off; the one
 * who caused it, `exceptUserId`, is never told about their own act). Returns the ids written.
 */
export async function recordNotifications(
  tx: Prisma.TransactionClient,
  input: { userIds: readonly string[]; conversationId: string; kind: NotificationKind; exceptUserId?: string | null },
): Promise<string[]> {
  const userIds = [...new Set(input.userIds)].filter((id) => id !== input.exceptUserId);
  if (userIds.length === 0) return [];
  const rows = await tx.$queryRaw<{ id: string; user_id: string }[]>`
    INSERT INTO notifications (user_id, conversation_id, kind)
    SELECT u.id, ${input.conversationId}::uuid, ${input.kind}
    FROM users u
    WHERE u.id = ANY(${userIds}::uuid[]) AND u.active
      AND COALESCE((u.notification_prefs ->> ${input.kind})::boolean, true)
    RETURNING id, user_id`;
  for (const row of rows) {
    const event = { type: 'notification', userId: row.user_id, notificationId: row.id, conversationId: input.conversationId, kind: input.kind };
    await tx.$executeRaw`SELECT pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify(event)})`;
  }
  return rows.map((row) => row.id);
}
