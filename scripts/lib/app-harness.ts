// What `npm run bench` and `npm run eval:screening` share to run the real app on their own:
// a production build in a folder of its own, a throwaway PostgreSQL database, `next start`
// instances on free ports with the environment they need, and worker processes.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { appNodeOptions, parseEnv } from '../../lib/env';
import { webEntry } from './web-bundle';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
const NEXT_BIN = path.join(ROOT, 'node_modules/next/dist/bin/next');

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A different client address per request: the per-IP limits of the dashboard API are not what is measured. */
export const someIp = () => `10.${(Math.random() * 255) | 0}.${(Math.random() * 255) | 0}.${(Math.random() * 255) | 0}`;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** `next build` into `distDir` (relative to the checkout). Throws when the build fails. */
export function buildApp(distDir: string, options: { showOutput?: boolean } = {}): void {
  const build = spawnSync(process.execPath, [NEXT_BIN, 'build'], {
    cwd: ROOT,
    env: { ...process.env, NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: options.showOutput ? 'inherit' : 'ignore',
  });
  if (build.status !== 0) throw new Error('next build failed');
}

export interface ScratchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A new, empty database on the server `adminUrl` points at (not migrated). */
export async function createScratchDatabase(adminUrl: string, prefix: string): Promise<ScratchDatabase> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(2).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end().catch(() => {});
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/** A Node child process of the project, its output written to `logFile` (else dropped). */
function spawnLogged(args: string[], env: NodeJS.ProcessEnv, logFile?: string): ChildProcess {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: logFile ? ['ignore', 'pipe', 'pipe'] : 'ignore' });
  if (logFile) {
    const log = createWriteStream(logFile);
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
  }
  return child;
}

export interface StartedApp {
  base: string;
  pid: number;
  process: ChildProcess;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * The web server (`scripts/web.ts start`, Next.js behind it) of the build in `env.NEXT_DIST_DIR` on a free port, with the heap limit `npm start`
 * gives (APP_MAX_HEAP_MB); resolves when /api/health answers 200 (or after 30 s, as the caller
 * finds out soon enough). `logFile`: where the app's output goes (else nowhere).
 */
export async function startNextApp(env: NodeJS.ProcessEnv, options: { logFile?: string } = {}): Promise<StartedApp> {
  const port = await freePort();
  const appEnv: NodeJS.ProcessEnv = { ...env, NEXTAUTH_URL: `http://127.0.0.1:${port}` };
  appEnv.NODE_OPTIONS = appNodeOptions(parseEnv(appEnv).APP_MAX_HEAP_MB, env.NODE_OPTIONS);
  // Through the web server `npm start` runs (scripts/web.ts, bundled): the client address from the socket.
  const child = spawnLogged([webEntry(env.NEXT_DIST_DIR), 'start', '--port', String(port)], appEnv, options.logFile);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 150; i++) {
    if ((await fetch(`${base}/api/health`, { headers: { 'x-forwarded-for': someIp() } }).then((r) => r.status, () => 0)) === 200) break;
    if (child.exitCode !== null) throw new Error(`next start exited with code ${child.exitCode}`);
    await sleep(200);
  }
  const stop = async (graceMs = 10_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  return { base, pid: child.pid!, process: child, stop };
}

export interface StartedWorker {
  pid: number;
  process: ChildProcess;
  /** SIGTERM (it finishes what it is doing), then SIGKILL if it has not exited after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * A worker process (scripts/worker.ts, as `npm run worker` runs it) with the heap limit `npm start`
 * gives its children; it needs no port and is working as soon as it has connected.
 */
export function startWorkerProcess(env: NodeJS.ProcessEnv, options: { logFile?: string } = {}): StartedWorker {
  const workerEnv: NodeJS.ProcessEnv = { ...env, NODE_OPTIONS: appNodeOptions(parseEnv(env).APP_MAX_HEAP_MB, env.NODE_OPTIONS) };
  // tsx as a loader: the worker is this child itself, not a grandchild.
  const child = spawnLogged(['--import', 'tsx', path.join(ROOT, 'scripts', 'worker.ts')], workerEnv, options.logFile);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (graceMs = 10_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  return { pid: child.pid!, process: child, stop };
}

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** CPU time (user + system) a process and its children have used so far, in milliseconds (/proc/<pid>/stat). */
export function cpuMs(pid: number): number {
  let ticks = 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks = Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
  const children = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map(Number);
  return (ticks * 1000) / CLOCK_TICKS + children.reduce((sum, child) => sum + cpuMs(child), 0);
}
