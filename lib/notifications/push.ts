// Web Push for dashboards that are closed: the worker (lib/runtime/worker.ts, one at a time)
// takes the notifications neither read nor delivered to an open dashboard within
// PUSH_AFTER_SECONDS, marks them pushed (notifications.pushed_at) and sends each to every
// browser its user subscribed, signed with the VAPID keys and encrypted for that browser by
// `web-push`. A subscription the push service says is gone (404, 410) is deleted. The payload
// is the candidate's name, the reason and the conversation's id: never what they wrote.
// At most once: a worker that dies while sending loses those pushes, never doubles them.
import webpush from 'web-push';
import { db } from '../db/client';
import type { Env } from '../env';
import type { NotificationKind } from '../definitions';
import { isLocale } from '../i18n/locales';
import { messagesFor } from '../i18n/messages';
import { log } from '../log';
import { notificationText } from './text';
import { atPushService } from './schemas';

const BATCH = 200;
// A push the browser could not receive within this time is dropped by the push service.
const TTL_SECONDS = 3600;

export interface PushPayload {
  title: string;
  body: string;
  conversationId: string;
  notificationId: string;
}

type PushConfig = Pick<Env, 'VAPID_PUBLIC_KEY' | 'VAPID_PRIVATE_KEY' | 'VAPID_SUBJECT' | 'PUSH_AFTER_SECONDS' | 'PUSH_SERVICE_HOSTS' | 'DASHBOARD_LOCALE'>;

export function pushEnabled(config: PushConfig): boolean {
  return config.VAPID_PUBLIC_KEY !== undefined && config.VAPID_PRIVATE_KEY !== undefined;
}

interface Due {
  id: string;
  userId: string;
  conversationId: string;
  kind: NotificationKind;
  name: string | null;
  locale: string | null;
  readAt: Date | null;
  createdAt: Date;
}

/** Pushes what is due; returns how many pushes the push services accepted. */
export async function pushDueNotifications(config: PushConfig): Promise<number> {
  if (!pushEnabled(config)) return 0;
  // Claimed by marking them: read ones and those of users without a browser are simply done.
  const due = await db().$queryRaw<Due[]>`
    WITH due AS (
      SELECT id FROM notifications
      WHERE pushed_at IS NULL AND created_at <= now() - make_interval(secs => ${config.PUSH_AFTER_SECONDS})
      ORDER BY created_at
      LIMIT ${BATCH}
      FOR UPDATE SKIP LOCKED
    )
    UPDATE notifications n SET pushed_at = now()
    FROM due, users u, conversations c, contacts ct
    WHERE n.id = due.id AND u.id = n.user_id AND c.id = n.conversation_id AND ct.id = c.contact_id
    RETURNING n.id, n.user_id AS "userId", n.conversation_id AS "conversationId", n.kind,
      NULLIF(btrim(COALESCE(ct.profile_name, ct.username)), '') AS name, u.locale, n.read_at AS "readAt", n.created_at AS "createdAt"`;
  // What waited longer than a push may live (a worker was down) is news no more.
  const unread = due.filter((row) => row.readAt === null && Date.now() - row.createdAt.getTime() < TTL_SECONDS * 1000);
  if (unread.length === 0) return 0;
  const subscriptions = await db().pushSubscription.findMany({ where: { userId: { in: [...new Set(unread.map((row) => row.userId))] }, user: { active: true } } });
  if (subscriptions.length === 0) return 0;
  const vapidDetails = { subject: config.VAPID_SUBJECT, publicKey: config.VAPID_PUBLIC_KEY!, privateKey: config.VAPID_PRIVATE_KEY! };
  let sent = 0;
  const gone = new Set<string>();
  await Promise.all(
    unread.map(async (row) => {
      const locale = isLocale(row.locale) ? row.locale : config.DASHBOARD_LOCALE;
      const payload: PushPayload = { ...notificationText(locale, messagesFor(locale), row.kind, row.name), conversationId: row.conversationId, notificationId: row.id };
      for (const subscription of subscriptions.filter((s) => s.userId === row.userId)) {
        // Saved under a wider PUSH_SERVICE_HOSTS than today's: not sent anywhere else.
        if (gone.has(subscription.id) || !atPushService(subscription.endpoint, config.PUSH_SERVICE_HOSTS)) continue;
        try {
          await webpush.sendNotification(
            { endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } },
            JSON.stringify(payload),
            { vapidDetails, TTL: TTL_SECONDS, urgency: 'high', timeout: 10_000 },
          );
          sent += 1;
        } catch (error) {
          const status = error instanceof webpush.WebPushError ? error.statusCode : undefined;
          if (status === 404 || status === 410) {
            gone.add(subscription.id);
          } else {
            log.warn('web push failed', { subscriptionId: subscription.id, status, reason: error instanceof Error ? error.message : String(error) });
          }
        }
      }
    }),
  );
  if (gone.size > 0) await db().pushSubscription.deleteMany({ where: { id: { in: [...gone] } } });
  return sent;
}
