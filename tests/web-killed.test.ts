// `npm start` runs a web process and a worker process; the web process is killed (SIGKILL)
// in the middle of a burst of webhooks. What it acknowledged is in the database, and the
// worker answers it; deliveries it never answered are delivered again (as 360Dialog does) once
// serve.ts has started it again. Every message is answered exactly once, counted at the
// sandbox and in the database.
import { describe, expect, it } from 'vitest';
import { cloudPayload, exampleContact, exampleMessage } from '../dev/examples';
import { signBody } from '../lib/ingest/webhook-auth';
import { until } from './helpers/sandbox';
import { TEST_SECRETS } from './helpers/secrets';
import { expectAllProcessed, repliesOf, useSplitApp } from './helpers/split-app';
import { uniquePhone } from './helpers/webhook';

const { databaseUrl, split } = await useSplitApp();

const OPENING = 'Hoi! Ik zoek werk als kapper';

/** A candidate's message as 360Dialog delivers it (again, with the same wamid, until it gets a 200). */
function delivery(from: string) {
  const message = exampleMessage('text', { from, text: OPENING, name: `Kandidaat ${from.slice(-4)}` });
  const body = JSON.stringify(cloudPayload({ contacts: [exampleContact({ from, name: `Kandidaat ${from.slice(-4)}` })], messages: [message] }));
  return { from, wamid: message.id as string, body };
}

async function deliver(url: string, item: { body: string }): Promise<number> {
  const response = await fetch(`${url}/webhook/whatsapp`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-webhook-secret': TEST_SECRETS.WHATSAPP_WEBHOOK_SECRET,
      'x-hub-signature-256': `sha256=${signBody(item.body, TEST_SECRETS.WHATSAPP_APP_SECRET)}`,
    },
    body: item.body,
    signal: AbortSignal.timeout(5000),
  }).catch(() => null);
  if (!response) return 0;
  await response.arrayBuffer().catch(() => {});
  return response.status;
}

describe('the web process killed in the middle of a burst', () => {
  it('loses nothing it acknowledged, and the worker answers every message exactly once', async () => {
    const { app, sandbox } = split();
    const control = delivery(uniquePhone());
    sandbox.openWindow(control.from);
    expect(await deliver(app.url, control)).toBe(200);
    await expectAllProcessed(databaseUrl, [control.wamid], 30_000);
    const [controlReplies] = await repliesOf(databaseUrl, sandbox, [control.from]);
    const perTurn = controlReplies!.stored.length;
    expect(perTurn).toBeGreaterThan(0);

    const deliveries = Array.from({ length: 120 }, () => delivery(uniquePhone()));
    for (const d of deliveries) sandbox.openWindow(d.from);
    const acknowledged = new Set<string>();
    const webBefore = split().pid('web');
    let killed = false;
    const queue = [...deliveries];
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        for (let item = queue.shift(); item; item = queue.shift()) {
          const status = await deliver(app.url, item);
          if (status === 200) acknowledged.add(item.wamid);
          // A third of the way in, while deliveries are in flight.
          if (!killed && acknowledged.size >= 40) {
            killed = true;
            await split().kill('web');
          }
        }
      }),
    );
    expect(killed).toBe(true);
    const unanswered = deliveries.filter((d) => !acknowledged.has(d.wamid));
    // Refused while it was down: 360Dialog delivers those again.
    expect(unanswered.length).toBeGreaterThan(0);
    expect(acknowledged.size).toBeGreaterThanOrEqual(40);

    // serve.ts starts the web process again on the same port.
    await until(async () => split().starts('web'), (n) => n === 2, 20_000);
    expect(split().pid('web')).not.toBe(webBefore);
    await until(() => fetch(`${app.url}/api/health`).then((r) => r.status, () => 0), (status) => status === 200, 60_000);
    for (const item of unanswered) {
      const status = await until(() => deliver(app.url, item), (s) => s === 200, 15_000);
      expect(status).toBe(200);
      acknowledged.add(item.wamid);
    }

    // Every message stored once, processed; the outbox drained.
    await expectAllProcessed(databaseUrl, [...acknowledged], 90_000);
    const candidates = deliveries.map((d) => d.from);
    await until(
      () => repliesOf(databaseUrl, sandbox, candidates),
      (all) => all.every((c) => c.stored.length === perTurn && c.stored.every((r) => r.wamid !== null) && c.atSandbox.length >= perTurn),
      30_000,
    );
    const replies = await repliesOf(databaseUrl, sandbox, candidates);
    for (const candidate of replies) {
      expect(candidate.stored.map((r) => r.status).filter((s) => !['SENT', 'DELIVERED', 'READ'].includes(s)), candidate.waId).toEqual([]);
      expect([...candidate.atSandbox].sort(), candidate.waId).toEqual(candidate.stored.map((r) => r.wamid!).sort());
    }
    expect(replies.reduce((n, c) => n + c.atSandbox.length, 0)).toBe(deliveries.length * perTurn);
  }, 180_000);
});
