// The shared test app's 360Dialog sandbox, driven over HTTP like a person would.
import { inject } from 'vitest';

export const sandboxUrl = () => inject('sandboxUrl');

export async function candidateWrites(input: { from: string; name?: string; type?: string; text?: string }) {
  const response = await fetch(`${sandboxUrl()}/sandbox/inbound`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  if (!response.ok) throw new Error(`sandbox inbound failed: ${response.status}`);
  return (await response.json()) as { wamid: string; mediaId?: string; webhookStatus: number | string };
}

export async function sentTo(waId: string) {
  const response = await fetch(`${sandboxUrl()}/sandbox/messages?to=${waId}`);
  const { messages } = (await response.json()) as { messages: { wamid: string; type: string; body: any }[] };
  return messages;
}

export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`timed out; last value: ${JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? String(v) : v))}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
