// Notifications about changes that have already committed, sent a few milliseconds later,
// everything this process has for every channel in one round trip.
//
// PostgreSQL lets one transaction that sent a NOTIFY commit at a time (a lock held through
// the WAL flush), which at hundreds of webhooks a second queued them all behind each other.
// So the webhook notifies after its statement committed: the dashboards ('events') and the
// worker ('inbound') hear of a delivery in one notification each, every 15 ms at most.
import { log } from '../log';
import { pool } from './client';

const COALESCE_MS = 15;

interface Pending {
  items: Set<string>;
  /** The notifications to send for what has gathered (each at most 8,000 bytes). */
  format: (items: string[]) => string[];
}

const pending = new Map<string, Pending>();
let timer: NodeJS.Timeout | undefined;

/** One empty notification, however many items gathered. */
export const once = (items: string[]) => (items.length > 0 ? [''] : []);

/** Queues `items` for `channel`; within COALESCE_MS they go out, formatted by `format`, in one statement with every other channel's. */
export function notifySoon(channel: string, items: string[], format: (items: string[]) => string[] = once): void {
  if (items.length === 0) return;
  let entry = pending.get(channel);
  if (!entry) pending.set(channel, (entry = { items: new Set(), format }));
  for (const item of items) entry.items.add(item);
  timer ??= setTimeout(flush, COALESCE_MS);
}

function flush() {
  timer = undefined;
  const channels: string[] = [];
  const payloads: string[] = [];
  for (const [channel, entry] of pending) {
    for (const payload of entry.format([...entry.items])) {
      channels.push(channel);
      payloads.push(payload);
    }
  }
  pending.clear();
  if (channels.length === 0) return;
  pool()
    .query('SELECT count(pg_notify(c, p)) FROM unnest($1::text[], $2::text[]) AS n(c, p)', [channels, payloads])
    // Dashboards refresh on their next event or reconnect; the worker's sweep finds what it was not told about.
    .catch((error) => log.warn('notifications not sent', { error, channels: [...new Set(channels)] }));
}
