// Once per test run: a fresh database with the migrations applied, and the app itself
// (production build) serving it on a free port. Everything is removed afterwards.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrate } from '../../lib/migrations';
import { ROOT, TEST_DIST_DIR, startApp, type RunningApp } from '../helpers/app-server';
import { createDatabase, dropDatabase } from '../helpers/database';
import { TEST_SECRETS } from '../helpers/secrets';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    databaseUrl: string;
  }
}

let app: RunningApp | undefined;
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
  app = await startApp({
    env: {
      ...TEST_SECRETS,
      DATABASE_URL: database.url,
      DATABASE_POOL_SIZE: '20',
      // The tests run the sweep themselves, deterministically.
      INBOUND_SWEEP_INTERVAL_SECONDS: '0',
      LOG_LEVEL: 'warn',
    },
  });
  project.provide('baseUrl', app.url);
  project.provide('databaseUrl', database.url);
}

export async function teardown() {
  await app?.stop();
  if (database) await dropDatabase(database.name);
}
