// One dedicated PostgreSQL connection per process for LISTEN: how instances tell each
// other that something happened (a message was queued, later: live dashboard events).
// Reconnects by itself; handlers are told when it reconnected, so they can catch up.
import pg from 'pg';
import { env } from '../env';
import { log } from '../log';

type Handler = (payload: string) => void;

const handlers = new Map<string, Set<Handler>>();
const reconnectHandlers = new Set<() => void>();
let client: pg.Client | undefined;
let connecting: Promise<void> | undefined;
let closed = false;
let retryDelay = 500;

async function connect(): Promise<void> {
  const next = new pg.Client({ connectionString: env().DATABASE_URL });
  next.on('notification', (message) => {
    for (const handler of handlers.get(message.channel) ?? []) handler(message.payload ?? '');
  });
  next.on('error', (error) => {
    log.warn('listen connection lost', { error });
    if (client === next) client = undefined;
    next.end().catch(() => {});
    scheduleReconnect();
  });
  await next.connect();
  for (const channel of handlers.keys()) await next.query(`LISTEN "${channel}"`);
  client = next;
  retryDelay = 500;
  for (const handler of reconnectHandlers) handler();
}

function scheduleReconnect() {
  if (closed || connecting) return;
  const delay = retryDelay;
  retryDelay = Math.min(retryDelay * 2, 30_000);
  connecting = new Promise<void>((resolve) => setTimeout(resolve, delay).unref())
    .then(connect)
    .catch((error) => {
      log.warn('listen connection failed', { error });
      connecting = undefined;
      scheduleReconnect();
    })
    .finally(() => {
      connecting = undefined;
    });
}

/** Calls `handler` for every NOTIFY on `channel` (channel names are our own constants). */
export async function listen(channel: string, handler: Handler): Promise<() => void> {
  if (!/^[a-z_]+$/.test(channel)) throw new Error(`invalid channel name ${channel}`);
  closed = false;
  const set = handlers.get(channel) ?? new Set();
  const isNew = !handlers.has(channel);
  set.add(handler);
  handlers.set(channel, set);
  if (!client && !connecting) {
    connecting = connect().finally(() => {
      connecting = undefined;
    });
    await connecting.catch((error) => {
      log.warn('listen connection failed', { error });
      scheduleReconnect();
    });
  } else if (client && isNew) {
    await client.query(`LISTEN "${channel}"`);
  }
  return () => set.delete(handler);
}

/** Called after the listen connection was re-established (notifications may have been missed). */
export function onReconnect(handler: () => void): () => void {
  reconnectHandlers.add(handler);
  return () => reconnectHandlers.delete(handler);
}

export async function closeListener(): Promise<void> {
  closed = true;
  const current = client;
  client = undefined;
  await current?.end().catch(() => {});
}
