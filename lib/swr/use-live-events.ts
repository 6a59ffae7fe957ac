'use client';

// One EventSource per tab. Each change is broadcast in the page as a `live-change` event;
// every component revalidates its own SWR data when a change concerns it (useLiveRefresh).
// After a dropped connection the browser reconnects by itself, and everything refreshes
// to catch up on what was missed.
import { useEffect, useState } from 'react';
import type { LiveEvent } from '../definitions';

export type LiveChange = LiveEvent;

const EVENT = 'live-change';

export function useLiveEvents(): boolean {
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    const source = new EventSource('/api/events');
    let opened = false;
    const broadcast = (change: LiveChange) => window.dispatchEvent(new CustomEvent<LiveChange>(EVENT, { detail: change }));
    source.addEventListener('ready', () => {
      setConnected(true);
      if (opened) broadcast({ type: 'resync' });
      opened = true;
    });
    source.addEventListener('change', (event) => broadcast(JSON.parse((event as MessageEvent<string>).data) as LiveChange));
    source.onerror = () => setConnected(false);
    return () => source.close();
  }, []);
  return connected;
}

/** Calls `refresh` (at most every 100 ms) when a live change matches `concerns`. */
export function useLiveRefresh(concerns: (change: LiveChange) => boolean, refresh: () => void): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onChange = (event: Event) => {
      const change = (event as CustomEvent<LiveChange>).detail;
      if (change.type !== 'resync' && !concerns(change)) return;
      timer ??= setTimeout(() => {
        timer = undefined;
        refresh();
      }, 100);
    };
    window.addEventListener(EVENT, onChange);
    return () => {
      window.removeEventListener(EVENT, onChange);
      if (timer) clearTimeout(timer);
    };
  }, [concerns, refresh]);
}
