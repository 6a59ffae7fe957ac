// The 360Dialog client against the sandbox over HTTP: every send type, every error category.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Sandbox } from '../dev/sandbox/server';
import { WhatsAppClient } from '../lib/whatsapp/client';
import { WhatsAppApiError, errorFromResponse, sentenceFor } from '../lib/whatsapp/errors';
import { outboundContent, toApiPayload, type OutboundContent } from '../lib/whatsapp/outbound';
import { freePort } from './helpers/app-server';
import { uniquePhone } from './helpers/webhook';

let sandbox: Sandbox;
let client: WhatsAppClient;

beforeAll(async () => {
  sandbox = await new Sandbox({ apiKey: 'client-test-key' }).start();
  client = new WhatsAppClient({ baseUrl: sandbox.url, apiKey: sandbox.apiKey, timeoutMs: 2000 });
});
afterAll(() => sandbox.stop());
beforeEach(() => sandbox.setFaults({ errorRate: 0, rateLimitNext: 0, latencyMs: 0 }));

function candidate(): string {
  const waId = uniquePhone();
  sandbox.openWindow(waId);
  return waId;
}

async function sendError(promise: Promise<unknown>): Promise<WhatsAppApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WhatsAppApiError);
  return error as WhatsAppApiError;
}

const sends: [string, OutboundContent][] = [
  ['text with a reply context', { type: 'text', body: 'Hoi Sarah! Wat is je ervaring als kapper?', replyTo: 'wamid.IN' }],
  ['an image by link', { type: 'image', link: 'https://example.com/vacature.jpg', caption: 'De salon' }],
  ['a document by id', { type: 'document', id: '1234567890', caption: 'Vacature', filename: 'vacature.pdf' }],
  [
    'a template with parameters',
    { type: 'template', name: 'interview_invitation', language: 'nl', components: [{ type: 'body', parameters: [{ type: 'text', text: 'Sarah' }, { type: 'text', text: 'maandag 10:00' }] }] },
  ],
  [
    'interactive buttons',
    { type: 'buttons', body: 'Hoeveel jaar ervaring heb je?', buttons: [{ id: 'exp_0', title: 'Geen' }, { id: 'exp_1_3', title: '1-3 jaar' }, { id: 'exp_4', title: '4+ jaar' }] },
  ],
  [
    'an interactive list',
    { type: 'list', body: 'Hoeveel uur per week?', button: 'Kies', sections: [{ title: 'Uren', rows: [{ id: 'h16', title: '16-24 uur' }, { id: 'h32', title: '32-40 uur', description: 'Fulltime' }] }] },
  ],
  ['a location request', { type: 'location_request', body: 'In welke plaats woon je? Deel gerust je locatie.' }],
];

describe('sending', () => {
  it.each(sends)('sends %s exactly as the Cloud API expects', async (_, content) => {
    const to = candidate();
    const payload = toApiPayload(to, outboundContent.parse(content));
    const { wamid } = await client.sendMessage(payload);
    expect(wamid).toMatch(/^wamid\./);
    const recorded = sandbox.sent.find((m) => m.wamid === wamid)!;
    expect(recorded.body).toEqual(payload);
    expect(recorded.body).toMatchObject({ messaging_product: 'whatsapp', recipient_type: 'individual', to });
  });

  it('marks a candidate\'s message as read, with or without the typing indicator', async () => {
    const from = uniquePhone();
    const { wamid } = await sandbox.inbound({ from });
    await expect(client.markAsRead(wamid)).resolves.toBeUndefined();
    await expect(client.markAsRead(wamid, { typing: true })).resolves.toBeUndefined();
    expect(sandbox.receipts.list(from).map((r) => r.typing)).toEqual([false, true]);
    // Only a message the number received can be marked read.
    expect(await sendError(client.markAsRead('wamid.SOMETHING'))).toMatchObject({ category: 'invalid_request', details: { code: 100 } });
  });

  it('lists the account\'s templates', async () => {
    const templates = await client.listTemplates();
    expect(templates).toContainEqual(expect.objectContaining({ name: 'interview_invitation', language: 'nl', category: 'utility', status: 'approved' }));
  });

  it('registers the webhook with its secret header', async () => {
    await client.setWebhook('https://inbox.example.com/webhook/whatsapp', { 'X-Webhook-Secret': 's3cret-value-123456' });
    expect(sandbox.webhook).toEqual({ url: 'https://inbox.example.com/webhook/whatsapp', headers: { 'X-Webhook-Secret': 's3cret-value-123456' } });
  });

  it('refuses content WhatsApp would refuse before anything is sent', () => {
    expect(outboundContent.safeParse({ type: 'text', body: 'x'.repeat(4097) }).success).toBe(false);
    const four = [1, 2, 3, 4].map((i) => ({ id: `b${i}`, title: `Knop ${i}` }));
    expect(outboundContent.safeParse({ type: 'buttons', body: 'Kies', buttons: four }).success).toBe(false);
    expect(outboundContent.safeParse({ type: 'image', caption: 'no source' }).success).toBe(false);
  });
});

describe('errors, by category', () => {
  const text = (to: string, body = 'Hoi') => toApiPayload(to, { type: 'text', body });

  it('window closed (131047): free text to someone who has not written in 24 hours', async () => {
    const error = await sendError(client.sendMessage(text(uniquePhone())));
    expect(error).toMatchObject({ category: 'window_closed', retryable: false, details: { code: 131047, title: 'Re-engagement message' } });
    expect(error.sentence).toMatch(/24 hours.*template/);
  });

  it('a template outside the window is fine', async () => {
    const payload = toApiPayload(uniquePhone(), { type: 'template', name: 'screening_follow_up', language: 'nl', components: [{ type: 'body', parameters: [{ type: 'text', text: 'Sarah' }] }] });
    await expect(client.sendMessage(payload)).resolves.toMatchObject({ wamid: expect.any(String) });
  });

  it('not on WhatsApp (131026)', async () => {
    const error = await sendError(client.sendMessage(text('9990001112')));
    expect(error).toMatchObject({ category: 'not_on_whatsapp', retryable: false, details: { code: 131026 } });
  });

  it('rate limited (HTTP 429 with Retry-After)', async () => {
    sandbox.setFaults({ rateLimitNext: 1, retryAfterSeconds: 7 });
    const error = await sendError(client.sendMessage(text(candidate())));
    expect(error).toMatchObject({ category: 'rate_limited', retryable: true, details: { httpStatus: 429, code: 130429, retryAfterMs: 7000 } });
  });

  it('bad template: unknown (132001) and wrong parameters (132000)', async () => {
    const unknown = toApiPayload(candidate(), { type: 'template', name: 'does_not_exist', language: 'nl', components: [] });
    expect(await sendError(client.sendMessage(unknown))).toMatchObject({ category: 'bad_template', details: { code: 132001 } });
    const wrong = toApiPayload(candidate(), { type: 'template', name: 'interview_invitation', language: 'nl', components: [] });
    expect(await sendError(client.sendMessage(wrong))).toMatchObject({ category: 'bad_template', details: { code: 132000 } });
    const rejected = toApiPayload(candidate(), { type: 'template', name: 'old_promotion', language: 'nl', components: [] });
    expect(await sendError(client.sendMessage(rejected))).toMatchObject({ category: 'bad_template' });
  });

  it('auth (401, 360Dialog\'s error shape)', async () => {
    const wrongKey = new WhatsAppClient({ baseUrl: sandbox.url, apiKey: 'wrong' });
    const error = await sendError(wrongKey.sendMessage(text(candidate())));
    expect(error).toMatchObject({ category: 'auth', retryable: false, details: { httpStatus: 401, title: 'Invalid api key' } });
    expect(error.sentence).toMatch(/THREESIXTY_DIALOG_API_KEY/);
  });

  it('transient: a 5xx, a timeout, and a server that is down', async () => {
    sandbox.setFaults({ errorRate: 1, errorStatus: 502 });
    expect(await sendError(client.sendMessage(text(candidate())))).toMatchObject({ category: 'transient', retryable: true, details: { httpStatus: 502 } });
    sandbox.setFaults({ errorRate: 0, latencyMs: 3000 });
    expect(await sendError(client.sendMessage(text(candidate())))).toMatchObject({ category: 'transient', details: { title: 'timed out' } });
    sandbox.setFaults({ latencyMs: 0 });
    const port = await freePort();
    const down = new WhatsAppClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: 'x' });
    expect(await sendError(down.sendMessage(text(candidate())))).toMatchObject({ category: 'transient', details: { title: 'could not be reached' } });
  });

  it('invalid request (100): what slipped past our own checks', async () => {
    const error = await sendError(client.sendMessage({ ...text(candidate()), text: { body: 'x'.repeat(5000) } }));
    expect(error).toMatchObject({ category: 'invalid_request', retryable: false, details: { code: 100 } });
  });

  it('account problems (131042, 131031, 368) and 403', () => {
    for (const code of [131042, 131031, 368]) {
      const error = errorFromResponse(400, { error: { message: `(#${code}) Business eligibility payment issue`, code } }, null);
      expect(error.category).toBe('account');
    }
    expect(errorFromResponse(403, { meta: { success: false, http_code: 403, developer_message: 'Blocked' } }, null).category).toBe('account');
  });

  it('reads the On-Premise error shape too (470 = window closed)', () => {
    const error = errorFromResponse(400, { meta: { api_status: 'stable', version: '2.45' }, errors: [{ code: 470, title: 'Message failed to send because more than 24 hours have passed' }] }, null);
    expect(error).toMatchObject({ category: 'window_closed', details: { code: 470 } });
    expect(errorFromResponse(404, { meta: { success: false }, errors: [{ code: 1006, title: 'Resource not found' }] }, null).category).toBe('not_on_whatsapp');
  });

  it('has a sentence for every category', () => {
    for (const category of ['window_closed', 'not_on_whatsapp', 'rate_limited', 'bad_template', 'auth', 'account', 'transient', 'invalid_request']) {
      expect(sentenceFor(category).length).toBeGreaterThan(20);
    }
  });
});

describe('the On-Premise success shape', () => {
  let legacy: Server;
  let url: string;
  beforeAll(async () => {
    legacy = createServer((req, res) => {
      req.resume();
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ messages: [{ id: 'gBEGkYiEB1VXAglK1ZEqA1YKPrU' }], meta: { api_status: 'stable', version: '2.35.4' } }));
    });
    const port = await freePort();
    await new Promise<void>((resolve) => legacy.listen(port, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${port}/v1`;
  });
  afterAll(() => new Promise<void>((resolve) => legacy.close(() => resolve())));

  it('reads the message id from {messages, meta}', async () => {
    const legacyClient = new WhatsAppClient({ baseUrl: url, apiKey: 'k' });
    await expect(legacyClient.sendMessage({ to: '31612345678', type: 'text', text: { body: 'Hoi' } })).resolves.toEqual({
      wamid: 'gBEGkYiEB1VXAglK1ZEqA1YKPrU',
      waId: null,
    });
  });
});

describe('inbound media', () => {
  it('finds and downloads a candidate\'s photo through the API host', async () => {
    const from = uniquePhone();
    const { mediaId } = await sandbox.inbound({ from, type: 'image' });
    const info = await client.mediaInfo(mediaId!);
    expect(info.mimeType).toBe('image/jpeg');
    expect(new URL(info.url).host).toBe('lookaside.fbsbx.com');
    const response = await client.downloadMedia(info.url);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
  });

  it('reports a media id that does not exist as a permanent error', async () => {
    const error = await sendError(client.mediaInfo('404404404'));
    expect(error.retryable).toBe(false);
  });
});
