// npm run worker
// Runs a worker on its own (lib/runtime/worker.ts): the screening agent's turns for inbound
// messages, the outbox dispatcher, the inbound sweep, screening reminders, the retention
// purge and the cost roll-up. Any number may run against one database. `npm start` and
// `npm run dev` run one beside the web server (scripts/serve.ts); for a fleet, run the web
// instances with WORKER=off and as many of these as the agent needs.
//
// On SIGTERM/SIGINT it stops claiming work, lets the turns and sends in flight finish (at
// most STOP_GRACE_MS) and exits; killed outright, its leases run out and others take over.
import os from 'node:os';
import nextEnv from '@next/env';
import { ROOT, runningEmbeddedDatabaseUrl } from './lib/local-config';

nextEnv.loadEnvConfig(ROOT);
if (!process.env.DATABASE_URL) {
  // Beside `npm run dev` / `npm start` on the embedded database: that one.
  const embedded = runningEmbeddedDatabaseUrl();
  if (embedded) Object.assign(process.env, { DATABASE_URL: embedded, EMBEDDED_DATABASE: '1' });
}

const STOP_GRACE_MS = 10_000;

const { configOrExit } = await import('../lib/runtime/config');
const { startWorker } = await import('../lib/runtime/worker');
const { closeListener } = await import('../lib/db/listen');
const { closeDatabase } = await import('../lib/db/client');
const { log } = await import('../lib/log');

const config = configOrExit();
// On a machine it shares with the web server, storing and acknowledging webhooks comes first:
// the worker's CPU priority is lowered (nice), and it catches up in the time the web leaves.
if (config.WORKER_NICE > 0) {
  try {
    os.setPriority(0, Math.min(19, os.getPriority(0) + config.WORKER_NICE));
  } catch (error) {
    log.warn('could not lower the worker\'s CPU priority', { error });
  }
}
const worker = startWorker(config);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info('worker stopping', { signal });
  const grace = setTimeout(() => {
    log.warn('worker stopped with work in flight (its leases run out; another run takes it over)');
    process.exit(0);
  }, STOP_GRACE_MS);
  await worker.stop();
  clearTimeout(grace);
  await closeListener();
  await closeDatabase();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
