// The webhook's live events: published after its statement committed, several in one
// notification (PostgreSQL commits one transaction with a NOTIFY at a time).
import { afterAll, describe, expect, it, vi } from 'vitest';
import { pool } from '../lib/db/client';
import { publishCommitted, subscribe, type LiveEvent } from '../lib/live/events';
import { closeListener } from '../lib/db/listen';
import { useIsolatedDatabase } from './helpers/isolated-database';

await useIsolatedDatabase();
afterAll(() => closeListener());

describe('live events published after commit', () => {
  it('reach a subscriber once each, a burst in a few notifications, more than fit in one', async () => {
    const received: LiveEvent[] = [];
    const unsubscribe = await subscribe((event) => received.push(event));
    const notifications: string[] = [];
    const listener = await pool().connect();
    await listener.query('LISTEN events');
    listener.on('notification', (message) => notifications.push(message.payload ?? ''));
    try {
      const burst: LiveEvent[] = Array.from({ length: 150 }, (_, i) => ({ type: 'message', conversationId: `conversation-${i}` }));
      // A conversation that changed twice in the same moment is one event.
      for (const event of burst) publishCommitted([event]);
      publishCommitted([burst[0]!, { type: 'status', conversationId: 'conversation-0' }]);

      await vi.waitFor(() => expect(received).toHaveLength(151), { timeout: 5000 });
      expect(new Set(received.map((event) => JSON.stringify(event))).size).toBe(151);
      expect(received).toContainEqual({ type: 'status', conversationId: 'conversation-0' });
      // 151 events, at most 60 to a notification (a payload is limited to 8,000 bytes).
      expect(notifications.length).toBe(3);
      expect(Math.max(...notifications.map((payload) => Buffer.byteLength(payload)))).toBeLessThan(8000);
    } finally {
      unsubscribe();
      listener.release();
    }
  });
});
