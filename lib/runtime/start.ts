// What a server instance does once at start (called from instrumentation.ts).
import { ScreeningConfigError, loadScreeningConfig } from '../agent/config';
import { sendNudges } from '../agent/nudge';
import { runAgentFor } from '../agent/run';
import { ConfigError, env } from '../env';
import { onInboundMessage, sweepUnprocessedInbound } from '../ingest/processing';
import { log } from '../log';
import { wakeOutbox } from '../outbox/queue';
import { dispatcherFromEnv } from '../outbox/dispatcher';
import { listen } from '../db/listen';
import { purgeResolved } from '../privacy/candidates';
import { limiters } from '../http/rate-limit';

let started = false;

/** Runs `job` every `ms`, never two at once; a failure is logged and the next run comes as usual. */
function repeat(name: string, ms: number, job: () => Promise<unknown>): void {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await job();
    } catch (error) {
      log.warn(`${name} failed`, { error });
    } finally {
      running = false;
    }
  }, ms);
  timer.unref();
}

export function startBackgroundWork(): void {
  if (started) return;
  started = true;
  let config;
  try {
    config = env();
    loadScreeningConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`\n${error.message}\n\nSee .env.example for every variable.\n`);
      process.exit(1);
    }
    if (error instanceof ScreeningConfigError) {
      console.error(`\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  // The screening agent answers every inbound message of conversations in bot mode.
  onInboundMessage((message) => runAgentFor(message));
  if (config.INBOUND_SWEEP_INTERVAL_SECONDS > 0) {
    repeat('inbound sweep', config.INBOUND_SWEEP_INTERVAL_SECONDS * 1000, () => sweepUnprocessedInbound(config.INBOUND_SWEEP_AFTER_SECONDS));
  }
  if (config.SCREENING_NUDGE_AFTER > 0) {
    // A conversation is nudged under its lock and marked, so instances may overlap.
    repeat('screening reminders', 60_000, () => sendNudges(config.SCREENING_NUDGE_AFTER));
  }
  if (!config.OUTBOX_DISPATCHER) {
    log.info('outbox dispatcher off in this instance (OUTBOX_DISPATCHER=off)');
  } else if (!config.THREESIXTY_DIALOG_API_KEY) {
    log.warn('THREESIXTY_DIALOG_API_KEY is not set: outbound messages stay queued until it is');
  } else {
    dispatcherFromEnv().start();
    // Messages queued by another instance wake this one too.
    void listen('outbox', () => wakeOutbox());
  }
  if (config.RETENTION_DAYS > 0) {
    // Hourly, on every instance; erasing is idempotent, so instances may overlap.
    const purge = () =>
      purgeResolved(config.RETENTION_DAYS)
        .then((count) => count > 0 && log.info('retention: candidates deleted', { count, days: config.RETENTION_DAYS }))
        .catch((error) => log.warn('retention job failed', { error }));
    setTimeout(purge, 30_000).unref();
    setInterval(purge, 3600_000).unref();
  }
  const rateLimitStore = limiters().kind;
  if (rateLimitStore === 'memory' && process.env.NODE_ENV === 'production' && config.DATABASE_URL && !process.env.EMBEDDED_DB_DIR) {
    log.warn('rate limits are kept in this process\'s memory: with several instances set REDIS_URL or UPSTASH_REDIS_REST_URL');
  }
  log.info('server started', {
    rateLimitStore,
    webhookAuth: [config.WHATSAPP_WEBHOOK_SECRET && 'shared secret', config.WHATSAPP_APP_SECRET && 'hmac']
      .filter(Boolean)
      .join(' + '),
    whatsappApi: config.THREESIXTY_DIALOG_BASE_URL,
    verificationHandshake: config.WHATSAPP_VERIFY_TOKEN ? 'enabled' : 'disabled (WHATSAPP_VERIFY_TOKEN not set)',
  });
}
