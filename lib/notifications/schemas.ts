// Request bodies of the notification and push routes, checked at the boundary.
import { z } from 'zod';
import { env } from '../env';

const ids = z.array(z.uuid()).min(1).max(500);

/** POST /api/notifications/read: some of mine, a conversation's, or all. */
export const readBody = z.union([
  z.object({ ids }).strict(),
  z.object({ conversationId: z.uuid() }).strict(),
  z.object({ all: z.literal(true) }).strict(),
]);

/** POST /api/notifications/delivered: shown by this open dashboard. */
export const deliveredBody = z.object({ ids }).strict();

const base64url = (bytes: number, what: string) =>
  z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, `${what} must be URL-safe base64`)
    .refine((value) => Buffer.from(value, 'base64url').length === bytes, `${what} must be ${bytes} bytes`);

const endpoint = z
  .string()
  .max(2048)
  .refine((value) => URL.canParse(value) && new URL(value).protocol === 'https:', 'endpoint must be an https:// URL');

/** Is this endpoint at one of the push services (PUSH_SERVICE_HOSTS) or a subdomain of one? */
export function atPushService(endpoint: string, hosts: readonly string[] = env().PUSH_SERVICE_HOSTS): boolean {
  const host = new URL(endpoint).hostname.toLowerCase();
  return hosts.some((allowed) => host === allowed || host.endsWith(`.${allowed}`));
}

/** POST /api/push/subscriptions: what the browser's PushSubscription.toJSON() gives. */
export const subscriptionBody = z.object({
  endpoint: endpoint.refine((value) => !URL.canParse(value) || atPushService(value), 'endpoint must be at a known push service (PUSH_SERVICE_HOSTS)'),
  expirationTime: z.number().nullable().optional(),
  keys: z.object({
    // The browser's P-256 public key, uncompressed (65 bytes), and the 16-byte auth secret.
    p256dh: base64url(65, 'keys.p256dh'),
    auth: base64url(16, 'keys.auth'),
  }),
});

/** DELETE /api/push/subscriptions */
export const unsubscribeBody = z.object({ endpoint }).strict();
