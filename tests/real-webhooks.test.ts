// Real webhook bodies published by others (Meta's documentation, open-source WhatsApp
// libraries, 360Dialog integrations), replayed against the app by the checker that comes
// with them, which also reads the database and says what a correct receiver does with each.
// They live outside this repository (REAL_WEBHOOKS_DIR, default ../shared/real-webhooks) and
// are never copied into it: where they are not, this file is skipped, and the project's own
// fixtures (tests/webhook-shapes.test.ts and the other webhook tests) cover every shape.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startApp, type RunningApp } from './helpers/app-server';
import { useIsolatedDatabase } from './helpers/isolated-database';
import { TEST_SECRETS } from './helpers/secrets';

const folder = path.resolve(process.env.REAL_WEBHOOKS_DIR ?? path.join(ROOT, '..', 'shared', 'real-webhooks'));
const checker = path.join(folder, 'check.py');
const python = spawnSync('python3', ['--version']).status === 0 && spawnSync('psql', ['--version']).status === 0;

describe.skipIf(!existsSync(checker) || !python)('real webhook bodies from others', () => {
  let app: RunningApp;
  let databaseUrl: string;

  beforeAll(async () => {
    databaseUrl = await useIsolatedDatabase();
    app = await startApp({
      env: {
        ...TEST_SECRETS,
        DATABASE_URL: databaseUrl,
        DATABASE_POOL_SIZE: '5',
        // Nothing is answered: the checker looks at what was stored.
        WORKER: 'off',
        LOG_LEVEL: 'error',
      },
    });
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
  });

  it('are all handled as their table says', () => {
    const run = spawnSync('python3', [checker], {
      cwd: folder,
      env: { ...process.env, BASE: app.url, SECRET: TEST_SECRETS.WHATSAPP_WEBHOOK_SECRET, APP_SECRET: TEST_SECRETS.WHATSAPP_APP_SECRET, DATABASE_URL: databaseUrl },
      encoding: 'utf8',
      timeout: 600_000,
    });
    const output = `${run.stdout}\n${run.stderr}`;
    const summary = /real payloads: (\d+) ok, (\d+) mismatched/.exec(output);
    expect(summary, output.slice(-4000)).not.toBeNull();
    const mismatched = output.split('\n').filter((line) => line.length > 0 && !line.startsWith('ok ') && !line.startsWith('id mapping') && !line.startsWith('real payloads'));
    expect({ mismatched: Number(summary![2]), lines: mismatched.slice(0, 20) }).toEqual({ mismatched: 0, lines: [] });
    expect(Number(summary![1])).toBeGreaterThan(100);
    expect(run.status).toBe(0);
  }, 660_000);
});
