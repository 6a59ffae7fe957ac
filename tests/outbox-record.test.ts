// The outbox when the database fails right after 360Dialog accepted a send: the acceptance is
// recorded once the database is back, and the message is never sent a second time.
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Sandbox } from '../dev/sandbox/server';
import { db } from '../lib/db/client';
import { OutboxDispatcher } from '../lib/outbox/dispatcher';
import { queueMessage } from '../lib/outbox/queue';
import { WhatsAppClient } from '../lib/whatsapp/client';
import { useIsolatedDatabase } from './helpers/isolated-database';
import { until } from './helpers/sandbox';
import { startTcpProxy } from './helpers/tcp-proxy';
import { uniquePhone } from './helpers/webhook';

const databaseUrl = await useIsolatedDatabase();
// The app's own database code (the dispatcher's and this file's db()) goes through the proxy;
// the checks read the database directly.
const proxy = await startTcpProxy(Number(new URL(databaseUrl).port || 5432));
const proxied = new URL(databaseUrl);
proxied.port = String(proxy.port);
process.env.DATABASE_URL = proxied.toString();

let sandbox: Sandbox;
let direct: pg.Client;
const dispatchers: OutboxDispatcher[] = [];

beforeAll(async () => {
  sandbox = await new Sandbox({ apiKey: 'outbox-record-key' }).start();
  direct = new pg.Client({ connectionString: databaseUrl });
  await direct.connect();
});
afterEach(async () => {
  sandbox.onSent = undefined;
  await proxy.restore();
  await Promise.all(dispatchers.splice(0).map((d) => d.stop()));
});
afterAll(async () => {
  await direct.end();
  await sandbox.stop();
  await proxy.stop();
});

const LEASE_SECONDS = 2;

function dispatcher(): OutboxDispatcher {
  const d = new OutboxDispatcher({
    client: new WhatsAppClient({ baseUrl: sandbox.url, apiKey: sandbox.apiKey, timeoutMs: 500 }),
    maxAttempts: 50,
    retryBaseMs: 50,
    retryMaxMs: 200,
    leaseSeconds: LEASE_SECONDS,
    pollIntervalMs: 50,
    concurrency: 2,
  });
  dispatchers.push(d);
  return d;
}

async function candidate() {
  const waId = uniquePhone();
  const lastInboundAt = new Date(Date.now() - 60_000);
  const contact = await db().contact.create({
    data: { identity: waId, waId, conversation: { create: { lastInboundAt } } },
    include: { conversation: true },
  });
  sandbox.openWindow(waId, lastInboundAt.getTime());
  return { waId, conversationId: contact.conversation!.id };
}

const row = async (id: string) =>
  (await direct.query<{ status: string; wamid: string | null; attempts: number }>('SELECT status, wamid, attempts FROM messages WHERE id = $1', [id])).rows[0]!;

describe('an accepted send whose record fails', () => {
  it('is recorded once the database is back, and never sent again, even after its lease ran out', async () => {
    const { waId, conversationId } = await candidate();
    const { id } = await queueMessage({ conversationId, author: 'BOT', content: { type: 'text', body: 'Eén keer, alstublieft' } });
    // The database goes away the moment 360Dialog accepts the message (before it answers).
    let cutAt = 0;
    sandbox.onSent = (sent) => {
      if (sent.to !== waId || cutAt) return;
      cutAt = Date.now();
      void proxy.cut();
    };
    dispatcher().start();
    await until(async () => cutAt, (at) => at > 0);
    // Down for longer than the lease.
    await new Promise((resolve) => setTimeout(resolve, LEASE_SECONDS * 1000 + 700));
    await proxy.restore();
    const recorded = await until(() => row(id), (m) => m.status === 'SENT', 15_000);
    // Whatever the dispatcher does next (its polls, expired leases), nothing goes out again.
    await new Promise((resolve) => setTimeout(resolve, LEASE_SECONDS * 1000 + 1000));
    const sent = sandbox.sent.filter((m) => m.to === waId);
    expect(sent).toHaveLength(1);
    expect(recorded.wamid).toBe(sent[0]!.wamid);
    expect(await row(id)).toMatchObject({ status: 'SENT', wamid: sent[0]!.wamid, attempts: 1 });
  });
});
