// The sandbox itself: what it sends back to the app, and how its faults behave.
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sandbox } from '../dev/sandbox/server';
import { WhatsAppClient } from '../lib/whatsapp/client';
import { toApiPayload } from '../lib/whatsapp/outbound';
import { ROOT, freePort } from './helpers/app-server';
import { until } from './helpers/sandbox';
import { uniquePhone } from './helpers/webhook';

// A webhook receiver that records what it is sent.
const received: { headers: Record<string, string | string[] | undefined>; body: any; raw: string }[] = [];
let receiver: Server;
let sandbox: Sandbox;
let client: WhatsAppClient;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(raw), raw });
      res.writeHead(200).end('{}');
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => receiver.listen(port, '127.0.0.1', resolve));
  sandbox = await new Sandbox({
    apiKey: 'k',
    statusDelaysMs: [5, 10, 15],
    webhook: { url: `http://127.0.0.1:${port}/hook`, headers: { 'X-Webhook-Secret': 'shh-0123456789abcdef' }, appSecret: 'app-secret' },
  }).start();
  client = new WhatsAppClient({ baseUrl: sandbox.url, apiKey: 'k' });
});
afterAll(async () => {
  await sandbox.stop();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

const statusesFor = (wamid: string) =>
  received.flatMap((r) => r.body.entry?.[0]?.changes?.[0]?.value?.statuses ?? []).filter((s: any) => s.id === wamid);

describe('the sandbox', () => {
  it('sends sent, delivered and read, with pricing, the secret header and a valid signature', async () => {
    const to = uniquePhone();
    sandbox.openWindow(to);
    const { wamid } = await client.sendMessage(toApiPayload(to, { type: 'text', body: 'Hoi' }));
    const statuses = await until(async () => statusesFor(wamid), (s) => s.length === 3);
    expect(statuses.map((s: any) => s.status)).toEqual(['sent', 'delivered', 'read']);
    expect(statuses[0]).toMatchObject({ recipient_id: to, pricing: { category: 'service', type: 'free_customer_service', billable: false } });
    const delivery = received.find((r) => r.raw.includes(wamid))!;
    expect(delivery.headers['x-webhook-secret']).toBe('shh-0123456789abcdef');
    expect(delivery.headers['x-hub-signature-256']).toBe(`sha256=${createHmac('sha256', 'app-secret').update(delivery.raw).digest('hex')}`);
  });

  it('can send statuses out of order, and every webhook twice', async () => {
    sandbox.setFaults({ statusOrder: 'reversed', duplicateWebhooks: true });
    const to = uniquePhone();
    sandbox.openWindow(to);
    const { wamid } = await client.sendMessage(toApiPayload(to, { type: 'text', body: 'Hoi' }));
    const statuses = await until(async () => statusesFor(wamid), (s) => s.length === 6);
    expect(statuses.map((s: any) => s.status)).toEqual(['read', 'read', 'delivered', 'delivered', 'sent', 'sent']);
    sandbox.setFaults({ statusOrder: 'in-order', duplicateWebhooks: false });
  });

  it('can accept free text outside the window and fail it afterwards with 131047', async () => {
    sandbox.setFaults({ windowErrors: 'status' });
    const { wamid } = await client.sendMessage(toApiPayload(uniquePhone(), { type: 'text', body: 'Hoi' }));
    const [failed] = await until(async () => statusesFor(wamid), (s) => s.length === 1);
    expect(failed).toMatchObject({ status: 'failed', errors: [{ code: 131047, title: 'Re-engagement message' }] });
    sandbox.setFaults({ windowErrors: 'immediate' });
  });

  it('plays a candidate over HTTP, and lists what the app sent', async () => {
    const from = uniquePhone();
    const response = await fetch(`${sandbox.url}/sandbox/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from, name: 'Daan', type: 'location' }),
    });
    const { wamid, webhookStatus } = await response.json();
    expect(webhookStatus).toBe(200);
    const message = received.map((r) => r.body.entry[0].changes[0].value).find((v) => v.messages?.[0]?.id === wamid);
    expect(message).toMatchObject({ contacts: [{ wa_id: from, profile: { name: 'Daan' } }], messages: [{ type: 'location', from }] });
    // The candidate wrote: free text to them is now inside the window.
    await client.sendMessage(toApiPayload(from, { type: 'text', body: 'Dank je!' }));
    const listed = await (await fetch(`${sandbox.url}/sandbox/messages?to=${from}`)).json();
    expect(listed.messages.map((m: any) => m.body.text.body)).toEqual(['Dank je!']);
  });

  it('goes down and comes back when told to over HTTP', async () => {
    await fetch(`${sandbox.url}/sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ downForMs: 300 }) });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(fetch(`${sandbox.url}/v1/configs/webhook`, { headers: { 'D360-API-KEY': 'k' } })).rejects.toThrow();
    await until(() => fetch(`${sandbox.url}/sandbox/faults`).then((r) => r.status, () => 0), (status) => status === 200);
  });
});

describe('npm run whatsapp:set-webhook', () => {
  const run = (args: string[], env: Record<string, string>) =>
    new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/set-webhook.ts', ...args], {
        cwd: ROOT,
        env: { ...process.env, ...env },
      });
      let output = '';
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      child.on('exit', (code) => resolve({ code, output }));
    });

  it('registers the URL with the secret header', async () => {
    const env = {
      THREESIXTY_DIALOG_BASE_URL: sandbox.url,
      THREESIXTY_DIALOG_API_KEY: 'k',
      WHATSAPP_WEBHOOK_SECRET: 'registered-secret-0123456789',
    };
    const result = await run(['https://inbox.example.com/webhook/whatsapp'], env);
    expect(result.code, result.output).toBe(0);
    expect(sandbox.webhook).toMatchObject({ url: 'https://inbox.example.com/webhook/whatsapp', headers: { 'X-Webhook-Secret': 'registered-secret-0123456789' } });
    expect(result.output).not.toContain('registered-secret');
  });

  it('refuses a plain-http public URL and explains a refused API key', async () => {
    const env = { THREESIXTY_DIALOG_BASE_URL: sandbox.url, THREESIXTY_DIALOG_API_KEY: 'wrong', WHATSAPP_WEBHOOK_SECRET: 'registered-secret-0123456789' };
    expect((await run(['http://inbox.example.com/webhook/whatsapp'], env)).code).toBe(2);
    const refused = await run(['https://inbox.example.com/webhook/whatsapp'], env);
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/THREESIXTY_DIALOG_API_KEY/);
  });
});
