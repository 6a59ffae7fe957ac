// A user's Web Push subscriptions: one per browser (the push service's endpoint is unique).
// A browser signed in as someone else before belongs to whoever subscribes it now.
import { db } from '../db/client';
import { DomainError } from '../errors';

export interface PushSubscriptionInput {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export async function saveSubscription(userId: string, input: PushSubscriptionInput): Promise<{ id: string }> {
  const data = { userId, endpoint: input.endpoint, p256dh: input.keys.p256dh, auth: input.keys.auth };
  const row = await db().pushSubscription.upsert({ where: { endpoint: input.endpoint }, create: data, update: data, select: { id: true } });
  return row;
}

/** Deletes the user's own subscription with this endpoint; 404 when they have none. */
export async function deleteSubscription(userId: string, endpoint: string): Promise<void> {
  const { count } = await db().pushSubscription.deleteMany({ where: { userId, endpoint } });
  if (count === 0) throw new DomainError('not_found', 'There is no such subscription.');
}

export async function countSubscriptions(userId: string): Promise<number> {
  return db().pushSubscription.count({ where: { userId } });
}
