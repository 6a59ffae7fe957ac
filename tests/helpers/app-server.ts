// Starts the real app (a production build) as a child process on a free port and waits
// until /api/health answers: the web server alone (scripts/web.ts: Next.js behind the
// server that tells it the client's address, as in production), or all of `npm start`
// (scripts/serve.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { webEntry } from '../../scripts/lib/web-bundle';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const TEST_DIST_DIR = '.next-test';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface RunningApp {
  url: string;
  port: number;
  output: () => string;
  stop(): Promise<void>;
  /** SIGKILL: no shutdown of any kind, as in a crash. */
  kill(): Promise<void>;
}

export async function startApp(options: {
  env: Record<string, string | undefined>;
  /** 'web' runs scripts/web.ts start (one process, worker inside); 'serve' runs scripts/serve.ts start (embedded default, migrations, web and worker). */
  via?: 'web' | 'serve';
  expectHealth?: number;
  timeoutMs?: number;
}): Promise<RunningApp> {
  const port = await freePort();
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...process.env, ...options.env })) {
    if (value !== undefined) env[key] = value;
  }
  Object.assign(env, { PORT: String(port), NEXT_DIST_DIR: TEST_DIST_DIR, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' });
  env.NEXTAUTH_URL ??= `http://127.0.0.1:${port}`;
  const args =
    options.via === 'serve'
      ? ['--import', 'tsx', 'scripts/serve.ts', 'start']
      : [webEntry(TEST_DIST_DIR), 'start', '--port', String(port)];
  const child: ChildProcess = spawn(process.execPath, args, { cwd: ROOT, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  };
  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  const expected = options.expectHealth ?? 200;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(`${url}/api/health`);
      const kill = async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGKILL');
          await exited;
        }
      };
      if (response.status === expected) return { url, port, output: () => output, stop, kill };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop();
  throw new Error(`the app did not answer /api/health with ${expected} in time:\n${output}`);
}
