// Live updates for open dashboards. A change is published with pg_notify inside the
// transaction that makes it, so it is sent exactly when (and only if) it commits, to every
// app instance: each instance LISTENs once (pg-listen.ts) and fans events out to its
// browsers (app/api/events). Payloads name what changed; browsers fetch the data.
//
// The webhook is the exception (publishCommitted): PostgreSQL lets one transaction with a
// NOTIFY commit at a time (a lock held through the WAL flush), which at hundreds of webhooks
// a second queued them all behind each other. It publishes after its statement committed,
// and each process sends what it has in one notification every few milliseconds.
import { db, pool, type Prisma } from '../db/client';
import type { LiveEvent } from '../definitions';
import { log } from '../log';
import { listen, onReconnect } from '../db/listen';

export type { LiveEvent };

export const EVENTS_CHANNEL = 'events';

/**
 * SQL that publishes an event from inside a statement: the same JSON as `publish`, for the
 * hand-written statements that change a message (`conversationId`: an SQL expression).
 */
export function liveEventSql(type: 'message' | 'status' | 'conversation', conversationId: string): string {
  return `pg_notify('${EVENTS_CHANNEL}', json_build_object('type', '${type}', 'conversationId', (${conversationId})::text)::text)`;
}

export async function publish(tx: Prisma.TransactionClient, event: LiveEvent): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify(event)})`;
}

// How long the webhook's events wait to be sent together, and how many go in one
// notification (a NOTIFY payload is at most 8,000 bytes).
const COALESCE_MS = 15;
const PER_NOTIFICATION = 60;
interface Outgoing {
  events: Map<string, LiveEvent>;
  timer?: NodeJS.Timeout;
}
const outgoing = globalThis as unknown as { __liveOutgoing?: Outgoing };

/** Publishes events of changes that have committed, coalesced with others of this process. */
export function publishCommitted(events: LiveEvent[]): void {
  if (events.length === 0) return;
  const state: Outgoing = (outgoing.__liveOutgoing ??= { events: new Map() });
  for (const event of events) state.events.set(JSON.stringify(event), event);
  state.timer ??= setTimeout(() => {
    state.timer = undefined;
    const batch = [...state.events.values()];
    state.events.clear();
    for (let i = 0; i < batch.length; i += PER_NOTIFICATION) {
      pool()
        .query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, JSON.stringify(batch.slice(i, i + PER_NOTIFICATION))])
        // Dashboards refresh on their next event or reconnect; nothing is stored in an event.
        .catch((error) => log.warn('live events not sent', { error, events: batch.length }));
    }
  }, COALESCE_MS);
}

type Listener = (event: LiveEvent) => void;

// On globalThis: one LISTEN connection per process, whichever bundle asks first.
const registry = globalThis as unknown as { __liveListeners?: Set<Listener>; __liveListening?: Promise<void> };
const listeners: Set<Listener> = (registry.__liveListeners ??= new Set());

function dispatch(event: LiveEvent) {
  for (const listener of listeners) listener(event);
}

// The embedded database (PGlite behind a socket) does not deliver NOTIFY between
// connections. It only ever serves one instance, so there a once-a-second look at what
// changed stands in: any change makes the open dashboards refresh.
const POLL_MS = 1000;
function pollForChanges() {
  const state = globalThis as unknown as { __livePoller?: NodeJS.Timeout };
  if (state.__livePoller) return;
  let last = '';
  state.__livePoller = setInterval(async () => {
    if (listeners.size === 0) return;
    try {
      const [row] = await db().$queryRaw<{ fingerprint: string }[]>`
        SELECT concat_ws('|', (SELECT max(updated_at) FROM conversations), (SELECT max(seq) FROM messages),
          (SELECT count(*) FROM status_events), (SELECT count(*) FROM messages WHERE status IN ('SENT', 'FAILED', 'CANCELLED')),
          (SELECT count(*) FROM conversation_events)) AS fingerprint`;
      if (last && row!.fingerprint !== last) dispatch({ type: 'resync' });
      last = row!.fingerprint;
    } catch {
      // the next tick tries again
    }
  }, POLL_MS);
  state.__livePoller.unref();
}

/** Calls `listener` for every change committed anywhere; returns the unsubscribe function. */
export async function subscribe(listener: Listener): Promise<() => void> {
  listeners.add(listener);
  if (process.env.EMBEDDED_DATABASE === '1') pollForChanges();
  registry.__liveListening ??= listen(EVENTS_CHANNEL, (payload) => {
    try {
      // One event, or several at once (publishCommitted).
      const parsed = JSON.parse(payload) as LiveEvent | LiveEvent[];
      for (const event of Array.isArray(parsed) ? parsed : [parsed]) dispatch(event);
    } catch {
      // not one of ours
    }
  }).then(() => {
    onReconnect(() => dispatch({ type: 'resync' }));
  });
  await registry.__liveListening;
  return () => listeners.delete(listener);
}
