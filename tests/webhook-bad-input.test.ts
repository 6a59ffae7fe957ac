// Bad input gets a clear error, and nothing of it is stored.
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import { cloudPayload, exampleContact, exampleMessage } from '../dev/examples';
import { signBody } from '../lib/ingest/webhook-auth';
import { TEST_SECRETS } from './helpers/secrets';
import { baseUrl, postWebhook, uniquePhone } from './helpers/webhook';

async function messagesFrom(waId: string) {
  return db().message.count({ where: { conversation: { contact: { waId } } } });
}

describe('webhook bad input', () => {
  it('answers malformed JSON with 400 and a JSON error', async () => {
    const response = await postWebhook('{"messages": [ {"from": "31612345678"');
    expect(response.status).toBe(400);
    expect(response.json).toEqual({ error: { code: 'malformed_json', message: expect.any(String) } });
  });

  it('answers a body that is not UTF-8 with 400', async () => {
    const response = await postWebhook(new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]));
    expect(response.status).toBe(400);
  });

  it('answers a body over the size limit with 413', async () => {
    const from = uniquePhone();
    const big = exampleMessage('text', { from, text: 'x'.repeat(Number(TEST_SECRETS.WEBHOOK_MAX_BODY_BYTES)) });
    const response = await postWebhook(cloudPayload({ messages: [big] }));
    expect(response.status).toBe(413);
    expect(response.json.error.code).toBe('payload_too_large');
    expect(await messagesFrom(from)).toBe(0);
  });

  it('answers an oversized body sent without Content-Length (chunked) with 413', async () => {
    // Its own connection: the server stops reading the upload and closes it.
    const status = await new Promise<number>((resolve, reject) => {
      const request = http.request(`${baseUrl()}/webhook/whatsapp`, {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/json',
          'transfer-encoding': 'chunked',
          'x-webhook-secret': TEST_SECRETS.WHATSAPP_WEBHOOK_SECRET,
          'x-hub-signature-256': `sha256=${'0'.repeat(64)}`,
        },
      });
      request.on('response', (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
      const chunk = ' '.repeat(64 * 1024);
      let sent = 0;
      const pump = () => {
        while (sent < 8) {
          sent += 1;
          if (!request.write(chunk)) return void request.once('drain', pump);
        }
        request.end();
      };
      pump();
    });
    expect(status).toBe(413);
  });

  it('answers a wrong content type with 415', async () => {
    const response = await postWebhook('from=31612345678&text=hoi', { contentType: 'application/x-www-form-urlencoded' });
    expect(response.status).toBe(415);
    expect(response.json.error.code).toBe('unsupported_media_type');
  });

  it('accepts application/json with a charset', async () => {
    const from = uniquePhone();
    const payload = cloudPayload({ contacts: [exampleContact({ from })], messages: [exampleMessage('text', { from })] });
    const response = await postWebhook(payload, { contentType: 'application/json; charset=utf-8' });
    expect(response.status).toBe(200);
  });

  it('answers valid JSON that is not a 360Dialog payload with 422 and says what is wrong', async () => {
    for (const body of [{}, [], 'hello', 42, { hello: 'world' }, { object: 'whatsapp_business_account' }]) {
      const response = await postWebhook(JSON.stringify(body));
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect(response.json.error.code).toBe('invalid_payload');
      expect(response.json.error.details.length).toBeGreaterThan(0);
    }
  });

  it('stores a text message without a body as unsupported, and answers 200', async () => {
    const from = uniquePhone();
    const broken: Record<string, unknown> = { ...exampleMessage('text', { from }), text: {} };
    const response = await postWebhook(cloudPayload({ messages: [broken] }));
    expect(response.status).toBe(200);
    const row = await db().message.findUniqueOrThrow({ where: { wamid: broken.id as string } });
    expect(row).toMatchObject({ type: 'text', unsupported: true, text: null });
  });

  it('stores the rest of a payload when one of its messages is malformed', async () => {
    const from = uniquePhone();
    const good = exampleMessage('text', { from });
    const bad: Record<string, unknown> = { ...exampleMessage('location', { from }), location: { latitude: 'north' } };
    const response = await postWebhook(cloudPayload({ contacts: [exampleContact({ from })], messages: [good, bad] }));
    expect(response.status).toBe(200);
    expect(await messagesFrom(from)).toBe(2);
    const row = await db().message.findUniqueOrThrow({ where: { wamid: bad.id as string } });
    expect(row).toMatchObject({ type: 'location', unsupported: true });
  });

  it('does not leak internals in error responses', async () => {
    const response = await postWebhook('{"entry": "x", "object": 1}');
    expect(response.status).toBe(422);
    expect(response.text).not.toMatch(/at .*\.ts|prisma|SELECT|stack/i);
  });

  it('keeps signatures checked on the raw bytes, not re-serialised JSON', async () => {
    const from = uniquePhone();
    const raw = JSON.stringify(cloudPayload({ messages: [exampleMessage('text', { from })] }), null, 2);
    const response = await postWebhook(raw, { signature: `sha256=${signBody(raw, TEST_SECRETS.WHATSAPP_APP_SECRET)}` });
    expect(response.status).toBe(200);
  });
});
