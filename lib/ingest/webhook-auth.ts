// How /webhook/whatsapp knows a request comes from 360Dialog (or Meta):
//  - a shared secret that 360Dialog sends with every delivery: the X-Webhook-Secret header
//    (registered with the webhook URL) or ?token= on the URL;
//  - when an app secret is configured, an HMAC-SHA256 of the raw body in
//    X-Hub-Signature-256 ("sha256=<hex>", Meta) or x-360dialog-signature (hex, with or
//    without the "sha256=" prefix).
// Every comparison is constant-time.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SECRET_HEADER = 'x-webhook-secret';
export const SIGNATURE_HEADERS = ['x-hub-signature-256', 'x-360dialog-signature'] as const;

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  // timingSafeEqual needs equal lengths; comparing against itself keeps the time flat.
  if (left.length !== right.length) {
    timingSafeEqual(right, right);
    return false;
  }
  return timingSafeEqual(left, right);
}

/** Meta-style GET handshake: the challenge to echo, or null when the request must be refused. */
export function verificationChallenge(params: URLSearchParams, verifyToken: string | undefined): string | null {
  const mode = params.get('hub.mode');
  const token = params.get('hub.verify_token');
  const challenge = params.get('hub.challenge');
  if (!verifyToken || mode !== 'subscribe' || token === null || challenge === null) return null;
  if (challenge.length === 0 || challenge.length > 1024) return null;
  return safeEqual(token, verifyToken) ? challenge : null;
}

/** The shared-secret check, done before the body is read. True when no secret is configured. */
export function hasValidSharedSecret(headers: Headers, url: URL, webhookSecret: string | undefined): boolean {
  if (!webhookSecret) return true;
  const presented = headers.get(SECRET_HEADER) ?? url.searchParams.get('token');
  return presented !== null && safeEqual(presented, webhookSecret);
}

export function signBody(rawBody: Uint8Array | string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(rawBody).digest('hex');
}

/** The HMAC check over the raw body. True when no app secret is configured. */
export function hasValidSignature(headers: Headers, rawBody: Uint8Array, appSecret: string | undefined): boolean {
  if (!appSecret) return true;
  const expected = signBody(rawBody, appSecret);
  for (const name of SIGNATURE_HEADERS) {
    const value = headers.get(name);
    if (value === null) continue;
    const hex = value.trim().replace(/^sha256=/i, '').toLowerCase();
    if (/^[0-9a-f]{64}$/.test(hex) && safeEqual(hex, expected)) return true;
  }
  return false;
}
