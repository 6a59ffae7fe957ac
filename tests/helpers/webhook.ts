// Posting webhooks to the running app the way 360Dialog does.
import { randomInt } from 'node:crypto';
import { inject } from 'vitest';
import { signBody } from '../../lib/ingest/webhook-auth';
import { TEST_SECRETS } from './secrets';

export const baseUrl = () => inject('baseUrl');

export interface PostOptions {
  secret?: string | null;
  signature?: string | null;
  signatureHeader?: string;
  contentType?: string;
  query?: string;
  headers?: Record<string, string>;
  /** Another instance than the shared test app. */
  base?: string;
}

export async function postWebhook(payload: unknown, options: PostOptions = {}) {
  const body = typeof payload === 'string' || payload instanceof Uint8Array ? payload : JSON.stringify(payload);
  const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/json', ...options.headers };
  const secret = options.secret === undefined ? TEST_SECRETS.WHATSAPP_WEBHOOK_SECRET : options.secret;
  if (secret !== null) headers['x-webhook-secret'] = secret;
  const signature =
    options.signature === undefined ? `sha256=${signBody(body, TEST_SECRETS.WHATSAPP_APP_SECRET)}` : options.signature;
  if (signature !== null) headers[options.signatureHeader ?? 'x-hub-signature-256'] = signature;
  const response = await fetch(`${options.base ?? baseUrl()}/webhook/whatsapp${options.query ?? ''}`, {
    method: 'POST',
    headers,
    body: body as BodyInit,
  });
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** A Dutch mobile number no other test uses. */
export function uniquePhone(): string {
  return `316${String(randomInt(10_000_000, 99_999_999))}`;
}
