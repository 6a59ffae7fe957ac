// The sandbox's webhook deliveries, made the way 360Dialog makes them: an attempt that gets
// no 2xx answer in time (a timeout, a refused or reset connection, any other status) is
// delivered again, the same body with the same headers and signature, with a growing wait,
// until it gets a 2xx or its budget is spent. Delivery is at-least-once and order is not
// guaranteed: a redelivery may arrive after newer deliveries of the same conversation. What
// the sandbox does keep: one conversation's deliveries waiting for redelivery are retried
// oldest first, and once the oldest gets through the next ones follow right away.
import { createHmac } from 'node:crypto';

export interface RedeliverySettings {
  /** An attempt without an answer in this time has failed (360Dialog: 5 s). */
  timeoutMs: number;
  /** The wait before the first redelivery. */
  firstDelayMs: number;
  /** Each further wait is this many times the one before... */
  factor: number;
  /** ...up to this. */
  maxDelayMs: number;
  /** Attempts in all, the first included, before it gives up (0: no limit). */
  maxAttempts: number;
  /** No attempt later than this after the first (0: no limit; 360Dialog: 7 days). */
  maxAgeMs: number;
}

export const DEFAULT_REDELIVERY: RedeliverySettings = {
  timeoutMs: 5000,
  firstDelayMs: 1000,
  factor: 2,
  maxDelayMs: 30_000,
  maxAttempts: 0,
  maxAgeMs: 7 * 24 * 3600 * 1000,
};

/** Faults on the app's answers: the app receives the delivery, its answer is taken as a timeout. */
export interface WebhookFaults {
  /** The next N answers (any status) count as timed out. */
  webhookFailNext: number;
  /** Share (0..1) of the answers that count as timed out. */
  webhookFailRate: number;
  /** Only deliveries of this conversation (the candidate's number); null: all. */
  webhookFailFor: string | null;
}

export const NO_WEBHOOK_FAULTS: WebhookFaults = { webhookFailNext: 0, webhookFailRate: 0, webhookFailFor: null };

export interface WebhookTarget {
  url: string;
  headers: Record<string, string>;
  appSecret?: string;
}

/** One attempt, as GET /sandbox/webhook-deliveries lists it. */
export interface DeliveryAttempt {
  id: number;
  kind: string;
  conversation: string | null;
  attempt: number;
  /** The app's HTTP status, or why there was none. */
  status: number | string;
  at: string;
}

interface Delivery {
  id: number;
  kind: string;
  conversation: string | null;
  url: string;
  headers: Record<string, string>;
  body: string;
  attempts: number;
  firstAt: number;
  nextAt: number;
  lastStatus: number | string;
}

export interface WaitingDelivery {
  id: number;
  kind: string;
  conversation: string | null;
  attempts: number;
  firstAt: string;
  nextAt: string;
  lastStatus: number | string;
}

export interface AbandonedDelivery {
  id: number;
  kind: string;
  conversation: string | null;
  attempts: number;
  firstAt: string;
  lastStatus: number | string;
  reason: string;
}

export class WebhookSender {
  readonly attempts: DeliveryAttempt[] = [];
  readonly abandoned: AbandonedDelivery[] = [];
  settings: RedeliverySettings;
  /** Per conversation, the deliveries waiting for redelivery, oldest first. */
  private readonly queues = new Map<string, Delivery[]>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private nextId = 1;
  private stopped = false;

  constructor(
    settings: Partial<RedeliverySettings>,
    private readonly faults: () => WebhookFaults,
    private readonly log: (line: string) => void,
  ) {
    this.settings = { ...DEFAULT_REDELIVERY, ...settings };
  }

  /** Delivers once now; when that fails, again later. Answers the first attempt's status. */
  async deliver(target: WebhookTarget, kind: string, conversation: string | null, payload: unknown): Promise<number | string> {
    const body = JSON.stringify(payload);
    const signature: Record<string, string> = target.appSecret
      ? { 'x-hub-signature-256': `sha256=${createHmac('sha256', target.appSecret).update(body).digest('hex')}` }
      : {};
    const now = Date.now();
    const delivery: Delivery = {
      id: this.nextId++,
      kind,
      conversation,
      url: target.url,
      headers: { 'content-type': 'application/json', ...target.headers, ...signature },
      body,
      attempts: 0,
      firstAt: now,
      nextAt: now,
      lastStatus: 0,
    };
    if (await this.attempt(delivery)) return delivery.lastStatus;
    this.failed(delivery);
    return delivery.lastStatus;
  }

  /** Records a delivery that had nowhere to go (no webhook configured): not retried. */
  undeliverable(kind: string, conversation: string | null): void {
    this.attempts.push({ id: this.nextId++, kind, conversation, attempt: 1, status: 'no webhook configured', at: new Date().toISOString() });
  }

  waiting(): WaitingDelivery[] {
    return [...this.queues.values()].flat().map((d) => ({
      id: d.id,
      kind: d.kind,
      conversation: d.conversation,
      attempts: d.attempts,
      firstAt: new Date(d.firstAt).toISOString(),
      nextAt: new Date(d.nextAt).toISOString(),
      lastStatus: d.lastStatus,
    }));
  }

  /** Stops redelivering (what waits is dropped: the sandbox keeps everything in memory) and waits for attempts in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.queues.clear();
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async attempt(delivery: Delivery): Promise<boolean> {
    const run = this.post(delivery);
    this.inFlight.add(run);
    try {
      return await run;
    } finally {
      this.inFlight.delete(run);
    }
  }

  private async post(delivery: Delivery): Promise<boolean> {
    delivery.attempts += 1;
    const { timeoutMs } = this.settings;
    let status: number | string;
    let ok = false;
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: delivery.headers,
        body: delivery.body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.arrayBuffer();
      status = response.status;
      ok = status >= 200 && status < 300;
      if (this.faultTakes(delivery)) {
        status = `timeout (fault; the app answered ${status})`;
        ok = false;
      }
    } catch (error) {
      status = describeFailure(error, timeoutMs);
    }
    delivery.lastStatus = status;
    this.attempts.push({
      id: delivery.id,
      kind: delivery.kind,
      conversation: delivery.conversation,
      attempt: delivery.attempts,
      status,
      at: new Date().toISOString(),
    });
    if (ok && delivery.attempts > 1) this.log(`webhook ${delivery.id} (${delivery.kind}) delivered on attempt ${delivery.attempts}`);
    return ok;
  }

  private faultTakes(delivery: Delivery): boolean {
    const faults = this.faults();
    if (faults.webhookFailFor && faults.webhookFailFor.replace(/^\+/, '') !== delivery.conversation) return false;
    if (faults.webhookFailNext > 0) {
      faults.webhookFailNext -= 1;
      return true;
    }
    return faults.webhookFailRate > 0 && Math.random() < faults.webhookFailRate;
  }

  /** A first attempt failed: the delivery joins its conversation's queue. */
  private failed(delivery: Delivery): void {
    if (this.stopped) return;
    const reason = this.budgetSpent(delivery);
    if (reason) return this.giveUp(delivery, reason);
    delivery.nextAt = Date.now() + this.wait(delivery.attempts);
    const key = delivery.conversation ?? `delivery ${delivery.id}`;
    const queue = this.queues.get(key) ?? [];
    queue.push(delivery);
    this.queues.set(key, queue);
    const { maxAttempts } = this.settings;
    this.log(
      `webhook ${delivery.id} (${delivery.kind}) failed: ${delivery.lastStatus}; delivering it again in ${seconds(delivery.nextAt - Date.now())}` +
        (maxAttempts > 0 ? `, up to ${maxAttempts} attempts` : ''),
    );
    if (queue.length === 1) this.schedule(key);
  }

  /** The queue's oldest delivery is attempted at its time. */
  private schedule(key: string): void {
    const head = this.queues.get(key)?.[0];
    if (!head || this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(key);
      void this.redeliver(key);
    }, Math.max(0, head.nextAt - Date.now()));
    this.timers.set(key, timer);
  }

  private async redeliver(key: string): Promise<void> {
    const queue = this.queues.get(key);
    const head = queue?.[0];
    if (!queue || !head || this.stopped) return;
    const late = this.budgetSpent(head, 0);
    if (late) {
      this.dequeue(key, head);
      this.giveUp(head, late);
      return this.schedule(key);
    }
    if (await this.attempt(head)) {
      this.dequeue(key, head);
      // The app answers again: what waited behind it follows now, in order.
      const next = this.queues.get(key)?.[0];
      if (next) next.nextAt = Date.now();
      return this.schedule(key);
    }
    if (this.stopped) return;
    const spent = this.budgetSpent(head);
    if (spent) {
      this.dequeue(key, head);
      this.giveUp(head, spent);
    } else {
      head.nextAt = Date.now() + this.wait(head.attempts);
    }
    this.schedule(key);
  }

  private dequeue(key: string, delivery: Delivery): void {
    const queue = this.queues.get(key) ?? [];
    const rest = queue.filter((d) => d !== delivery);
    if (rest.length > 0) this.queues.set(key, rest);
    else this.queues.delete(key);
  }

  /** The wait after the n-th failed attempt. */
  private wait(attempts: number): number {
    const { firstDelayMs, factor, maxDelayMs } = this.settings;
    return Math.min(maxDelayMs, firstDelayMs * factor ** (attempts - 1));
  }

  /** Why no further attempt is made, if none is. `nextIn`: when the next one would be. */
  private budgetSpent(delivery: Delivery, nextIn = this.wait(delivery.attempts)): string | undefined {
    const { maxAttempts, maxAgeMs } = this.settings;
    if (maxAttempts > 0 && delivery.attempts >= maxAttempts) return `${delivery.attempts} attempts, the most allowed`;
    if (maxAgeMs > 0 && Date.now() + nextIn - delivery.firstAt > maxAgeMs) return `no attempt after ${seconds(maxAgeMs)}`;
    return undefined;
  }

  private giveUp(delivery: Delivery, reason: string): void {
    this.abandoned.push({
      id: delivery.id,
      kind: delivery.kind,
      conversation: delivery.conversation,
      attempts: delivery.attempts,
      firstAt: new Date(delivery.firstAt).toISOString(),
      lastStatus: delivery.lastStatus,
      reason,
    });
    this.log(`webhook ${delivery.id} (${delivery.kind}) given up after ${delivery.attempts} attempt(s) (${reason}); last answer: ${delivery.lastStatus}`);
  }
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `timeout (no answer within ${timeoutMs} ms)`;
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  const why = cause?.code ?? cause?.message;
  if (why) return `${error instanceof Error ? error.message : 'failed'}: ${why}`;
  return error instanceof Error ? error.message : String(error);
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${Math.max(0, Math.round(ms))} ms`;
}

/** The redelivery settings from SANDBOX_* variables (documented in .env.example); a bad value is an error that names it. */
export function redeliveryFromEnv(env: Record<string, string | undefined>): Partial<RedeliverySettings> {
  const settings: Partial<RedeliverySettings> = {};
  const read = (name: string, key: keyof RedeliverySettings, min: number, scale = 1, integer = true) => {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') return;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
      throw new Error(`${name} must be ${integer ? 'a whole number' : 'a number'} of at least ${min}, not "${raw}"`);
    }
    settings[key] = value * scale;
  };
  read('SANDBOX_WEBHOOK_TIMEOUT_MS', 'timeoutMs', 1);
  read('SANDBOX_REDELIVERY_FIRST_MS', 'firstDelayMs', 1);
  read('SANDBOX_REDELIVERY_FACTOR', 'factor', 1, 1, false);
  read('SANDBOX_REDELIVERY_MAX_DELAY_MS', 'maxDelayMs', 1);
  read('SANDBOX_REDELIVERY_MAX_ATTEMPTS', 'maxAttempts', 0);
  read('SANDBOX_REDELIVERY_MAX_HOURS', 'maxAgeMs', 0, 3600 * 1000, false);
  return settings;
}
