// npm run bench
// Measures what users feel on a production build against the real PostgreSQL
// (127.0.0.1:5432, or BENCH_POSTGRES_URL): webhook ingest at increasing rates (sustained
// messages/s, p50/p99 latency, loss and duplicates) against a bare Next.js response, and the
// app's peak memory. Prints a table, writes test-results/bench.json and BENCHMARKS.md.
// Measurements, not tests: it never fails on a slow figure.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { migrate } from '../lib/migrations';
import { Sandbox } from '../lib/sandbox/server';
import { cloudPayload, exampleContact } from '../lib/whatsapp/examples';
import { signBody } from '../lib/whatsapp/webhook-auth';

const ROOT = path.resolve(import.meta.dirname, '..');
const DIST = '.next-bench';
const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const RATES = (process.env.BENCH_RATES ?? '250,500,1000,1500').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const SECRET = randomBytes(18).toString('base64url');
const APP_SECRET = randomBytes(18).toString('base64url');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** The app's own process and its children (next start runs the server in a child). */
function treeRss(pid: number): number {
  const children = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map(Number);
  return rssMb(pid) + children.reduce((sum, child) => sum + treeRss(child), 0);
}

async function main() {
  console.log('Building the app (production)…');
  const build = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/next/dist/bin/next'), 'build'], {
    cwd: ROOT,
    env: { ...process.env, NEXT_DIST_DIR: DIST, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: 'ignore',
  });
  if (build.status !== 0) throw new Error('next build failed');

  const database = `wa_bench_${Date.now().toString(36)}`;
  await admin(`CREATE DATABASE "${database}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  await migrate(url.toString());
  const sandbox = await new Sandbox({ apiKey: 'bench-key' }).start();
  const port = await freePort();
  const app = spawn(process.execPath, [path.join(ROOT, 'node_modules/next/dist/bin/next'), 'start', '--port', String(port)], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_DIST_DIR: DIST,
      NEXT_TELEMETRY_DISABLED: '1',
      DATABASE_URL: url.toString(),
      DATABASE_POOL_SIZE: '20',
      WHATSAPP_WEBHOOK_SECRET: SECRET,
      WHATSAPP_APP_SECRET: APP_SECRET,
      NEXTAUTH_SECRET: randomBytes(24).toString('base64url'),
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      THREESIXTY_DIALOG_BASE_URL: sandbox.url,
      THREESIXTY_DIALOG_API_KEY: sandbox.apiKey,
      LOG_LEVEL: 'error',
    },
    stdio: 'ignore',
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 150; i++) {
    if ((await fetch(`${base}/api/health`).then((r) => r.status, () => 0)) === 200) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  // BENCH_STATUS_WEBHOOKS=0: the sandbox sends no status webhooks back (ingest without that load).
  if (process.env.BENCH_STATUS_WEBHOOKS !== '0') {
    sandbox.webhook = { url: `${base}/webhook/whatsapp`, headers: { 'X-Webhook-Secret': SECRET }, appSecret: APP_SECRET };
  }

  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, treeRss(app.pid!))), 200);

  // The bare Next.js response: the verification handshake refused (no database, no work).
  const bare = await autocannon({ url: `${base}/webhook/whatsapp`, connections: 50, duration: SECONDS });

  const steps = [];
  let sequence = 0;
  const db = new pg.Client({ connectionString: url.toString() });
  await db.connect();
  for (const rate of RATES) {
    const prefix = `bench${rate}x${randomBytes(3).toString('hex')}`;
    const result = await autocannon({
      url: `${base}/webhook/whatsapp`,
      connections: Math.min(200, Math.max(50, rate / 5)),
      overallRate: rate,
      duration: SECONDS,
      requests: [
        {
          method: 'POST',
          setupRequest: (request: any) => {
            sequence += 1;
            const from = `316${String(10_000_000 + sequence).slice(-8)}`;
            const body = JSON.stringify(
              cloudPayload({
                contacts: [exampleContact({ from })],
                messages: [{ from, id: `wamid.${prefix}.${sequence}`, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: 'Hoi, ik zoek werk als kapper' } }],
              }),
            );
            return {
              ...request,
              body,
              headers: { 'content-type': 'application/json', 'x-webhook-secret': SECRET, 'x-hub-signature-256': `sha256=${signBody(body, APP_SECRET)}` },
            };
          },
        },
      ],
    });
    const acknowledged = result['2xx'];
    const { rows } = await db.query<{ stored: string; distinct: string }>(
      'SELECT count(*) AS stored, count(DISTINCT wamid) AS distinct FROM messages WHERE wamid LIKE $1',
      [`wamid.${prefix}.%`],
    );
    steps.push({
      offeredPerSecond: rate,
      sustainedPerSecond: Math.round(acknowledged / SECONDS),
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      non2xx: result.non2xx,
      errors: result.errors + result.timeouts,
      acknowledged,
      stored: Number(rows[0]!.stored),
      duplicates: Number(rows[0]!.stored) - Number(rows[0]!.distinct),
      lost: Math.max(0, acknowledged - Number(rows[0]!.distinct)),
    });
    await new Promise((resolve) => setTimeout(resolve, 3000)); // let the agent's work after the ack settle
  }
  clearInterval(sampler);
  await db.end();
  app.kill('SIGTERM');
  await sandbox.stop();
  await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);

  const results = {
    when: new Date().toISOString(),
    machine: `${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    command: 'npm run bench',
    secondsPerStep: SECONDS,
    bareNextJs: { requestsPerSecond: Math.round(bare.requests.average), p50Ms: bare.latency.p50, p99Ms: bare.latency.p99 },
    ingest: steps,
    peakRssMb: Math.round(peakRss),
  };
  mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
  writeFileSync(path.join(ROOT, 'test-results', 'bench.json'), `${JSON.stringify(results, null, 2)}\n`);
  const best = steps.filter((s) => s.lost === 0 && s.duplicates === 0 && s.non2xx === 0).at(-1);
  const table = [
    '| offered msg/s | sustained msg/s | p50 ms | p99 ms | non-2xx | errors | lost | duplicates |',
    '|---|---|---|---|---|---|---|---|',
    ...steps.map((s) => `| ${s.offeredPerSecond} | ${s.sustainedPerSecond} | ${s.p50Ms} | ${s.p99Ms} | ${s.non2xx} | ${s.errors} | ${s.lost} | ${s.duplicates} |`),
  ].join('\n');
  const markdown = `# Benchmarks

Measured with \`${results.command}\` on ${results.when.slice(0, 10)}: ${results.machine}; PostgreSQL on 127.0.0.1:5432;
a production build (\`next build\` + \`next start\`), one instance, the screening agent answering every message
through the local 360Dialog sandbox. Each step posts distinct, authenticated Cloud API messages for ${SECONDS} s.

## Webhook ingest

${table}

A bare Next.js response on the same machine (the refused verification handshake: no database):
${results.bareNextJs.requestsPerSecond} requests/s, p50 ${results.bareNextJs.p50Ms} ms, p99 ${results.bareNextJs.p99Ms} ms.
Highest step with nothing lost, duplicated or refused: ${best ? `${best.sustainedPerSecond} messages/s` : 'none'}${best ? ` (${Math.round((best.sustainedPerSecond / results.bareNextJs.requestsPerSecond) * 100)} % of the bare route's rate)` : ''}.

Peak memory of the app (all its processes) during the run: ${results.peakRssMb} MB.

Not measured yet: live latency to the dashboard, the agent's round trip, the dashboard at
100,000 conversations and 1,000,000 messages, and the cost estimate at that size.
`;
  writeFileSync(path.join(ROOT, 'BENCHMARKS.md'), markdown);
  console.log(markdown);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
