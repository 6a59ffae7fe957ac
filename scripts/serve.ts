// npm run dev / npm start
// Starts the app. Without DATABASE_URL it first starts the embedded PostgreSQL (data in
// .data/pglite, or EMBEDDED_DB_DIR) and, when no webhook secret is configured, generates
// local ones; with DATABASE_URL it uses that database. Either way the migrations are
// applied before anything else starts.
//
// Then it runs two child processes and keeps them running: the web server (Next.js behind
// scripts/web.ts, with WORKER=off: it stores and acknowledges, nothing more) and a worker (scripts/worker.ts:
// the agent, the outbox, the sweeps and the clocks), both on the same database. Either is
// started again when it dies (after 1 s, doubling up to 30 s while it keeps dying young);
// SIGTERM or SIGINT stops both, then the sandbox and the embedded database.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import nextEnv from '@next/env';
import { ConfigError, appNodeOptions, parseEnv } from '../lib/env';
import { migrate } from '../lib/db/migrations';
import { Sandbox } from '../dev/sandbox/server';
import { redeliveryFromEnv } from '../dev/sandbox/webhooks';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './lib/embedded-postgres';
import { DATA_DIR, DEV_SECRETS_FILE, ROOT, SANDBOX_STATE_FILE, devSecrets, writeSandboxState } from './lib/local-config';
import { webEntry } from './lib/web-bundle';

const mode = process.argv[2];
if (mode !== 'dev' && mode !== 'start') {
  console.error('usage: tsx scripts/serve.ts dev|start');
  process.exit(2);
}
process.env.NEXT_TELEMETRY_DISABLED = '1';
nextEnv.loadEnvConfig(ROOT, mode === 'dev');

const require = createRequire(import.meta.url);
const nextBin = require.resolve('next/dist/bin/next');

let embedded: EmbeddedPostgres | undefined;
let sandbox: Sandbox | undefined;

async function main() {
  if (!process.env.DATABASE_URL) {
    const dataDir = path.resolve(ROOT, process.env.EMBEDDED_DB_DIR ?? path.join(DATA_DIR, 'pglite'));
    embedded = await startEmbeddedPostgres({
      dataDir,
      port: process.env.EMBEDDED_DB_PORT ? Number(process.env.EMBEDDED_DB_PORT) : 0,
    });
    process.env.DATABASE_URL = embedded.url;
    // Tells the app it runs on the embedded database (one instance; see lib/live/events.ts).
    process.env.EMBEDDED_DATABASE = '1';
    console.log(`Embedded PostgreSQL (PGlite) on ${embedded.url.replace(/\?.*$/, '')}, data in ${path.relative(ROOT, dataDir)}`);
    if (!process.env.WHATSAPP_WEBHOOK_SECRET && !process.env.WHATSAPP_APP_SECRET) {
      const { WHATSAPP_WEBHOOK_SECRET, WHATSAPP_VERIFY_TOKEN } = devSecrets();
      Object.assign(process.env, { WHATSAPP_WEBHOOK_SECRET, WHATSAPP_VERIFY_TOKEN, ...pick(process.env, 'WHATSAPP_VERIFY_TOKEN') });
      console.log(`Local webhook secret and verify token: ${path.relative(ROOT, DEV_SECRETS_FILE)} (npm run webhook:send uses them)`);
    }
  }

  // Local runs get a session secret of their own; production must configure one.
  if (!process.env.NEXTAUTH_SECRET && (mode === 'dev' || embedded)) process.env.NEXTAUTH_SECRET = devSecrets().NEXTAUTH_SECRET;
  // And a Web Push key pair of their own (both or neither, as configured).
  if (!process.env.VAPID_PUBLIC_KEY && !process.env.VAPID_PRIVATE_KEY && (mode === 'dev' || embedded)) {
    const { VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY } = devSecrets();
    Object.assign(process.env, { VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY });
  }
  process.env.NEXTAUTH_URL ??= `http://localhost:${process.env.PORT ?? 3000}`;

  // No 360Dialog account configured: play 360Dialog locally so the whole loop works.
  const embeddedDefault = embedded !== undefined;
  if (!process.env.THREESIXTY_DIALOG_API_KEY && (mode === 'dev' || embeddedDefault)) {
    const appPort = process.env.PORT ?? '3000';
    const secret = process.env.WHATSAPP_WEBHOOK_SECRET;
    sandbox = await startSandbox(Number(process.env.SANDBOX_PORT ?? 4545), {
      url: `http://127.0.0.1:${appPort}/webhook/whatsapp`,
      headers: secret ? { 'X-Webhook-Secret': secret } : {},
    });
    writeSandboxState(sandbox.url);
    process.env.THREESIXTY_DIALOG_BASE_URL = sandbox.url;
    process.env.THREESIXTY_DIALOG_API_KEY = sandbox.apiKey;
    console.log(`360Dialog sandbox on ${sandbox.url} (no THREESIXTY_DIALOG_API_KEY set): candidates write with \`npm run sandbox:inbound -- --text "Hoi"\``);
  }

  let config;
  try {
    config = parseEnv(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`\n${error.message}\n\nSee .env.example for every variable.\n`);
      return shutdown(1);
    }
    throw error;
  }

  const result = await migrate(config.DATABASE_URL, { log: (line) => console.log(`migrate: ${line}`) });
  console.log(`Database ready (${result.applied.length} migration(s) applied, ${result.alreadyApplied.length} already there)`);
  if (embedded) await seedDemoAccount(config.PORT);

  if (mode === 'start' && !existsSync(path.join(ROOT, process.env.NEXT_DIST_DIR ?? '.next', 'BUILD_ID'))) {
    console.log('No production build yet: running next build…');
    const build = spawnSync(process.execPath, [nextBin, 'build'], { cwd: ROOT, stdio: 'inherit', env: process.env });
    if (build.status !== 0) return shutdown(build.status ?? 1);
  }

  // The production processes get a heap limit (not the build, nor the dev server's compiler).
  const nodeOptions = mode === 'start' ? appNodeOptions(config.APP_MAX_HEAP_MB, process.env.NODE_OPTIONS) : process.env.NODE_OPTIONS;
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: process.env.NODE_ENV ?? (mode === 'start' ? 'production' : 'development'),
    ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
  };
  children.push(
    // Next.js behind a small server of ours (scripts/web.ts), which tells the app the
    // client's address from the socket (and TRUSTED_PROXY_HOPS).
    // In production bundled into plain JavaScript beside the build (scripts/lib/web-bundle.ts).
    new Supervised(
      'web',
      [...(mode === 'start' ? [webEntry()] : ['--import', 'tsx', path.join(ROOT, 'scripts', 'web.ts')]), mode as string, '--port', String(config.PORT)],
      { ...childEnv, WORKER: 'off' },
    ),
    // tsx as a loader, not its CLI (which would run the worker in a grandchild of ours).
    new Supervised('worker', ['--import', 'tsx', path.join(ROOT, 'scripts', 'worker.ts')], childEnv),
  );
  for (const child of children) child.start();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => void stopAll(signal));
  }
}

const children: Supervised[] = [];
let stopping = false;

/** A child process that is started again whenever it dies, until we stop. */
class Supervised {
  private child: ChildProcess | undefined;
  private startedAt = 0;
  private starts = 0;
  private backoffMs = 1000;
  private exited: Promise<void> = Promise.resolve();

  constructor(
    private readonly name: string,
    private readonly args: string[],
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  start(): void {
    if (stopping) return;
    this.starts += 1;
    this.startedAt = Date.now();
    const child = spawn(process.execPath, this.args, { cwd: ROOT, stdio: 'inherit', env: this.env });
    this.child = child;
    console.log(`${this.name}: pid ${child.pid}${this.starts > 1 ? ` (restart ${this.starts - 1})` : ''}`);
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        resolve();
        this.onExit(child.pid, code, signal);
      }),
    );
  }

  private onExit(pid: number | undefined, code: number | null, signal: NodeJS.Signals | null) {
    this.child = undefined;
    if (stopping) return;
    const ranMs = Date.now() - this.startedAt;
    // Failing on its first start with an exit code is a configuration or port problem, not a crash.
    if (this.starts === 1 && signal === null && ranMs < 10_000) {
      console.error(`${this.name} exited with code ${code} while starting: stopping`);
      void stopAll('SIGTERM', code ?? 1);
      return;
    }
    // Up for a while: a short backoff again; dying young: longer each time.
    if (ranMs > 30_000) this.backoffMs = 1000;
    console.error(`${this.name} (pid ${pid}) died (${signal ?? `code ${code}`}); starting it again in ${this.backoffMs / 1000} s`);
    setTimeout(() => this.start(), this.backoffMs);
    this.backoffMs = Math.min(this.backoffMs * 2, 30_000);
  }

  /** Sends `signal`, and SIGKILL after `graceMs`; resolves when it has exited. */
  async stop(signal: NodeJS.Signals, graceMs = 15_000): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

async function stopAll(signal: NodeJS.Signals, code = 0) {
  if (stopping) return;
  stopping = true;
  await Promise.all(children.map((child) => child.stop(signal)));
  await shutdown(code);
}

/** The embedded default comes with one admin account, so the dashboard can be tried at once. */
async function seedDemoAccount(port: number) {
  const email = 'demo@example.com';
  const { DEMO_PASSWORD } = devSecrets();
  const { db } = await import('../lib/db/client');
  if (!(await db().user.findUnique({ where: { email } }))) {
    const { createUser } = await import('../lib/auth/users');
    await createUser({ email, name: 'Demo Recruiter', role: 'ADMIN', password: `demo-${DEMO_PASSWORD}` });
  }
  await db().$disconnect();
  console.log(`Dashboard: http://localhost:${port}  (demo account: ${email} / demo-${DEMO_PASSWORD})`);
}

/** The sandbox on its usual port, or on any free one when that is taken. */
async function startSandbox(port: number, webhook: { url: string; headers: Record<string, string> }): Promise<Sandbox> {
  // Failed deliveries (the dev server still compiling the route, restarting) are delivered again.
  const options = { webhook, redelivery: redeliveryFromEnv(process.env), log: (line: string) => console.log(`sandbox: ${line}`) };
  try {
    return await new Sandbox({ port, ...options }).start();
  } catch {
    return new Sandbox({ ...options, port: 0 }).start();
  }
}

function pick(source: NodeJS.ProcessEnv, key: string): Record<string, string> {
  return source[key] ? { [key]: source[key] } : {};
}

async function shutdown(code: number) {
  if (sandbox) {
    rmSync(SANDBOX_STATE_FILE, { force: true });
    await sandbox.stop();
  }
  await embedded?.stop();
  process.exit(code);
}

main().catch(async (error) => {
  console.error(error instanceof Error ? error.message : error);
  await shutdown(1);
});
