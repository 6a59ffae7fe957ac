// The composition root of a web process (the Next.js server: webhook, dashboard, API, live
// events), called once from instrumentation.ts. The web process stores and acknowledges on
// its own; what follows an acknowledgement reaches a worker through the database (the
// webhook's NOTIFY on 'inbound', the outbox's on 'outbox'). With WORKER=on (the default of a
// bare `next start`) this process runs a worker too; `npm start` and `npm run dev` run the
// web server with WORKER=off and a worker process beside it (scripts/serve.ts).
import { limiters } from '../http/rate-limit';
import { log } from '../log';
import { configOrExit } from './config';
import type { RunningWorker } from './worker';

let started: Promise<RunningWorker | undefined> | undefined;

export function startWeb(): Promise<RunningWorker | undefined> {
  started ??= start();
  return started;
}

async function start(): Promise<RunningWorker | undefined> {
  const config = configOrExit();
  const rateLimitStore = limiters().kind;
  if (rateLimitStore === 'memory' && process.env.NODE_ENV === 'production' && config.DATABASE_URL && !process.env.EMBEDDED_DB_DIR) {
    log.warn('rate limits are kept in this process\'s memory: with several instances set REDIS_URL or UPSTASH_REDIS_REST_URL');
  }
  log.info('server started', {
    worker: config.WORKER ? 'in this process (WORKER=on)' : 'separate (WORKER=off)',
    rateLimitStore,
    webhookAuth: [config.WHATSAPP_WEBHOOK_SECRET && 'shared secret', config.WHATSAPP_APP_SECRET && 'hmac']
      .filter(Boolean)
      .join(' + '),
    whatsappApi: config.THREESIXTY_DIALOG_BASE_URL,
    verificationHandshake: config.WHATSAPP_VERIFY_TOKEN ? 'enabled' : 'disabled (WHATSAPP_VERIFY_TOKEN not set)',
  });
  if (!config.WORKER) return undefined;
  const { startWorker } = await import('./worker');
  return startWorker(config, { inline: true });
}
