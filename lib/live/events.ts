// Live updates for open dashboards. A change is published with pg_notify inside the
// transaction that makes it, so it is sent exactly when (and only if) it commits, to every
// app instance: each instance LISTENs once (lib/db/listen.ts) and fans events out to its
// browsers (app/api/events). Payloads name what changed; browsers fetch the data.
//
// The webhook is the exception (publishCommitted): it publishes after its statement committed,
// and each process sends what it has in one notification every few milliseconds (lib/db/notify.ts).
import { db, type Prisma } from '../db/client';
import { notifySoon } from '../db/notify';
import type { LiveEvent } from '../definitions';
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

// How many events go in one notification (a NOTIFY payload is at most 8,000 bytes).
const PER_NOTIFICATION = 60;

function inNotifications(items: string[]): string[] {
  const notifications: string[] = [];
  for (let i = 0; i < items.length; i += PER_NOTIFICATION) notifications.push(`[${items.slice(i, i + PER_NOTIFICATION).join(',')}]`);
  return notifications;
}

/** Publishes events of changes that have committed, coalesced with others of this process (lib/db/notify.ts). */
export function publishCommitted(events: LiveEvent[]): void {
  notifySoon(
    EVENTS_CHANNEL,
    events.map((event) => JSON.stringify(event)),
    inNotifications,
  );
}

type Listener = (event: LiveEvent) => void;

// The dashboards' event streams of this bundle (the LISTEN connection under them is the process's one).
const listeners = new Set<Listener>();
let listening: Promise<void> | undefined;

function dispatch(event: LiveEvent) {
  for (const listener of listeners) listener(event);
}

// The embedded database (PGlite behind a socket) does not deliver NOTIFY between
// connections. It only ever serves one machine (`npm run dev` / `npm start`: one web
// process and its worker), so there a once-a-second look at what changed, whichever process
// changed it, stands in: any change makes the open dashboards refresh.
const POLL_MS = 1000;
let poller: NodeJS.Timeout | undefined;
function pollForChanges() {
  if (poller) return;
  let last = '';
  poller = setInterval(async () => {
    if (listeners.size === 0) return;
    try {
      // Whatever a dashboard shows: conversations and messages, ticks, labels (the list and on
      // conversations), quick replies, users (names, availability), notes, notifications and
      // their reads. The small tables whole; the rest by counts and latest times.
      const [row] = await db().$queryRaw<{ fingerprint: string }[]>`
        SELECT concat_ws('|', (SELECT max(updated_at) FROM conversations), (SELECT max(seq) FROM messages),
          (SELECT count(*) FROM status_events), (SELECT count(*) FROM messages WHERE status IN ('SENT', 'FAILED', 'CANCELLED')),
          (SELECT count(*) FROM conversation_events), (SELECT max(created_at) FROM notifications),
          (SELECT count(*) FROM notifications WHERE read_at IS NOT NULL),
          (SELECT md5(COALESCE(string_agg(l::text, ',' ORDER BY l.id), '')) FROM labels l),
          (SELECT md5(COALESCE(string_agg(q::text, ',' ORDER BY q.id), '')) FROM quick_replies q),
          (SELECT md5(COALESCE(string_agg(concat_ws(',', u.id, u.name, u.role, u.active, u.available, u.vacancies), ',' ORDER BY u.id), '')) FROM users u),
          (SELECT md5(COALESCE(string_agg(cl.conversation_id::text || cl.label_id::text, ',' ORDER BY cl.conversation_id, cl.label_id), '')) FROM conversation_labels cl),
          (SELECT concat(count(*), '/', max(updated_at)) FROM notes)) AS fingerprint`;
      if (last && row!.fingerprint !== last) dispatch({ type: 'resync' });
      last = row!.fingerprint;
    } catch {
      // the next tick tries again
    }
  }, POLL_MS);
  poller.unref();
}

/** Calls `listener` for every change committed anywhere; returns the unsubscribe function. */
export async function subscribe(listener: Listener): Promise<() => void> {
  listeners.add(listener);
  if (process.env.EMBEDDED_DATABASE === '1') pollForChanges();
  listening ??= listen(EVENTS_CHANNEL, (payload) => {
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
  await listening;
  return () => listeners.delete(listener);
}
