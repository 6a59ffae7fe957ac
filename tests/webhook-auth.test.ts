// POST /webhook/whatsapp is authenticated before anything is parsed or stored.
import { describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import { cloudPayload, exampleContact, exampleMessage } from '../dev/examples';
import { hasValidSignature, safeEqual, signBody, verificationChallenge } from '../lib/ingest/webhook-auth';
import { TEST_SECRETS } from './helpers/secrets';
import { postWebhook, uniquePhone } from './helpers/webhook';

function textPayload() {
  const from = uniquePhone();
  const message = exampleMessage('text', { from });
  return { payload: cloudPayload({ contacts: [exampleContact({ from })], messages: [message] }), wamid: message.id as string };
}

async function stored(wamid: string) {
  return db().message.count({ where: { wamid } });
}

describe('webhook authentication', () => {
  it('accepts the shared secret header with a valid signature', async () => {
    const { payload, wamid } = textPayload();
    const response = await postWebhook(payload);
    expect(response.status).toBe(200);
    expect(await stored(wamid)).toBe(1);
  });

  it('accepts the shared secret as ?token= on the URL', async () => {
    const { payload, wamid } = textPayload();
    const response = await postWebhook(payload, { secret: null, query: `?token=${TEST_SECRETS.WHATSAPP_WEBHOOK_SECRET}` });
    expect(response.status).toBe(200);
    expect(await stored(wamid)).toBe(1);
  });

  it('accepts 360Dialog\'s signature header, with or without the sha256= prefix', async () => {
    for (const prefix of ['', 'sha256=']) {
      const { payload, wamid } = textPayload();
      const signature = `${prefix}${signBody(JSON.stringify(payload), TEST_SECRETS.WHATSAPP_APP_SECRET)}`;
      const response = await postWebhook(payload, { signature, signatureHeader: 'x-360dialog-signature' });
      expect(response.status).toBe(200);
      expect(await stored(wamid)).toBe(1);
    }
  });

  it('refuses a delivery without the secret with 401 and stores nothing', async () => {
    const { payload, wamid } = textPayload();
    const response = await postWebhook(payload, { secret: null });
    expect(response.status).toBe(401);
    expect(response.json.error.code).toBe('unauthorized');
    expect(await stored(wamid)).toBe(0);
  });

  it('refuses a wrong secret, in the header or the URL', async () => {
    const { payload, wamid } = textPayload();
    expect((await postWebhook(payload, { secret: 'test-webhook-secret-012345678X' })).status).toBe(401);
    expect((await postWebhook(payload, { secret: null, query: '?token=nope' })).status).toBe(401);
    expect(await stored(wamid)).toBe(0);
  });

  it('refuses a missing or bad signature when an app secret is configured', async () => {
    const { payload, wamid } = textPayload();
    expect((await postWebhook(payload, { signature: null })).status).toBe(401);
    expect((await postWebhook(payload, { signature: 'sha256=' + '0'.repeat(64) })).status).toBe(401);
    expect((await postWebhook(payload, { signature: 'not-hex' })).status).toBe(401);
    // Signed for another body: a tampered payload.
    const other = `sha256=${signBody('{"messages":[]}', TEST_SECRETS.WHATSAPP_APP_SECRET)}`;
    expect((await postWebhook(payload, { signature: other })).status).toBe(401);
    expect(await stored(wamid)).toBe(0);
  });

  it('answers an unauthenticated request 401 before judging its content type or body', async () => {
    const response = await postWebhook('not json at all', { secret: null, contentType: 'text/plain' });
    expect(response.status).toBe(401);
  });
});

describe('webhook auth primitives', () => {
  it('compares secrets of any length without throwing', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(safeEqual('', 'x')).toBe(false);
  });

  it('checks HMAC-SHA256 of the exact raw bytes', () => {
    const body = new TextEncoder().encode('{"a":1}');
    const headers = new Headers({ 'x-hub-signature-256': `sha256=${signBody(body, 'k')}` });
    expect(hasValidSignature(headers, body, 'k')).toBe(true);
    expect(hasValidSignature(headers, new TextEncoder().encode('{"a": 1}'), 'k')).toBe(false);
    expect(hasValidSignature(new Headers(), body, undefined)).toBe(true);
  });

  it('gives the challenge only for subscribe with the right token', () => {
    const params = (q: string) => new URLSearchParams(q);
    expect(verificationChallenge(params('hub.mode=subscribe&hub.verify_token=t&hub.challenge=c'), 't')).toBe('c');
    expect(verificationChallenge(params('hub.mode=subscribe&hub.verify_token=t&hub.challenge=c'), undefined)).toBeNull();
    expect(verificationChallenge(params('hub.mode=subscribe&hub.verify_token=x&hub.challenge=c'), 't')).toBeNull();
  });
});
