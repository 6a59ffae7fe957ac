// The app as `npm start` runs it (scripts/serve.ts: a web process and a worker process,
// each started again when it dies), on a database of the test's own, talking to a sandbox
// the test started: for tests that kill one of the two processes in the middle of a burst.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect } from 'vitest';
import { useIsolatedDatabase } from './isolated-database';
import pg from 'pg';
import { Sandbox } from '../../dev/sandbox/server';
import { startApp, type RunningApp } from './app-server';
import { until } from './sandbox';
import { TEST_SECRETS } from './secrets';

export interface SplitApp {
  app: RunningApp;
  sandbox: Sandbox;
  /** The pid of the web or worker child serve.ts runs now (the latest start). */
  pid(name: 'web' | 'worker'): number;
  /** How many times serve.ts has started the child. */
  starts(name: 'web' | 'worker'): number;
  /** SIGKILL to the child: no shutdown of any kind, as in a crash. */
  kill(name: 'web' | 'worker'): Promise<void>;
  stop(): Promise<void>;
}

function pids(output: string, name: string): number[] {
  return [...output.matchAll(new RegExp(`^${name}: pid (\\d+)`, 'gm'))].map((match) => Number(match[1]));
}

const alive = (pid: number) => {
  try {
    // A zombie (killed, not yet reaped) counts as gone.
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
};

/** A split app for this test file, on a database of its own: started before its tests, stopped after them. */
export async function useSplitApp(): Promise<{ databaseUrl: string; split: () => SplitApp }> {
  const databaseUrl = await useIsolatedDatabase();
  let app: SplitApp | undefined;
  beforeAll(async () => {
    app = await startSplitApp(databaseUrl);
  }, 150_000);
  afterAll(async () => {
    await app?.stop();
  });
  return { databaseUrl, split: () => app! };
}

export async function startSplitApp(databaseUrl: string, env: Record<string, string> = {}): Promise<SplitApp> {
  const sandbox = await new Sandbox({ apiKey: 'split-test-key' }).start();
  const app = await startApp({
    via: 'serve',
    timeoutMs: 120_000,
    env: {
      ...TEST_SECRETS,
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_SIZE: '5',
      THREESIXTY_DIALOG_BASE_URL: sandbox.url,
      THREESIXTY_DIALOG_API_KEY: sandbox.apiKey,
      // A run that died is taken over within seconds, not the default minute.
      INBOUND_LEASE_SECONDS: '3',
      INBOUND_SWEEP_INTERVAL_SECONDS: '1',
      INBOUND_SWEEP_AFTER_SECONDS: '1',
      OUTBOX_LEASE_SECONDS: '3',
      THREESIXTY_DIALOG_TIMEOUT_MS: '1500',
      OUTBOX_POLL_INTERVAL_MS: '200',
      OUTBOX_RETRY_BASE_MS: '100',
      TRUSTED_PROXY_HOPS: '1',
      LOG_LEVEL: 'warn',
      ...env,
    },
  });
  sandbox.webhook = {
    url: `${app.url}/webhook/whatsapp`,
    headers: { 'X-Webhook-Secret': TEST_SECRETS.WHATSAPP_WEBHOOK_SECRET },
    appSecret: TEST_SECRETS.WHATSAPP_APP_SECRET,
  };
  await until(async () => pids(app.output(), 'worker').length, (n) => n > 0, 30_000);
  const pid = (name: 'web' | 'worker') => pids(app.output(), name).at(-1)!;
  return {
    app,
    sandbox,
    pid,
    starts: (name) => pids(app.output(), name).length,
    async kill(name) {
      const target = pid(name);
      process.kill(target, 'SIGKILL');
      await until(async () => alive(target), (up) => !up, 10_000);
    },
    async stop() {
      await app.stop();
      await sandbox.stop();
    },
  };
}

/** A candidate's first message, through the sandbox as WhatsApp would send it: its wamid, and the webhook's answer. */
export async function candidateWrites(sandbox: Sandbox, from: string, text: string) {
  return sandbox.inbound({ from, name: `Kandidaat ${from.slice(-4)}`, text });
}

/**
 * What the bot answered every candidate, read from the database and from the sandbox: per
 * candidate the replies the database holds (text and wamid), and the wamids the sandbox
 * received. Exactly once means both lists are the same, with nothing twice.
 */
export async function repliesOf(databaseUrl: string, sandbox: Sandbox, candidates: string[]) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ wa_id: string; wamid: string | null; status: string; text: string | null }>(
      `SELECT ct.wa_id, m.wamid, m.status, m.text FROM messages m
       JOIN conversations c ON c.id = m.conversation_id JOIN contacts ct ON ct.id = c.contact_id
       WHERE ct.wa_id = ANY($1) AND m.direction = 'OUTBOUND' AND m.author = 'BOT'
       ORDER BY m.seq`,
      [candidates],
    );
    return candidates.map((waId) => ({
      waId,
      stored: rows.filter((row) => row.wa_id === waId),
      atSandbox: sandbox.sent.filter((message) => message.to === waId).map((message) => message.wamid),
    }));
  } finally {
    await client.end();
  }
}

/** Every acknowledged inbound message is stored once and processed; the outbox is empty. */
export async function expectAllProcessed(databaseUrl: string, acknowledged: string[], timeoutMs = 60_000) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const state = async () =>
      (
        await client.query<{ stored: string; distinct: string; unprocessed: string; unsent: string }>(
          `SELECT count(*) AS stored, count(DISTINCT wamid) AS distinct,
             count(*) FILTER (WHERE processed_at IS NULL) AS unprocessed,
             (SELECT count(*) FROM messages WHERE direction = 'OUTBOUND' AND status IN ('QUEUED', 'SENDING')) AS unsent
           FROM messages WHERE wamid = ANY($1)`,
          [acknowledged],
        )
      ).rows[0]!;
    const settled = await until(state, (s) => Number(s.unprocessed) === 0 && Number(s.unsent) === 0, timeoutMs);
    expect(Number(settled.stored)).toBe(new Set(acknowledged).size);
    expect(Number(settled.distinct)).toBe(new Set(acknowledged).size);
  } finally {
    await client.end();
  }
}
