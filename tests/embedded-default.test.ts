// `npm start` with no DATABASE_URL: embedded PostgreSQL, migrations, the app, from nothing.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cloudPayload, exampleContact, exampleMessage } from '../dev/examples';
import { startApp, type RunningApp } from './helpers/app-server';

const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'embedded-')), 'pglite');
const secret = 'embedded-test-secret-0123456789';
let app: RunningApp | undefined;

afterAll(async () => {
  await app?.stop();
  rmSync(path.dirname(dataDir), { recursive: true, force: true });
});

function start() {
  return startApp({
    via: 'serve',
    timeoutMs: 150_000,
    env: {
      DATABASE_URL: undefined,
      WHATSAPP_APP_SECRET: undefined,
      WHATSAPP_WEBHOOK_SECRET: secret,
      EMBEDDED_DB_DIR: dataDir,
      LOG_LEVEL: 'warn',
      APP_MAX_HEAP_MB: undefined, // the default
      NODE_OPTIONS: undefined,
    },
  });
}

async function post(payload: unknown) {
  const response = await fetch(`${app!.url}/webhook/whatsapp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-webhook-secret': secret },
    body: JSON.stringify(payload),
  });
  return { status: response.status, json: await response.json() };
}

describe('embedded default', () => {
  const payload = cloudPayload({
    contacts: [exampleContact({ from: '31611111111' })],
    messages: [exampleMessage('text', { from: '31611111111' })],
  });

  it('starts from nothing, migrates, and accepts a webhook', async () => {
    app = await start();
    expect(app.output()).toContain('Embedded PostgreSQL');
    const health = await (await fetch(`${app.url}/api/health`)).json();
    expect(health).toMatchObject({ status: 'ok', database: 'ok' });
    expect(await post(payload)).toMatchObject({ status: 200, json: { stored: 1 } });
    expect(await post(payload)).toMatchObject({ status: 200, json: { stored: 0, duplicates: 1 } });
  }, 90_000);

  it('answers candidates from a worker process of its own, on the same embedded database', async () => {
    // Two processes under serve.ts: the web server (WORKER=off) and the worker.
    expect(app!.output()).toMatch(/^web: pid \d+/m);
    expect(app!.output()).toMatch(/^worker: pid \d+/m);
    const sandboxUrl = /360Dialog sandbox on (http:\/\/127\.0\.0\.1:\d+)/.exec(app!.output())![1]!;
    const from = '31633333333';
    const inbound = await fetch(`${sandboxUrl}/sandbox/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from, name: 'Daan', text: 'Hoi, ik zoek werk als kapper' }),
    });
    expect((await inbound.json()).webhookStatus).toBe(200);
    let replies: unknown[] = [];
    for (let i = 0; i < 100 && replies.length === 0; i++) {
      replies = ((await (await fetch(`${sandboxUrl}/sandbox/messages?to=${from}`)).json()) as { messages: unknown[] }).messages;
      if (replies.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(replies.length).toBeGreaterThan(0);
  });

  it('runs the server with the heap limit of APP_MAX_HEAP_MB (256 MiB unless set)', () => {
    // The Next.js server names itself `next-server (…)`; this app's is the one on its port.
    const environments = readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .flatMap((pid) => {
        try {
          if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('next-server')) return [];
          const environment = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
          return environment.includes(`PORT=${app!.port}`) ? [environment] : [];
        } catch {
          return []; // gone meanwhile, or not ours
        }
      });
    expect(environments).toHaveLength(1);
    expect(environments[0]!.find((entry) => entry.startsWith('NODE_OPTIONS='))).toMatch(/--max-old-space-size=256$/);
  });

  it('seeds a demo account and pushes live updates to a signed-in dashboard', async () => {
    expect(app!.output()).toMatch(/demo account: demo@example\.com \/ demo-/);
    const password = /demo account: demo@example\.com \/ (\S+?)\)/.exec(app!.output())![1]!;
    const jar: string[] = [];
    const csrf = await fetch(`${app!.url}/api/auth/csrf`);
    jar.push(...csrf.headers.getSetCookie().map((c) => c.split(';')[0]!));
    const { csrfToken } = await csrf.json();
    const signIn = await fetch(`${app!.url}/api/auth/callback/credentials`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: jar.join('; '), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken, email: 'demo@example.com', password, json: 'true' }),
    });
    jar.push(...signIn.headers.getSetCookie().map((c) => c.split(';')[0]!));
    const events = await fetch(`${app!.url}/api/events`, { headers: { cookie: jar.join('; ') } });
    expect(events.status).toBe(200);
    const reader = events.body!.getReader();
    let text = '';
    const readUntil = async (needle: string) => {
      const deadline = Date.now() + 5000;
      while (!text.includes(needle) && Date.now() < deadline) text += new TextDecoder().decode((await reader.read()).value);
    };
    await readUntil('event: ready');
    await new Promise((resolve) => setTimeout(resolve, 1200));
    await post(cloudPayload({ contacts: [exampleContact({ from: '31622222222' })], messages: [exampleMessage('text', { from: '31622222222' })] }));
    await readUntil('event: change');
    expect(text).toContain('event: change');
    // Not only messages: a new label reaches the open dashboards too (its list of labels).
    text = '';
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const label = await fetch(`${app!.url}/api/labels`, {
      method: 'POST',
      headers: { cookie: jar.join('; '), 'content-type': 'application/json', origin: app!.url },
      body: JSON.stringify({ name: 'Spoed', color: '#c62828' }),
    });
    expect(label.status).toBe(201);
    await readUntil('event: change');
    expect(text).toContain('event: change');
    await reader.cancel();
  });

  it('keeps its data across a restart', async () => {
    await app?.stop();
    app = await start();
    expect(await post(payload)).toMatchObject({ status: 200, json: { stored: 0, duplicates: 1 } });
  }, 90_000);
});
