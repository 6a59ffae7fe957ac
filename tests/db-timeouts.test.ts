// Database timeouts: a statement that runs too long is cancelled, waiting for a connection has
// a limit, and the dashboard's reads (a pool of their own) can be as slow as they like without
// taking the connections the webhook needs.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudPayload, exampleContact, exampleMessage } from '../dev/examples';
import { createUser } from '../lib/auth/users';
import { db, pool, readDb } from '../lib/db/client';
import { signInOverHttp } from '../scripts/lib/http-session';
import { startApp, type RunningApp } from './helpers/app-server';
import { useIsolatedDatabase } from './helpers/isolated-database';
import { TEST_SECRETS } from './helpers/secrets';
import { postWebhook, uniquePhone } from './helpers/webhook';

// This process's own pools: one connection, short limits.
Object.assign(process.env, {
  DATABASE_POOL_SIZE: '1',
  DATABASE_STATEMENT_TIMEOUT_MS: '500',
  DATABASE_CONNECT_TIMEOUT_MS: '300',
  DATABASE_READ_POOL_SIZE: '1',
  DATABASE_READ_STATEMENT_TIMEOUT_MS: '400',
});
const databaseUrl = await useIsolatedDatabase();

async function timed<T>(work: Promise<T>): Promise<{ ms: number; error: any }> {
  const started = Date.now();
  const error = await work.then(() => undefined, (e: unknown) => e);
  return { ms: Date.now() - started, error };
}

describe('the pools', () => {
  it('cancel a statement that runs longer than its statement timeout', async () => {
    const main = await timed(pool().query('SELECT pg_sleep(5)'));
    expect(main.error?.code).toBe('57014');
    expect(main.ms).toBeLessThan(3000);
    const reads = await timed(readDb().$queryRaw`SELECT pg_sleep(5)`);
    expect(String(reads.error)).toMatch(/statement timeout/);
    expect(reads.ms).toBeLessThan(3000);
    // A short one is fine.
    expect((await pool().query('SELECT pg_sleep(0.1) AS slept')).rowCount).toBe(1);
  });

  it('give up waiting for a connection when none is free in time', async () => {
    const held = await pool().connect();
    try {
      const waited = await timed(pool().query('SELECT 1'));
      expect(String(waited.error)).toMatch(/timeout/);
      expect(waited.ms).toBeLessThan(3000);
    } finally {
      held.release();
    }
    expect((await db().$queryRaw<{ one: number }[]>`SELECT 1 AS one`)[0]!.one).toBe(1);
  });
});

describe('a dashboard whose reads are stuck', () => {
  let app: RunningApp;
  let locker: pg.Client;
  const password = 'a-long-test-password';

  beforeAll(async () => {
    await createUser({ email: 'admin@agency.test', name: 'Iris', role: 'ADMIN', password });
    app = await startApp({
      env: {
        ...TEST_SECRETS,
        DATABASE_URL: databaseUrl,
        DATABASE_POOL_SIZE: '4',
        DATABASE_STATEMENT_TIMEOUT_MS: '30000',
        DATABASE_READ_POOL_SIZE: '2',
        DATABASE_READ_STATEMENT_TIMEOUT_MS: '1500',
        DATABASE_CONNECT_TIMEOUT_MS: '1000',
        WORKER: 'off',
        TRUSTED_PROXY_HOPS: '1',
        LOG_LEVEL: 'error',
      },
    });
    locker = new pg.Client({ connectionString: databaseUrl });
    await locker.connect();
  }, 120_000);
  afterAll(async () => {
    await locker?.end();
    await app?.stop();
  });

  it('still lets the webhook store at once, and answers the dashboard 503 once its statement timeout cancels them', async () => {
    const cookie = await signInOverHttp(app.url, 'admin@agency.test', password);
    expect(cookie).toBeTruthy();
    const delivery = (waId: string) =>
      cloudPayload({ contacts: [exampleContact({ from: waId })], messages: [exampleMessage('text', { from: waId, text: 'Hoi, ik zoek werk' })] });
    const first = uniquePhone();
    expect((await postWebhook(delivery(first), { base: app.url })).status).toBe(200);
    const { rows } = await locker.query<{ id: string }>(
      'SELECT c.id FROM conversations c JOIN contacts ct ON ct.id = c.contact_id WHERE ct.wa_id = $1',
      [first],
    );
    const open = () => fetch(`${app.url}/api/conversations/${rows[0]!.id}`, { headers: { cookie: cookie! }, signal: AbortSignal.timeout(20_000) });
    expect((await open()).status).toBe(200);

    // Every dashboard request for the conversation now waits: its history (conversation_events,
    // which the webhook never touches) is locked.
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE conversation_events IN ACCESS EXCLUSIVE MODE');
    try {
      const started = Date.now();
      const dashboard = Array.from({ length: 12 }, () => open().then((r) => ({ status: r.status, ms: Date.now() - started })));
      await new Promise((resolve) => setTimeout(resolve, 300));

      const waId = uniquePhone();
      const before = Date.now();
      const stored = await Promise.race([
        postWebhook(delivery(waId), { base: app.url }),
        new Promise<{ status: string }>((resolve) => setTimeout(() => resolve({ status: 'no answer in 5 s' }), 5000)),
      ]);
      expect(stored.status).toBe(200);
      expect(Date.now() - before).toBeLessThan(3000);
      expect((await locker.query('SELECT 1 FROM contacts WHERE wa_id = $1', [waId])).rowCount).toBe(1);

      // The stuck reads were cancelled (or found no connection in time), each answered 503, while the lock is still held.
      const answered = await Promise.all(dashboard);
      expect(answered.map((a) => a.status)).toEqual(answered.map(() => 503));
      expect(Math.max(...answered.map((a) => a.ms))).toBeLessThan(12_000);
    } finally {
      await locker.query('ROLLBACK');
    }
    expect((await open()).status).toBe(200);
  });
});
