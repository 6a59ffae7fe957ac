// A user's own notifications: the newest first with the unread count, marking them read
// (some, or all of a conversation's), and marking them delivered by an open dashboard (then
// no Web Push follows: lib/notifications/push.ts pushes what is neither read nor delivered).
import { db } from '../db/client';
import type { NotificationItem, NotificationKind, NotificationPrefs } from '../definitions';
import { NOTIFICATION_KINDS } from './record';
import { publish } from '../live/events';

export const LIST_LIMIT = 50;

export interface NotificationList {
  notifications: NotificationItem[];
  unreadCount: number;
  /** What this user chose to receive (every kind, a missing choice being on). */
  prefs: Record<NotificationKind, boolean>;
}

export async function listNotifications(userId: string): Promise<NotificationList> {
  const [rows, unreadCount, user] = await Promise.all([
    db().$queryRaw<{ id: string; conversationId: string; kind: NotificationKind; name: string | null; createdAt: Date; readAt: Date | null }[]>`
      SELECT n.id, n.conversation_id AS "conversationId", n.kind, NULLIF(btrim(COALESCE(ct.profile_name, ct.username)), '') AS name,
        n.created_at AS "createdAt", n.read_at AS "readAt"
      FROM notifications n JOIN conversations c ON c.id = n.conversation_id JOIN contacts ct ON ct.id = c.contact_id
      WHERE n.user_id = ${userId}::uuid
      ORDER BY n.created_at DESC, n.id
      LIMIT ${LIST_LIMIT}`,
    db().notification.count({ where: { userId, readAt: null } }),
    db().user.findUnique({ where: { id: userId }, select: { notificationPrefs: true } }),
  ]);
  const chosen = (user?.notificationPrefs ?? {}) as NotificationPrefs;
  return {
    prefs: Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, chosen[kind] !== false])) as Record<NotificationKind, boolean>,
    notifications: rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString(), readAt: row.readAt?.toISOString() ?? null })),
    unreadCount,
  };
}

export type ReadSelection = { ids: string[] } | { conversationId: string } | { all: true };

/** Marks the user's own notifications read (others' ids are ignored); returns how many changed and the unread count left. */
export async function markRead(userId: string, selection: ReadSelection): Promise<{ updated: number; unreadCount: number }> {
  return db().$transaction(async (tx) => {
    const where =
      'ids' in selection ? { id: { in: selection.ids } } : 'conversationId' in selection ? { conversationId: selection.conversationId } : {};
    const { count } = await tx.notification.updateMany({ where: { ...where, userId, readAt: null }, data: { readAt: new Date() } });
    if (count > 0) await publish(tx, { type: 'notifications_read', userId });
    return { updated: count, unreadCount: await tx.notification.count({ where: { userId, readAt: null } }) };
  });
}

/** An open dashboard showed these (its own): they need no push. */
export async function markDelivered(userId: string, ids: string[]): Promise<number> {
  const { count } = await db().notification.updateMany({ where: { id: { in: ids }, userId, pushedAt: null }, data: { pushedAt: new Date() } });
  return count;
}
