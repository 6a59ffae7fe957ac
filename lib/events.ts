// Live updates for open dashboards. A change is published with pg_notify inside the
// transaction that makes it, so it is sent exactly when (and only if) it commits, to every
// app instance: each instance LISTENs once (pg-listen.ts) and fans events out to its
// browsers (app/api/events). Payloads name what changed; browsers fetch the data.
import { db, type Prisma } from './db';
import { listen, onReconnect } from './pg-listen';

export type LiveEvent =
  | { type: 'message'; conversationId: string }
  | { type: 'status'; conversationId: string }
  | { type: 'conversation'; conversationId: string }
  // The listen connection was re-established: notifications may have been missed.
  | { type: 'resync' };

export const EVENTS_CHANNEL = 'events';

export async function publish(tx: Prisma.TransactionClient, event: LiveEvent): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify(event)})`;
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
      dispatch(JSON.parse(payload) as LiveEvent);
    } catch {
      // not one of ours
    }
  }).then(() => {
    onReconnect(() => dispatch({ type: 'resync' }));
  });
  await registry.__liveListening;
  return () => listeners.delete(listener);
}
