'use client';

// One EventSource per tab, however many components use it. Each change is broadcast in the page as a `live-change` event;
// every component revalidates its own SWR data when a change concerns it (useLiveRefresh).
// After a dropped connection the browser reconnects by itself; when it gives up (an answer
// that is not a stream: a 429, a 5xx from a proxy, a restart) a new one is opened after a
// growing pause. Either way everything refreshes to catch up on what was missed.
import { useEffect, useSyncExternalStore } from 'react';
import type { LiveEvent } from '../definitions';
import { RefreshBudget } from './refresh-budget';

export type LiveChange = LiveEvent;

const EVENT = 'live-change';
const RECONNECT_MIN_MS = 1000;
const RECONNECT_MAX_MS = 30_000;
/** Under a flood of changes a component refreshes at most this often… */
const REFRESH_EVERY_MS = 1000;
/** …after this many refreshes in a row (a quiet dashboard shows each change at once). */
const REFRESH_BURST = 5;

// The tab's one connection, shared by every component that wants live changes (the inbox,
// the notifications in the top bar): opened by the first, closed when the last unmounts.
let users = 0;
let connected = false;
let stopConnection: (() => void) | undefined;
const connectedListeners = new Set<() => void>();

function setConnected(value: boolean) {
  connected = value;
  for (const listener of connectedListeners) listener();
}

function openConnection(): () => void {
  let source: EventSource | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let delay = RECONNECT_MIN_MS;
  let opened = false;
  let closed = false;
  const broadcast = (change: LiveChange) => window.dispatchEvent(new CustomEvent<LiveChange>(EVENT, { detail: change }));
  const connect = () => {
    retryTimer = undefined;
    const current = new EventSource('/api/events');
    source = current;
    current.addEventListener('ready', () => {
      setConnected(true);
      delay = RECONNECT_MIN_MS;
      if (opened) broadcast({ type: 'resync' });
      opened = true;
    });
    current.addEventListener('change', (event) => broadcast(JSON.parse((event as MessageEvent<string>).data) as LiveChange));
    current.onerror = () => {
      setConnected(false);
      // CONNECTING: the browser retries by itself. CLOSED: it gave up; we do not.
      if (current.readyState !== EventSource.CLOSED || closed) return;
      current.close();
      retryTimer ??= setTimeout(connect, delay * (0.75 + Math.random() / 2));
      delay = Math.min(delay * 2, RECONNECT_MAX_MS);
    };
  };
  connect();
  return () => {
    closed = true;
    if (retryTimer) clearTimeout(retryTimer);
    source?.close();
    setConnected(false);
  };
}

function subscribeConnected(onChange: () => void): () => void {
  connectedListeners.add(onChange);
  return () => connectedListeners.delete(onChange);
}

/**
 * Whether the tab's live connection is up. The server renders "not connected", and so does
 * the browser while it hydrates (a component whose script arrives after the connection
 * opened would otherwise render differently from the server's HTML); then the real state.
 */
export function useLiveEvents(): boolean {
  useEffect(() => {
    users += 1;
    stopConnection ??= openConnection();
    return () => {
      users -= 1;
      if (users === 0) {
        stopConnection?.();
        stopConnection = undefined;
      }
    };
  }, []);
  return useSyncExternalStore(
    subscribeConnected,
    () => connected,
    () => false,
  );
}

/**
 * Calls `refresh` when a live change matches `concerns`: 100 ms after the change (so a burst
 * is one refresh), at once while the component has refreshes to spare, and at most once a
 * second under a flood of changes (RefreshBudget), so a busy hour costs each open list a
 * request a second at most (see the per-user rate limit).
 */
export function useLiveRefresh(concerns: (change: LiveChange) => boolean, refresh: () => void): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const budget = new RefreshBudget(REFRESH_BURST, REFRESH_EVERY_MS);
    const onChange = (event: Event) => {
      const change = (event as CustomEvent<LiveChange>).detail;
      if (change.type !== 'resync' && !concerns(change)) return;
      timer ??= setTimeout(() => {
        timer = undefined;
        budget.spend(Date.now());
        refresh();
      }, budget.delay(Date.now()));
    };
    window.addEventListener(EVENT, onChange);
    return () => {
      window.removeEventListener(EVENT, onChange);
      if (timer) clearTimeout(timer);
    };
  }, [concerns, refresh]);
}
