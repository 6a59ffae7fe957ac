// Once per test run: a fresh database with the migrations applied, and the app itself
// (production build) serving it on a free port. Everything is removed afterwards.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrate } from '../../lib/db/migrations';
import { Sandbox } from '../../dev/sandbox/server';
import { ROOT, TEST_DIST_DIR, startApp, type RunningApp } from '../helpers/app-server';
import { createDatabase, dropDatabase } from '../helpers/database';
import { TEST_SECRETS } from '../helpers/secrets';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    databaseUrl: string;
    sandboxUrl: string;
  }
}

let app: RunningApp | undefined;
let sandbox: Sandbox | undefined;
let database: { name: string; url: string } | undefined;

export async function setup(project: TestProject) {
  if (!existsSync(path.join(ROOT, TEST_DIST_DIR, 'BUILD_ID'))) {
    const build = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/next/dist/bin/next'), 'build'], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, NEXT_DIST_DIR: TEST_DIST_DIR, NEXT_TELEMETRY_DISABLED: '1' },
    });
    if (build.status !== 0) throw new Error('next build failed');
  }
  database = await createDatabase();
  await migrate(database.url);
  // The app talks to a local 360Dialog sandbox, which delivers its webhooks back to the app.
  sandbox = await new Sandbox({ apiKey: 'test-sandbox-key' }).start();
  app = await startApp({
    env: {
      ...TEST_SECRETS,
      THREESIXTY_DIALOG_BASE_URL: sandbox.url,
      THREESIXTY_DIALOG_API_KEY: sandbox.apiKey,
      OUTBOX_RETRY_BASE_MS: '100',
      OUTBOX_POLL_INTERVAL_MS: '250',
      DATABASE_URL: database.url,
      DATABASE_POOL_SIZE: '20',
      // The tests run the sweep themselves, deterministically.
      INBOUND_SWEEP_INTERVAL_SECONDS: '0',
      LOG_LEVEL: 'warn',
    },
  });
  sandbox.webhook = {
    url: `${app.url}/webhook/whatsapp`,
    headers: { 'X-Webhook-Secret': TEST_SECRETS.WHATSAPP_WEBHOOK_SECRET },
    appSecret: TEST_SECRETS.WHATSAPP_APP_SECRET,
  };
  project.provide('baseUrl', app.url);
  project.provide('sandboxUrl', sandbox.url);
  project.provide('databaseUrl', database.url);
}

export async function teardown() {
  await app?.stop();
  // What the shared app logged (warnings and errors), for a failed run to be read.
  if (app) {
    mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
    writeFileSync(path.join(ROOT, 'test-results', 'app.log'), app.output());
  }
  await sandbox?.stop();
  if (database) await dropDatabase(database.name);
}
