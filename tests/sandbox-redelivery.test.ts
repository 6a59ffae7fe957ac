// The sandbox delivers a failed webhook again, as 360Dialog does: no 2xx answer in time (a
// timeout, nothing listening, any other status) means another attempt later, the same body
// with the same headers, until the app answers 2xx or the budget is spent. Against the app as
// `npm run dev` runs it (scripts/serve.ts: a web and a worker process) on a database of its own.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { Sandbox } from '../dev/sandbox/server';
import { redeliveryFromEnv } from '../dev/sandbox/webhooks';
import { freePort } from './helpers/app-server';
import { close } from './helpers/own-sandbox';
import { until } from './helpers/sandbox';
import { candidateWrites, expectAllProcessed, repliesOf, useSplitApp } from './helpers/split-app';
import { uniquePhone } from './helpers/webhook';

const { databaseUrl, split } = await useSplitApp();

const OPENING = 'Hoi! Ik zoek werk als kapper';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Attempt {
  id: number;
  kind: string;
  conversation: string | null;
  attempt: number;
  status: number | string;
}
interface DeliveryState {
  deliveries: Attempt[];
  waiting: { id: number; kind: string; conversation: string | null; attempts: number }[];
  abandoned: { id: number; kind: string; conversation: string | null; attempts: number; lastStatus: number | string; reason: string }[];
}

/** What the sandbox says about its deliveries, over HTTP. */
async function deliveryState(sandbox: Sandbox): Promise<DeliveryState> {
  return (await fetch(`${sandbox.url}/sandbox/webhook-deliveries`)).json() as Promise<DeliveryState>;
}

const messageAttempts = (state: DeliveryState, from: string) => state.deliveries.filter((d) => d.kind === 'message' && d.conversation === from);

async function setFaults(sandbox: Sandbox, faults: Record<string, unknown>) {
  return fetch(`${sandbox.url}/sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
}

async function storedCount(wamid: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM messages WHERE wamid = $1', [wamid])).rows[0]!.n);
  } finally {
    await client.end();
  }
}

/** How many replies the bot's first turn makes to OPENING (the same for every candidate). */
let perTurn: number | undefined;
async function repliesPerTurn(): Promise<number> {
  if (perTurn !== undefined) return perTurn;
  const control = uniquePhone();
  const first = await candidateWrites(split().sandbox, control, OPENING);
  expect(first.webhookStatus).toBe(200);
  await expectAllProcessed(databaseUrl, [first.wamid], 30_000);
  perTurn = (await repliesOf(databaseUrl, split().sandbox, [control]))[0]!.stored.length;
  expect(perTurn).toBeGreaterThan(0);
  return perTurn;
}

/** The candidate's message is stored once, and the bot answered it once: what the database holds is what the sandbox got. */
async function expectAnsweredOnce(from: string, wamid: string) {
  const expected = await repliesPerTurn();
  await expectAllProcessed(databaseUrl, [wamid], 60_000);
  await until(
    () => repliesOf(databaseUrl, split().sandbox, [from]),
    ([c]) => c!.stored.length >= expected && c!.stored.every((r) => r.wamid !== null) && c!.atSandbox.length >= expected,
    30_000,
  );
  // Time for a second answer to show, were the redelivery processed again.
  await sleep(1500);
  await expectAllProcessed(databaseUrl, [wamid], 30_000);
  const [replies] = await repliesOf(databaseUrl, split().sandbox, [from]);
  expect(replies!.stored).toHaveLength(expected);
  expect([...replies!.atSandbox].sort()).toEqual(replies!.stored.map((r) => r.wamid!).sort());
}

describe('redelivery to the app', () => {
  it('delivers again when the app\'s first answer is lost; the message is stored once and answered once', async () => {
    const { sandbox } = split();
    await repliesPerTurn();
    const from = uniquePhone();
    // The app receives and stores the first delivery; the sandbox takes its answer as a timeout.
    expect((await setFaults(sandbox, { webhookFailNext: 1, webhookFailFor: from })).status).toBe(200);
    const written = await candidateWrites(sandbox, from, OPENING);
    // The app has it already: the redelivery (a second later) is a duplicate.
    expect(await storedCount(written.wamid)).toBe(1);
    const state = await until(() => deliveryState(sandbox), (s) => messageAttempts(s, from).length >= 2, 15_000);
    expect(written.webhookStatus).toBe('timeout (fault; the app answered 200)');
    const attempts = messageAttempts(state, from);
    expect(attempts.map((d) => [d.attempt, d.status])).toEqual([
      [1, 'timeout (fault; the app answered 200)'],
      [2, 200],
    ]);
    expect(new Set(attempts.map((d) => d.id)).size).toBe(1);
    expect(state.waiting.filter((d) => d.conversation === from)).toEqual([]);
    await expectAnsweredOnce(from, written.wamid);
  }, 120_000);

  it('delivers what was written while the app was down once it is back', async () => {
    const { sandbox } = split();
    await repliesPerTurn();
    const webStarts = split().starts('web');
    await split().kill('web');
    const from = uniquePhone();
    const written = await candidateWrites(sandbox, from, OPENING);
    // Nothing listens: refused, not stored.
    expect(written.webhookStatus).not.toBe(200);
    // serve.ts starts the web process again; the sandbox's next attempts reach it.
    await until(async () => split().starts('web'), (n) => n === webStarts + 1, 20_000);
    expect(await until(() => storedCount(written.wamid), (n) => n > 0, 90_000)).toBe(1);
    expect(String(written.webhookStatus)).toMatch(/ECONNREFUSED|ECONNRESET/);
    const state = await until(() => deliveryState(sandbox), (s) => messageAttempts(s, from).some((d) => d.status === 200), 90_000);
    const attempts = messageAttempts(state, from);
    expect(attempts.at(-1)!.status).toBe(200);
    expect(attempts.length).toBeGreaterThan(1);
    expect(state.waiting.filter((d) => d.conversation === from)).toEqual([]);
    await expectAnsweredOnce(from, written.wamid);
  }, 180_000);

  it('gives up on an endpoint that keeps failing once the budget is spent, and says so', async () => {
    const logged: string[] = [];
    // The app answers 401 to every delivery without its secret: a delivery that can never succeed.
    const sandbox = await new Sandbox({
      apiKey: 'budget-test',
      webhook: { url: `${split().app.url}/webhook/whatsapp`, headers: { 'X-Webhook-Secret': 'not-the-secret-0123456789abcdef' } },
      redelivery: { firstDelayMs: 50, factor: 2, maxAttempts: 4 },
      log: (line) => logged.push(line),
    }).start();
    try {
      const from = uniquePhone();
      const written = await sandbox.inbound({ from, text: 'Hoi' });
      expect(written.webhookStatus).toBe(401);
      const state = await until(() => deliveryState(sandbox), (s) => s.abandoned?.length > 0, 10_000);
      expect(state.abandoned).toEqual([expect.objectContaining({ kind: 'message', conversation: from, attempts: 4, lastStatus: 401 })]);
      expect(state.waiting).toEqual([]);
      expect(messageAttempts(state, from).map((d) => d.status)).toEqual([401, 401, 401, 401]);
      expect(logged.join('\n')).toMatch(/given up after 4 attempt/);
      // Nothing more is attempted.
      await sleep(1000);
      expect(messageAttempts(await deliveryState(sandbox), from)).toHaveLength(4);
    } finally {
      await sandbox.stop();
    }
  });
});

/** A webhook receiver standing in for the app: records each delivery; `answer` decides each answer. */
async function receiver(answer: (index: number) => Promise<number> | number, port?: number) {
  const received: { raw: string; headers: IncomingHttpHeaders }[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', async () => {
      const index = received.push({ raw, headers: req.headers }) - 1;
      const status = await answer(index);
      if (!res.destroyed) res.writeHead(status).end('{}');
    });
  });
  const at = port ?? (await freePort());
  await new Promise<void>((resolve) => server.listen(at, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${at}/hook`, received, server };
}

describe('redelivery in the sandbox itself', () => {
  const servers: Server[] = [];
  const sandboxes: Sandbox[] = [];
  afterAll(async () => {
    for (const sandbox of sandboxes) await sandbox.stop();
    for (const server of servers) await close(server).catch(() => {});
  });

  it('delivers again after a timeout, with the same body, secret header and signature', async () => {
    const hook = await receiver(async (index) => {
      if (index === 0) await sleep(1000);
      return 200;
    });
    servers.push(hook.server);
    const sandbox = await new Sandbox({
      apiKey: 'k',
      webhook: { url: hook.url, headers: { 'X-Webhook-Secret': 'shh-0123456789abcdef' }, appSecret: 'app-secret' },
      redelivery: { timeoutMs: 300, firstDelayMs: 100 },
    }).start();
    sandboxes.push(sandbox);
    const from = uniquePhone();
    const written = await sandbox.inbound({ from, text: 'Hoi' });
    await until(async () => hook.received.length, (n) => n === 2, 5_000);
    await until(async () => sandbox.webhookDeliveries.length, (n) => n === 2, 5_000);
    expect(written.webhookStatus).toBe('timeout (no answer within 300 ms)');
    expect(sandbox.webhookDeliveries.map((d) => d.status)).toEqual(['timeout (no answer within 300 ms)', 200]);
    const [first, again] = hook.received;
    expect(again!.raw).toBe(first!.raw);
    expect(JSON.parse(again!.raw).entry[0].changes[0].value.messages[0].id).toBe(written.wamid);
    for (const header of ['x-webhook-secret', 'x-hub-signature-256', 'content-type']) expect(again!.headers[header]).toBe(first!.headers[header]);
    expect(again!.headers['x-hub-signature-256']).toMatch(/^sha256=[0-9a-f]{64}$/);
  });

  it('delivers a conversation\'s backlog oldest first once the endpoint listens again', async () => {
    const port = await freePort();
    const sandbox = await new Sandbox({
      apiKey: 'k',
      webhook: { url: `http://127.0.0.1:${port}/hook`, headers: {} },
      redelivery: { firstDelayMs: 100, maxDelayMs: 200 },
    }).start();
    sandboxes.push(sandbox);
    const from = uniquePhone();
    const written = [];
    for (const text of ['een', 'twee', 'drie']) written.push(await sandbox.inbound({ from, text }));
    expect(written.filter((w) => w.webhookStatus === 200)).toEqual([]);
    expect((await deliveryState(sandbox)).waiting?.map((d) => d.conversation)).toEqual([from, from, from]);
    expect(written.map((w) => String(w.webhookStatus))).toEqual(Array(3).fill('fetch failed: ECONNREFUSED'));
    const hook = await receiver(() => 200, port);
    servers.push(hook.server);
    await until(async () => hook.received.length, (n) => n >= 3, 5_000);
    expect(hook.received.map((r) => JSON.parse(r.raw).entry[0].changes[0].value.messages[0].id)).toEqual(written.map((w) => w.wamid));
    expect((await deliveryState(sandbox)).waiting).toEqual([]);
  });

  it('gives up after the longest time allowed, and answers a refused endpoint\'s status on every attempt', async () => {
    const hook = await receiver(() => 503);
    servers.push(hook.server);
    const sandbox = await new Sandbox({
      apiKey: 'k',
      webhook: { url: hook.url, headers: {} },
      redelivery: { firstDelayMs: 100, factor: 2, maxAgeMs: 1000 },
    }).start();
    sandboxes.push(sandbox);
    const from = uniquePhone();
    await sandbox.inbound({ from, text: 'Hoi' });
    const state = await until(() => deliveryState(sandbox), (s) => s.abandoned?.length > 0, 5_000);
    // Attempts at 0, 100, 300 and 700 ms; the next would be at 1500 ms, past the 1000 ms allowed.
    expect(state.abandoned).toEqual([expect.objectContaining({ conversation: from, attempts: 4, lastStatus: 503 })]);
    expect(state.abandoned[0]!.reason).toMatch(/no attempt after 1 s/);
    expect(hook.received).toHaveLength(4);
  });

  it('takes fault settings for the app\'s answers over HTTP, and refuses bad ones', async () => {
    const sandbox = await new Sandbox({ apiKey: 'k' }).start();
    sandboxes.push(sandbox);
    expect((await setFaults(sandbox, { webhookFailRate: 2 })).status).toBe(400);
    expect((await setFaults(sandbox, { webhookFailNext: -1 })).status).toBe(400);
    expect(sandbox.faults.webhookFailNext).toBe(0);
    const set = await setFaults(sandbox, { webhookFailNext: 2, webhookFailRate: 0.5, webhookFailFor: '31612345678' });
    expect(await set.json()).toMatchObject({ webhookFailNext: 2, webhookFailRate: 0.5, webhookFailFor: '31612345678' });
    expect(await (await setFaults(sandbox, { reset: true })).json()).toMatchObject({ webhookFailNext: 0, webhookFailRate: 0, webhookFailFor: null });
  });

  it('reads its redelivery settings from the environment, naming a bad value', () => {
    expect(
      redeliveryFromEnv({
        SANDBOX_WEBHOOK_TIMEOUT_MS: '2000',
        SANDBOX_REDELIVERY_FIRST_MS: '500',
        SANDBOX_REDELIVERY_FACTOR: '1.5',
        SANDBOX_REDELIVERY_MAX_DELAY_MS: '10000',
        SANDBOX_REDELIVERY_MAX_ATTEMPTS: '12',
        SANDBOX_REDELIVERY_MAX_HOURS: '0.5',
      }),
    ).toEqual({ timeoutMs: 2000, firstDelayMs: 500, factor: 1.5, maxDelayMs: 10_000, maxAttempts: 12, maxAgeMs: 1_800_000 });
    expect(redeliveryFromEnv({})).toEqual({});
    expect(() => redeliveryFromEnv({ SANDBOX_REDELIVERY_FACTOR: 'fast' })).toThrow(/SANDBOX_REDELIVERY_FACTOR/);
    expect(() => redeliveryFromEnv({ SANDBOX_REDELIVERY_MAX_ATTEMPTS: '2.5' })).toThrow(/SANDBOX_REDELIVERY_MAX_ATTEMPTS/);
  });
});
