// Sends what the outbox holds. Each worker runs one dispatcher (lib/runtime/worker.ts); any
// number can run against the same database. It runs when woken (the worker queued replies
// itself, or a message was queued anywhere and PostgreSQL's NOTIFY on 'outbox' said so) and
// every poll interval (retries that came due, leases that expired).
import { env, type Env } from '../env';
import { log } from '../log';
import { claimDue, extendLease, recordAccepted, recordFailure, type ClaimedMessage } from './queue';
import { WhatsAppApiError } from '../whatsapp/errors';
import { WhatsAppClient } from '../whatsapp/client';

export interface DispatcherOptions {
  client: WhatsAppClient;
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  leaseSeconds: number;
  pollIntervalMs: number;
  concurrency: number;
  batchSize?: number;
  /**
   * Sends each message's id along as biz_opaque_callback_data (Cloud API), which its status
   * webhooks carry back: a message whose dispatcher died after 360Dialog accepted it is then
   * recognised by its first status and not sent again (lib/statuses/apply.ts). Default on;
   * off for the legacy On-Premise API, which does not know the field.
   */
  callbackData?: boolean;
}

export interface DispatchResult {
  sent: number;
  retrying: number;
  failed: number;
}

/** Exponential backoff with jitter (between half and all of the doubled delay), at least Retry-After. */
export function retryDelay(attempts: number, options: Pick<DispatcherOptions, 'retryBaseMs' | 'retryMaxMs'>, retryAfterMs = 0) {
  const exponential = Math.min(options.retryMaxMs, options.retryBaseMs * 2 ** Math.max(0, attempts - 1));
  const jittered = exponential / 2 + Math.random() * (exponential / 2);
  return Math.max(Math.round(jittered), retryAfterMs);
}

/** How long recording an accepted send waits between attempts: doubling from RECORD_RETRY_BASE_MS up to RECORD_RETRY_MAX_MS. */
const RECORD_RETRY_BASE_MS = 50;
const RECORD_RETRY_MAX_MS = 2000;
/** A stopped dispatcher still tries this many times to record what 360Dialog accepted. */
const RECORD_ATTEMPTS_AFTER_STOP = 5;

export class OutboxDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  /**
   * Messages 360Dialog accepted whose acceptance is not recorded yet (the database failed):
   * this dispatcher never claims them again, even once their lease has run out.
   */
  private readonly unrecorded = new Set<string>();

  constructor(private readonly options: DispatcherOptions) {}

  start(): this {
    if (!this.stopped) return this;
    this.stopped = false;
    this.timer = setInterval(() => this.wake(), this.options.pollIntervalMs);
    this.timer.unref();
    this.wake();
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Runs now, or right after the current run if one is going. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = undefined;
    });
  }

  /** Resolves once nothing is running (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        const result = await this.runOnce();
        // Something was sent: the next message of those conversations may be due now.
        if (result.sent + result.retrying + result.failed > 0) this.again = true;
      } catch (error) {
        log.warn('outbox dispatch failed', { error });
      }
    } while (this.again && !this.stopped);
  }

  /** Claims one batch of due messages and sends them. */
  async runOnce(): Promise<DispatchResult> {
    const claimed = await claimDue(this.options.batchSize ?? 50, this.options.leaseSeconds, [...this.unrecorded]);
    const result: DispatchResult = { sent: 0, retrying: 0, failed: 0 };
    // Claimed rows belong to different conversations, so they may go out in parallel.
    const queue = [...claimed];
    const workers = Array.from({ length: Math.min(this.options.concurrency, queue.length) }, async () => {
      for (let message = queue.shift(); message; message = queue.shift()) {
        const outcome = await this.send(message);
        result[outcome] += 1;
      }
    });
    await Promise.all(workers);
    return result;
  }

  private async send(message: ClaimedMessage): Promise<keyof DispatchResult> {
    let wamid: string;
    try {
      const payload = this.options.callbackData === false ? message.payload : { ...message.payload, biz_opaque_callback_data: message.id };
      ({ wamid } = await this.options.client.sendMessage(payload));
    } catch (caught) {
      return this.failed(message, caught);
    }
    // 360Dialog accepted it: from here on it is never sent again, only its record retried.
    await this.record(message, wamid);
    return 'sent';
  }

  /**
   * Records an accepted send, again and again (with backoff) while the database refuses,
   * extending the lease whenever it can, so that no dispatcher claims the message again
   * meanwhile. Only a dispatcher that was stopped gives up, after a few more attempts: the
   * message's first status webhook then records it (its biz_opaque_callback_data).
   */
  private async record(message: ClaimedMessage, wamid: string): Promise<void> {
    this.unrecorded.add(message.id);
    try {
      for (let attempt = 1, afterStop = 0; ; attempt++) {
        try {
          await recordAccepted(message.id, wamid);
          if (attempt > 1) log.info('accepted send recorded after a database error', { messageId: message.id, attempts: attempt });
          return;
        } catch (error) {
          if (this.stopped && ++afterStop >= RECORD_ATTEMPTS_AFTER_STOP) {
            log.error('accepted send not recorded; its first status webhook will record it', { messageId: message.id, wamid, error });
            return;
          }
          if (attempt === 1) log.warn('accepted send not recorded yet; retrying', { messageId: message.id, error });
          await extendLease(message.id, this.options.leaseSeconds).catch(() => {});
          const delay = Math.min(RECORD_RETRY_MAX_MS, RECORD_RETRY_BASE_MS * 2 ** Math.min(attempt - 1, 16));
          await new Promise((resolve) => setTimeout(resolve, delay / 2 + Math.random() * (delay / 2)));
        }
      }
    } finally {
      this.unrecorded.delete(message.id);
    }
  }

  /** The send failed: another attempt later, or failed for good. */
  private async failed(message: ClaimedMessage, caught: unknown): Promise<keyof DispatchResult> {
    const error =
      caught instanceof WhatsAppApiError
        ? caught
        : new WhatsAppApiError('transient', caught instanceof Error ? caught.message : String(caught));
    const retry = error.retryable && message.attempts < this.options.maxAttempts;
    const retryAt = retry ? new Date(Date.now() + retryDelay(message.attempts, this.options, error.details.retryAfterMs)) : null;
    await recordFailure(message.id, error, retryAt);
    log[retry ? 'info' : 'warn']('outbound message not sent', {
      messageId: message.id,
      attempt: message.attempts,
      category: error.category,
      code: error.details.code,
      retryAt: retryAt?.toISOString(),
    });
    return retry ? 'retrying' : 'failed';
  }
}

/** A dispatcher configured from the environment (OUTBOX_* and the 360Dialog settings). */
export function dispatcherFromEnv(config: Env = env(), overrides: Partial<DispatcherOptions> = {}): OutboxDispatcher {
  return new OutboxDispatcher({
    client: WhatsAppClient.fromEnv(),
    maxAttempts: config.OUTBOX_MAX_ATTEMPTS,
    retryBaseMs: config.OUTBOX_RETRY_BASE_MS,
    retryMaxMs: config.OUTBOX_RETRY_MAX_MS,
    leaseSeconds: config.OUTBOX_LEASE_SECONDS,
    pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
    concurrency: config.OUTBOX_CONCURRENCY,
    callbackData: new URL(config.THREESIXTY_DIALOG_BASE_URL).hostname !== 'waba.360dialog.io',
    ...overrides,
  });
}
