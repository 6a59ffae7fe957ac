// GET /api/events: server-sent events, one per change committed anywhere, for every open
// dashboard, until the browser goes away. What is for one user (a notification) goes to that
// user's streams only: others never see even its ids.
import { subscribe, type LiveEvent } from './events';

const HEARTBEAT_MS = 15_000;

/** Is `event` for every dashboard, or for this user's? */
export function isFor(event: LiveEvent, userId: string): boolean {
  return event.type === 'notification' || event.type === 'notifications_read' ? event.userId === userId : true;
}

export function eventStream(signal: AbortSignal, userId: string): Response {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      // Tells the browser how soon to reconnect after a drop.
      send('retry: 2000\n\n');
      const unsubscribe = await subscribe((event: LiveEvent) => {
        if (isFor(event, userId)) send(`event: change\ndata: ${JSON.stringify(event)}\n\n`);
      });
      const heartbeat = setInterval(() => send(': keep-alive\n\n'), HEARTBEAT_MS);
      cleanup = () => {
        clearInterval(heartbeat);
        unsubscribe();
      };
      signal.addEventListener('abort', () => {
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed
        }
      });
      send('event: ready\ndata: {}\n\n');
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' },
  });
}
