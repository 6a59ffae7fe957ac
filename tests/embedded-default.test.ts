// `npm start` with no DATABASE_URL: embedded PostgreSQL, migrations, the app, from nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cloudPayload, exampleContact, exampleMessage } from '../lib/whatsapp/examples';
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
  });

  it('keeps its data across a restart', async () => {
    await app?.stop();
    app = await start();
    expect(await post(payload)).toMatchObject({ status: 200, json: { stored: 0, duplicates: 1 } });
  });
});
