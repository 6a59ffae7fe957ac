// A test file's own 360Dialog sandbox, with a webhook receiver standing in for the app, driven
// over HTTP. For tests that set faults, which must not reach the shared test app's sandbox.
import { createServer, type Server } from 'node:http';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { Sandbox } from '../../dev/sandbox/server';
import { WhatsAppClient } from '../../lib/whatsapp/client';
import { WhatsAppApiError } from '../../lib/whatsapp/errors';
import { freePort } from './app-server';
import { uniquePhone } from './webhook';

export async function listen(server: Server): Promise<number> {
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return port;
}

export function close(server: Server): Promise<void> {
  return new Promise<void>((resolve) => server.close(() => resolve()));
}

/** Starts a sandbox before the file's tests and stops it after; faults are reset after each test. */
export function useOwnSandbox(apiKey: string) {
  const own = {
    sandbox: undefined as unknown as Sandbox,
    client: undefined as unknown as WhatsAppClient,
    /** Every `value` the sandbox delivered to the webhook (messages and statuses). */
    delivered: [] as any[],
  };
  const receiver = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      own.delivered.push(JSON.parse(raw).entry[0].changes[0].value);
      res.writeHead(200).end('{}');
    });
  });
  beforeAll(async () => {
    const port = await listen(receiver);
    own.sandbox = await new Sandbox({ apiKey, statusDelaysMs: [5, 10, 15], webhook: { url: `http://127.0.0.1:${port}/hook`, headers: {} } }).start();
    own.client = new WhatsAppClient({ baseUrl: own.sandbox.url, apiKey, timeoutMs: 2000 });
  });
  afterAll(async () => {
    await own.sandbox.stop();
    await close(receiver);
  });
  afterEach(() => own.sandbox.setFaults({ errorRate: 0, rateLimitNext: 0, latencyMs: 0, readErrors: false, webhookFailNext: 0, webhookFailRate: 0 }));
  return own;
}

/** A candidate writes through the sandbox's control API: their number, the answer, the message's wamid. */
export async function candidateWrites(sandbox: Sandbox, body: Record<string, unknown> = {}) {
  const from = uniquePhone();
  const response = await fetch(`${sandbox.url}/sandbox/inbound`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from, text: 'Hoi', ...body }),
  });
  return { from, response, ...((await response.json()) as { wamid: string }) };
}

export async function sendError(promise: Promise<unknown>): Promise<WhatsAppApiError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(WhatsAppApiError);
  return error as WhatsAppApiError;
}
