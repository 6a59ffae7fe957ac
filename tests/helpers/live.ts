// The app's live event stream (GET /api/events) read over HTTP, as a dashboard reads it.
import type { LiveEvent } from '../../lib/definitions';
import { baseUrl } from './webhook';

export async function listenToEvents(cookie: string) {
  const controller = new AbortController();
  const response = await fetch(`${baseUrl()}/api/events`, { headers: { cookie }, signal: controller.signal });
  if (!response.ok || !response.body) throw new Error(`event stream: ${response.status}`);
  const events: LiveEvent[] = [];
  let ready!: () => void;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith('event: ready')) ready();
          const data = /^event: change\ndata: (.*)$/m.exec(block);
          if (data) events.push(JSON.parse(data[1]!) as LiveEvent);
        }
      }
    } catch {
      // closed
    }
  })();
  await isReady;
  return { events, close: () => controller.abort() };
}
