// npm run outbox:dispatch
// Runs an outbox dispatcher as a process of its own (for deployments that keep the web
// instances free of sending; set OUTBOX_DISPATCHER=off on those). Stops on SIGINT/SIGTERM
// after the sends in flight.
import nextEnv from '@next/env';
import { env } from '../lib/env';
import { log } from '../lib/log';
import { wakeOutbox } from '../lib/outbox/queue';
import { dispatcherFromEnv } from '../lib/outbox/dispatcher';
import { closeListener, listen } from '../lib/db/listen';
import { ROOT } from './lib/local-config';

nextEnv.loadEnvConfig(ROOT);
const config = env();
const dispatcher = dispatcherFromEnv().start();
await listen('outbox', () => wakeOutbox());
log.info('outbox dispatcher running', { whatsappApi: config.THREESIXTY_DIALOG_BASE_URL });

const stop = async () => {
  await dispatcher.stop();
  await closeListener();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
