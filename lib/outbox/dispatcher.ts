// Sends what the outbox holds. Each worker runs one dispatcher (lib/runtime/worker.ts); any
// number can run against the same database. It runs when woken (the worker queued replies
// itself, or a message was queued anywhere and PostgreSQL's NOTIFY on 'outbox' said so) and
// every poll interval (retries that came due, leases that expired).
import { env, type Env } from '../env';
import { log } from '../log';
import { claimDue, recordAccepted, recordFailure, type ClaimedMessage } from './queue';
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

export class OutboxDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;

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
    const claimed = await claimDue(this.options.batchSize ?? 50, this.options.leaseSeconds);
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
    try {
      const payload = this.options.callbackData === false ? message.payload : { ...message.payload, biz_opaque_callback_data: message.id };
      const { wamid } = await this.options.client.sendMessage(payload);
      await recordAccepted(message.id, wamid);
      return 'sent';
    } catch (caught) {
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
