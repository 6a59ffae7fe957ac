import { env } from '@/lib/env';
import { withUser } from '@/lib/http/with-user';
import { pushEnabled } from '@/lib/notifications/push';
import { subscriptionBody, unsubscribeBody } from '@/lib/notifications/schemas';
import { countSubscriptions, deleteSubscription, saveSubscription } from '@/lib/notifications/subscriptions';

export const dynamic = 'force-dynamic';

// GET /api/push/subscriptions - the key browsers subscribe with (null: push is off) and how many browsers I subscribed
export const GET = withUser(async ({ user }) => ({
  publicKey: pushEnabled(env()) ? env().VAPID_PUBLIC_KEY : null,
  subscriptions: await countSubscriptions(user.id),
}));

// POST /api/push/subscriptions - this browser's PushSubscription: push my notifications to it
export const POST = withUser(async ({ user, body }) => ({ ok: true, ...(await saveSubscription(user.id, body)) }), { body: subscriptionBody });

// DELETE /api/push/subscriptions - {endpoint}: stop pushing to that browser of mine
export const DELETE = withUser(
  async ({ user, body }) => {
    await deleteSubscription(user.id, body.endpoint);
    return { ok: true };
  },
  { body: unsubscribeBody },
);
