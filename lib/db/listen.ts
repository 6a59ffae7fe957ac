// One dedicated PostgreSQL connection per process for LISTEN: how processes tell each other
// that something happened (a message was stored for the worker, a message was queued for
// the outbox, a change for the live dashboards). Reconnects by itself; handlers are told
// when it reconnected, so they can catch up on what they may have missed.
import pg from 'pg';
import { env } from '../env';
import { log } from '../log';
import { processSingleton } from '../runtime/singleton';

type Handler = (payload: string) => void;

class Listener {
  private readonly handlers = new Map<string, Set<Handler>>();
  private readonly reconnectHandlers = new Set<() => void>();
  private client: pg.Client | undefined;
  private connecting: Promise<void> | undefined;
  private closed = false;
  private retryDelay = 500;

  async listen(channel: string, handler: Handler): Promise<() => void> {
    if (!/^[a-z_]+$/.test(channel)) throw new Error(`invalid channel name ${channel}`);
    this.closed = false;
    const set = this.handlers.get(channel) ?? new Set();
    const isNew = !this.handlers.has(channel);
    set.add(handler);
    this.handlers.set(channel, set);
    if (!this.client && !this.connecting) {
      this.connecting = this.connect().finally(() => {
        this.connecting = undefined;
      });
      await this.connecting.catch((error) => {
        log.warn('listen connection failed', { error });
        this.scheduleReconnect();
      });
    } else if (this.connecting) {
      // The connection being opened LISTENs on every channel known when it is ready.
      await this.connecting.catch(() => {});
      if (this.client && isNew) await this.client.query(`LISTEN "${channel}"`).catch(() => {});
    } else if (this.client && isNew) {
      await this.client.query(`LISTEN "${channel}"`);
    }
    return () => set.delete(handler);
  }

  onReconnect(handler: () => void): () => void {
    this.reconnectHandlers.add(handler);
    return () => this.reconnectHandlers.delete(handler);
  }

  async close(): Promise<void> {
    this.closed = true;
    const current = this.client;
    this.client = undefined;
    await current?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    const next = new pg.Client({ connectionString: env().DATABASE_URL });
    next.on('notification', (message) => {
      for (const handler of this.handlers.get(message.channel) ?? []) handler(message.payload ?? '');
    });
    next.on('error', (error) => {
      log.warn('listen connection lost', { error });
      if (this.client === next) this.client = undefined;
      next.end().catch(() => {});
      this.scheduleReconnect();
    });
    await next.connect();
    for (const channel of this.handlers.keys()) await next.query(`LISTEN "${channel}"`);
    if (this.closed) {
      await next.end().catch(() => {});
      return;
    }
    this.client = next;
    this.retryDelay = 500;
    for (const handler of this.reconnectHandlers) handler();
  }

  private scheduleReconnect() {
    if (this.closed || this.connecting) return;
    const delay = this.retryDelay;
    this.retryDelay = Math.min(this.retryDelay * 2, 30_000);
    const attempt = new Promise<void>((resolve) => setTimeout(resolve, delay).unref()).then(() => this.connect());
    this.connecting = attempt;
    attempt.then(
      () => {
        if (this.connecting === attempt) this.connecting = undefined;
      },
      (error) => {
        log.warn('listen connection failed', { error });
        if (this.connecting === attempt) this.connecting = undefined;
        this.scheduleReconnect();
      },
    );
  }
}

// One LISTEN connection per process, whichever bundle (the dashboard's event stream, the
// worker started from instrumentation.ts) asks first.
const listener = () => processSingleton('db.listen', () => new Listener());

/** Calls `handler` for every NOTIFY on `channel` (channel names are our own constants). */
export function listen(channel: string, handler: Handler): Promise<() => void> {
  return listener().listen(channel, handler);
}

/** Called after the listen connection was (re-)established: notifications may have been missed. */
export function onReconnect(handler: () => void): () => void {
  return listener().onReconnect(handler);
}

export function closeListener(): Promise<void> {
  return listener().close();
}
