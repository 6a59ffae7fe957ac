// The composition root of a worker: everything that happens after a webhook was
// acknowledged, or on a clock. It builds the parts and hands each what it needs:
//
//  - inbound work: the screening agent's turn for every stored inbound message, claimed
//    from the database when the webhook's NOTIFY on 'inbound' arrives (InboundWorker: oldest
//    first, INBOUND_CONCURRENCY at a time, under leases, so any number of workers share it);
//  - the outbox dispatcher: woken by the agent's own replies directly and by NOTIFY on
//    'outbox' for messages queued elsewhere (recruiters' replies in the web process);
//  - periodic jobs, each run by one worker at a time (a PostgreSQL advisory lock, taken with
//    pg_try_advisory_lock: a worker that finds it taken skips that round): the inbound sweep
//    (the safety net for messages nobody was told about or whose run died), screening
//    reminders, the retention purge, the cost roll-up refresh, the warnings about closing
//    24-hour windows and Web Push for notifications nobody saw in an open dashboard.
//
// `npm run worker` (scripts/worker.ts) runs one as a process of its own; with WORKER=on the
// Next.js server runs one too (lib/runtime/web.ts). Killed at any moment, a worker loses
// nothing: an unfinished turn leaves its lease to run out and is done again (the agent's
// cursor answers a message once), an unfinished send is claimed again after its lease.
import { runAgentFor } from '../agent/run';
import { sendNudges } from '../agent/nudge';
import { refreshCostRollups } from '../costs/rollup';
import { loadPricing } from '../costs/settings';
import { pool } from '../db/client';
import { listen, onReconnect } from '../db/listen';
import type { Env } from '../env';
import { INBOUND_CHANNEL, InboundWorker, sweepUnprocessedInbound, type InboundHandler } from '../ingest/processing';
import { log } from '../log';
import { OutboxDispatcher, dispatcherFromEnv } from '../outbox/dispatcher';
import { OUTBOX_CHANNEL } from '../outbox/queue';
import { pushDueNotifications, pushEnabled } from '../notifications/push';
import { warnClosingWindows } from '../notifications/window-closing';
import { purgeExpired } from '../privacy/candidates';

export interface RunningWorker {
  inbound: InboundWorker;
  dispatcher: OutboxDispatcher | undefined;
  /** Stops claiming and the clocks; resolves when the turns and sends in flight are done. */
  stop(): Promise<void>;
}

export interface WorkerOptions {
  /** Runs inside the web server (WORKER=on): inbound work yields to a burst of webhooks. */
  inline?: boolean;
}

// The embedded database (PGlite behind a socket) does not pass NOTIFY from one connection to
// another, so there a worker looks for work this often instead.
const EMBEDDED_POLL_MS = 250;

/**
 * Runs `job` under the advisory lock named `name`, unless another worker holds it (then
 * returns false at once). The lock belongs to a connection held for the job's length: a
 * worker that dies releases it with its connection.
 */
export async function exclusively(name: string, job: () => Promise<unknown>): Promise<boolean> {
  const key = `worker:${name}`;
  const client = await pool().connect();
  let broken = false;
  try {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [key]).catch((error) => {
      broken = true;
      throw error;
    });
    if (!rows[0]?.locked) return false;
    try {
      await job();
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch(() => (broken = true));
    }
    return true;
  } finally {
    // A connection whose unlock failed is closed, which releases the lock.
    client.release(broken);
  }
}

export function startWorker(config: Env, options: WorkerOptions = {}): RunningWorker {
  const embedded = process.env.EMBEDDED_DATABASE === '1';
  const timers: NodeJS.Timeout[] = [];
  const unsubscribe: (() => void)[] = [];

  let dispatcher: OutboxDispatcher | undefined;
  if (!config.OUTBOX_DISPATCHER) {
    log.info('outbox dispatcher off in this worker (OUTBOX_DISPATCHER=off)');
  } else if (!config.THREESIXTY_DIALOG_API_KEY) {
    log.warn('THREESIXTY_DIALOG_API_KEY is not set: outbound messages stay queued until it is');
  } else {
    dispatcher = dispatcherFromEnv(config, embedded ? { pollIntervalMs: Math.min(config.OUTBOX_POLL_INTERVAL_MS, EMBEDDED_POLL_MS) } : {}).start();
  }
  const wakeOutbox = () => dispatcher?.wake();

  // The screening agent answers every inbound message of conversations in bot mode; what it
  // queued is sent at once by this worker's dispatcher.
  const answer: InboundHandler = async (message) => {
    if ((await runAgentFor(message)) > 0) wakeOutbox();
  };
  const inbound = new InboundWorker({
    handler: answer,
    concurrency: config.INBOUND_CONCURRENCY,
    leaseSeconds: config.INBOUND_LEASE_SECONDS,
    paced: options.inline === true,
  });

  const subscribe = (channel: string, handler: (payload: string) => void) =>
    listen(channel, handler).then(
      (stop) => unsubscribe.push(stop),
      (error) => log.warn('listen failed', { channel, error }),
    );
  void subscribe(INBOUND_CHANNEL, () => inbound.wake(true));
  void subscribe(OUTBOX_CHANNEL, () => wakeOutbox());
  // Notifications sent while the connection was down are lost: look for work.
  unsubscribe.push(
    onReconnect(() => {
      inbound.wake();
      wakeOutbox();
    }),
  );
  if (embedded) timers.push(setInterval(() => inbound.wake(), EMBEDDED_POLL_MS));
  // What was stored while no worker ran.
  inbound.wake();

  /** Runs `job` every `ms` (first after `firstMs`), on one worker at a time, never two runs at once here. */
  const every = (name: string, ms: number, job: () => Promise<unknown>, firstMs = ms) => {
    let running = false;
    const run = async () => {
      if (running) return;
      running = true;
      try {
        await exclusively(name, job);
      } catch (error) {
        log.warn(`${name} failed`, { error });
      } finally {
        running = false;
      }
    };
    const first = setTimeout(() => {
      void run();
      const timer = setInterval(run, ms);
      timer.unref();
      timers.push(timer);
    }, firstMs);
    first.unref();
    timers.push(first);
  };

  if (config.INBOUND_SWEEP_INTERVAL_SECONDS > 0) {
    every('inbound sweep', config.INBOUND_SWEEP_INTERVAL_SECONDS * 1000, () =>
      sweepUnprocessedInbound(config.INBOUND_SWEEP_AFTER_SECONDS, answer),
    );
  }
  if (config.SCREENING_NUDGE_AFTER > 0) {
    every('screening reminders', 60_000, async () => {
      if ((await sendNudges(config.SCREENING_NUDGE_AFTER)) > 0) wakeOutbox();
    });
  }
  if (config.RETENTION_DAYS > 0) {
    every(
      'retention',
      3600_000,
      async () => {
        const count = await purgeExpired(config.RETENTION_DAYS);
        if (count > 0) log.info('retention: candidates deleted', { count, days: config.RETENTION_DAYS });
      },
      30_000,
    );
  }
  if (config.COSTS_ROLLUP_INTERVAL_SECONDS > 0) {
    // The month's estimate then finds the roll-up (nearly) up to date, however much came in.
    every('cost roll-up', config.COSTS_ROLLUP_INTERVAL_SECONDS * 1000, async () => {
      const pricing = await loadPricing();
      if (pricing.model === 'per_message') await refreshCostRollups(pricing.timeZone);
    });
  }

  // Candidates waiting for a person whose window closes within two hours (once per window).
  every('window warnings', 60_000, () => warnClosingWindows(), 5_000);
  if (pushEnabled(config)) {
    // Looked for at half the delay (1 to 5 s), so a push leaves at most that much after it.
    every('web push', Math.min(5, Math.max(1, config.PUSH_AFTER_SECONDS / 2)) * 1000, () => pushDueNotifications(config));
  } else {
    log.info('web push off in this worker (no VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY)');
  }

  log.info('worker started', {
    inline: options.inline === true,
    inboundConcurrency: config.INBOUND_CONCURRENCY,
    outbox: dispatcher ? 'sending' : 'off',
    sweepEverySeconds: config.INBOUND_SWEEP_INTERVAL_SECONDS,
    remindersAfterSeconds: config.SCREENING_NUDGE_AFTER,
    retentionDays: config.RETENTION_DAYS,
    costsRollupEverySeconds: config.COSTS_ROLLUP_INTERVAL_SECONDS,
    pushAfterSeconds: pushEnabled(config) ? config.PUSH_AFTER_SECONDS : 'off',
  });

  return {
    inbound,
    dispatcher,
    async stop() {
      for (const timer of timers) clearTimeout(timer);
      for (const stop of unsubscribe) stop();
      await Promise.all([inbound.stop(), dispatcher?.stop()]);
    },
  };
}
