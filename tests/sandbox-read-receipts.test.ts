// Read receipts with a typing indicator: the client's request, the sandbox's checks, records
// and faults, and markReadWithTyping, which must never hold up or break a reply.
import { createServer } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WhatsAppClient } from '../lib/whatsapp/client';
import { toApiPayload } from '../lib/whatsapp/outbound';
import { freePort } from './helpers/app-server';
import { candidateWrites, close, listen, sendError, useOwnSandbox } from './helpers/own-sandbox';

const own = useOwnSandbox('read-test-key');

async function readsOf(to?: string) {
  const response = await fetch(`${own.sandbox.url}/sandbox/reads${to ? `?to=${to}` : ''}`);
  return ((await response.json()) as { reads: { messageId: string; to: string; typing: boolean; at: string }[] }).reads;
}

describe('read receipts with a typing indicator', () => {
  it('the client sends exactly the Cloud API body, with or without the typing indicator', async () => {
    const bodies: unknown[] = [];
    const recorder = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk) => (raw += chunk));
      req.on('end', () => {
        bodies.push({ path: req.url, key: req.headers['d360-api-key'], body: JSON.parse(raw) });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true}');
      });
    });
    const port = await listen(recorder);
    try {
      const recorded = new WhatsAppClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: 'k' });
      await recorded.markAsRead('wamid.A');
      await recorded.markAsRead('wamid.B', { typing: true });
      expect(bodies).toEqual([
        { path: '/messages', key: 'k', body: { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.A' } },
        { path: '/messages', key: 'k', body: { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.B', typing_indicator: { type: 'text' } } },
      ]);
    } finally {
      await close(recorder);
    }
  });

  it('the sandbox records them for a message it delivered, apart from the messages sent', async () => {
    const { from, wamid } = await candidateWrites(own.sandbox);
    const second = await candidateWrites(own.sandbox, { from, text: 'Ben je er nog?' });
    await expect(own.client.markAsRead(wamid)).resolves.toBeUndefined();
    await own.client.markAsRead(second.wamid, { typing: true });
    const reads = await readsOf(from);
    expect(reads).toEqual([
      { messageId: wamid, to: from, typing: false, at: expect.any(String) },
      { messageId: second.wamid, to: from, typing: true, at: expect.any(String) },
    ]);
    expect(Date.parse(reads[1]!.at)).toBeGreaterThanOrEqual(Date.parse(reads[0]!.at));
    expect((await readsOf()).length).toBeGreaterThanOrEqual(2);
    const listed = await (await fetch(`${own.sandbox.url}/sandbox/messages?to=${from}`)).json();
    expect(listed.messages).toEqual([]);
    expect(await (await fetch(`${own.sandbox.url}/sandbox/reads`, { method: 'DELETE' })).json()).toEqual({ ok: true });
    expect(await readsOf()).toEqual([]);
  });

  it('the sandbox refuses an unknown message id, another typing indicator and a wrong product, with code 100', async () => {
    const unknown = await sendError(own.client.markAsRead('wamid.NOT-DELIVERED', { typing: true }));
    expect(unknown).toMatchObject({ category: 'invalid_request', details: { httpStatus: 400, code: 100, title: expect.stringMatching(/Invalid parameter/) } });
    const { wamid } = await candidateWrites(own.sandbox);
    const post = (body: unknown) =>
      fetch(`${own.sandbox.url}/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'D360-API-KEY': own.sandbox.apiKey }, body: JSON.stringify(body) });
    const audio = await post({ messaging_product: 'whatsapp', status: 'read', message_id: wamid, typing_indicator: { type: 'audio' } });
    expect(audio.status).toBe(400);
    expect((await audio.json()).error).toMatchObject({ code: 100, error_data: { details: expect.stringMatching(/typing_indicator/) } });
    const product = await post({ messaging_product: 'sms', status: 'read', message_id: wamid });
    expect((await product.json()).error.code).toBe(100);
    const ok = await post({ messaging_product: 'whatsapp', status: 'read', message_id: wamid, typing_indicator: { type: 'text' } });
    expect(await ok.json()).toEqual({ success: true });
  });

  it('the sandbox\'s faults apply to them: errorRate, and readErrors for read receipts only', async () => {
    const { from, wamid } = await candidateWrites(own.sandbox);
    own.sandbox.setFaults({ errorRate: 1, errorStatus: 503 });
    expect(await sendError(own.client.markAsRead(wamid, { typing: true }))).toMatchObject({ category: 'transient', details: { httpStatus: 503 } });
    own.sandbox.setFaults({ errorRate: 0 });
    await fetch(`${own.sandbox.url}/sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ readErrors: true }) });
    expect(await sendError(own.client.markAsRead(wamid, { typing: true }))).toMatchObject({ category: 'transient', details: { httpStatus: 500 } });
    // Sending still works: only the read receipts fail.
    await expect(own.client.sendMessage(toApiPayload(from, { type: 'text', body: 'Dank je!' }))).resolves.toMatchObject({ wamid: expect.any(String) });
    expect(await readsOf(from)).toEqual([]);
  });
});

describe('markReadWithTyping', () => {
  const saved = { ...process.env };
  /** The module with a fresh configuration: env() reads process.env once per module instance. */
  async function withEnv(vars: Record<string, string | undefined>) {
    for (const [key, value] of Object.entries(vars)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    vi.resetModules();
    return import('../lib/whatsapp/read-receipt');
  }
  const configured = () => withEnv({ THREESIXTY_DIALOG_BASE_URL: own.sandbox.url, THREESIXTY_DIALOG_API_KEY: own.sandbox.apiKey, THREESIXTY_DIALOG_TIMEOUT_MS: '60000' });
  afterEach(() => {
    process.env = { ...saved };
    vi.restoreAllMocks();
  });

  it('returns false without calling anything when no API key is configured', async () => {
    const { markReadWithTyping } = await withEnv({ THREESIXTY_DIALOG_BASE_URL: own.sandbox.url, THREESIXTY_DIALOG_API_KEY: undefined });
    const { wamid, from } = await candidateWrites(own.sandbox);
    await expect(markReadWithTyping(wamid)).resolves.toBe(false);
    expect(await readsOf(from)).toEqual([]);
  });

  it('marks the message read with the typing indicator', async () => {
    const { markReadWithTyping } = await configured();
    const { wamid, from } = await candidateWrites(own.sandbox);
    await expect(markReadWithTyping(wamid)).resolves.toBe(true);
    expect(await readsOf(from)).toEqual([{ messageId: wamid, to: from, typing: true, at: expect.any(String) }]);
  });

  it('never throws: readErrors, an unknown id and a server that is down give false and a warning without the id or the key', async () => {
    const { markReadWithTyping } = await configured();
    process.env.LOG_LEVEL = 'warn';
    const lines: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: unknown) => void lines.push(String(line)));
    const { wamid, from } = await candidateWrites(own.sandbox);
    own.sandbox.setFaults({ readErrors: true });
    await expect(markReadWithTyping(wamid)).resolves.toBe(false);
    own.sandbox.setFaults({ readErrors: false });
    await expect(markReadWithTyping('wamid.UNKNOWN')).resolves.toBe(false);
    expect(await readsOf(from)).toEqual([]);
    // The reply is not held up: the bot's message goes out right after.
    await expect(own.client.sendMessage(toApiPayload(from, { type: 'text', body: 'Dank je!' }))).resolves.toMatchObject({ wamid: expect.any(String) });
    const down = await withEnv({ THREESIXTY_DIALOG_BASE_URL: `http://127.0.0.1:${await freePort()}` });
    await expect(down.markReadWithTyping(wamid)).resolves.toBe(false);
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      expect(JSON.parse(line)).toMatchObject({ level: 'warn', message: 'read receipt not sent' });
      expect(line).not.toContain(wamid);
      expect(line).not.toContain('UNKNOWN');
      expect(line).not.toContain(own.sandbox.apiKey);
    }
  });

  it('gives up after its own short timeout, whatever the send timeout', async () => {
    const { markReadWithTyping, READ_RECEIPT_TIMEOUT_MS } = await configured();
    const { wamid, from } = await candidateWrites(own.sandbox);
    own.sandbox.setFaults({ latencyMs: READ_RECEIPT_TIMEOUT_MS + 2000 });
    const started = Date.now();
    await expect(markReadWithTyping(wamid)).resolves.toBe(false);
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(READ_RECEIPT_TIMEOUT_MS - 100);
    expect(took).toBeLessThan(READ_RECEIPT_TIMEOUT_MS + 1500);
    expect(await readsOf(from)).toEqual([]);
  });
});
