// Request bodies of the notification and push routes, checked at the boundary.
import { z } from 'zod';

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

/** POST /api/push/subscriptions: what the browser's PushSubscription.toJSON() gives. */
export const subscriptionBody = z.object({
  endpoint,
  expirationTime: z.number().nullable().optional(),
  keys: z.object({
    // The browser's P-256 public key, uncompressed (65 bytes), and the 16-byte auth secret.
    p256dh: base64url(65, 'keys.p256dh'),
    auth: base64url(16, 'keys.auth'),
  }),
});

/** DELETE /api/push/subscriptions */
export const unsubscribeBody = z.object({ endpoint }).strict();
