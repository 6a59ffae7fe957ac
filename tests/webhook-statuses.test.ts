// Status webhooks move our outbound messages forward, never back, whatever their order.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import { applyStatusEvents } from '../lib/statuses/apply';
import { cloudPayload, exampleStatus, legacyPayload, newWamid } from '../dev/examples';
import { postWebhook, uniquePhone } from './helpers/webhook';

/** An outbound message as the outbox records it once 360Dialog accepted it. */
async function outboundMessage(wamid: string | null = newWamid()) {
  const waId = uniquePhone();
  const contact = await db().contact.create({ data: { identity: waId, waId, conversation: { create: {} } }, include: { conversation: true } });
  return db().message.create({
    data: {
      conversationId: contact.conversation!.id,
      direction: 'OUTBOUND',
      author: 'BOT',
      wamid,
      type: 'text',
      text: 'Wat is je ervaring als kapper?',
      payload: { type: 'text', text: { body: 'Wat is je ervaring als kapper?' } },
      occurredAt: new Date(),
      status: 'SENT',
    },
  });
}

const t0 = Math.floor(Date.now() / 1000) - 600;

async function send(wamid: string, status: 'sent' | 'delivered' | 'read' | 'failed', offset: number, extra = {}) {
  const response = await postWebhook(cloudPayload({ statuses: [exampleStatus({ wamid, status, timestamp: t0 + offset, ...extra })] }));
  expect(response.status).toBe(200);
  return response;
}

describe('status webhooks', () => {
  it('moves a message through sent, delivered and read', async () => {
    const message = await outboundMessage();
    await send(message.wamid!, 'sent', 1);
    await send(message.wamid!, 'delivered', 2);
    await send(message.wamid!, 'read', 3);
    const row = await db().message.findUniqueOrThrow({ where: { id: message.id } });
    expect(row.status).toBe('READ');
    expect(row.sentAt?.getTime()).toBe((t0 + 1) * 1000);
    expect(row.deliveredAt?.getTime()).toBe((t0 + 2) * 1000);
    expect(row.readAt?.getTime()).toBe((t0 + 3) * 1000);
  });

  it('never goes backwards: a late delivered does not undo read', async () => {
    const message = await outboundMessage();
    await send(message.wamid!, 'read', 3);
    await send(message.wamid!, 'sent', 1);
    await send(message.wamid!, 'delivered', 2);
    const row = await db().message.findUniqueOrThrow({ where: { id: message.id } });
    expect(row.status).toBe('READ');
    expect(row.deliveredAt?.getTime()).toBe((t0 + 2) * 1000);
  });

  it('ends at read when all statuses arrive at once, many times over', async () => {
    const message = await outboundMessage();
    const payloads = (['sent', 'delivered', 'read'] as const).flatMap((status, i) =>
      Array.from({ length: 6 }, () => cloudPayload({ statuses: [exampleStatus({ wamid: message.wamid!, status, timestamp: t0 + i })] })),
    );
    const responses = await Promise.all(payloads.map((payload) => postWebhook(payload)));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(responses.reduce((sum, r) => sum + r.json.statuses, 0)).toBe(3);
    const row = await db().message.findUniqueOrThrow({ where: { id: message.id } });
    expect(row.status).toBe('READ');
    expect(await db().statusEvent.count({ where: { wamid: message.wamid! } })).toBe(3);
  });

  it('records a failure with its error code and title', async () => {
    const message = await outboundMessage();
    await send(message.wamid!, 'failed', 5, { errorCode: 131047 });
    const row = await db().message.findUniqueOrThrow({ where: { id: message.id } });
    expect(row).toMatchObject({ status: 'FAILED', errorCode: 131047, errorTitle: 'Re-engagement message' });
    expect(row.errorDetail).toMatch(/24 hours/);
    expect(row.failedAt?.getTime()).toBe((t0 + 5) * 1000);
  });

  it('stores the pricing and conversation objects the cost estimate needs', async () => {
    const message = await outboundMessage();
    await send(message.wamid!, 'sent', 1, { pricing: { category: 'utility', type: 'regular', billable: true } });
    const row = await db().message.findUniqueOrThrow({ where: { id: message.id } });
    expect(row).toMatchObject({
      pricingModel: 'PMP',
      pricingCategory: 'utility',
      pricingType: 'regular',
      billable: true,
      waConversationOrigin: 'utility',
    });
    expect(row.waConversationId).toMatch(/^[0-9a-f]{32}$/);
    expect(row.waConversationExpires?.getTime()).toBe((t0 + 1 + 86400) * 1000);
  });

  it('stores Meta\'s documented delivered-status example', async () => {
    const payload = JSON.parse(readFileSync(path.join(import.meta.dirname, 'fixtures', 'meta-status-delivered.json'), 'utf8'));
    const wamid = payload.entry[0].changes[0].value.statuses[0].id;
    const message = await outboundMessage(wamid);
    expect((await postWebhook(payload)).status).toBe(200);
    const row = await db().message.findUniqueOrThrow({ where: { id: message.id } });
    expect(row).toMatchObject({ status: 'DELIVERED', pricingCategory: 'marketing', pricingModel: 'PMP', billable: true });
  });

  it('keeps statuses for a wamid it does not know yet and applies them when the message appears', async () => {
    const wamid = newWamid();
    await send(wamid, 'delivered', 2);
    await send(wamid, 'read', 3);
    expect(await db().statusEvent.count({ where: { wamid } })).toBe(2);
    // The outbox records the wamid once 360Dialog accepted the send, then applies what came first.
    const message = await outboundMessage(null);
    await db().$transaction(async (tx) => {
      await tx.message.update({ where: { id: message.id }, data: { wamid } });
      await applyStatusEvents(tx, [wamid]);
    });
    const row = await db().message.findUniqueOrThrow({ where: { id: message.id } });
    expect(row.status).toBe('READ');
    expect(row.readAt?.getTime()).toBe((t0 + 3) * 1000);
  });

  it('counts a repeated status as a duplicate, in the legacy shape too', async () => {
    const message = await outboundMessage();
    const payload = legacyPayload({ statuses: [exampleStatus({ wamid: message.wamid!, status: 'delivered', timestamp: t0 })] });
    expect((await postWebhook(payload)).json).toMatchObject({ statuses: 1, duplicateStatuses: 0 });
    expect((await postWebhook(payload)).json).toMatchObject({ statuses: 0, duplicateStatuses: 1 });
  });

  it('keeps a status value it does not know without changing the message', async () => {
    const message = await outboundMessage();
    const status = { ...exampleStatus({ wamid: message.wamid!, status: 'sent', timestamp: t0 }), status: 'deleted' };
    expect((await postWebhook(cloudPayload({ statuses: [status] }))).status).toBe(200);
    const row = await db().message.findUniqueOrThrow({ where: { id: message.id } });
    expect(row.status).toBe('SENT');
    expect(await db().statusEvent.findFirst({ where: { wamid: message.wamid!, rawStatus: 'deleted' } })).not.toBeNull();
  });

  it('never applies a status to an inbound message', async () => {
    const from = uniquePhone();
    const wamid = newWamid();
    await postWebhook(cloudPayload({ messages: [{ from, id: wamid, timestamp: String(t0), type: 'text', text: { body: 'hoi' } }] }));
    await send(wamid, 'read', 9);
    const row = await db().message.findUniqueOrThrow({ where: { wamid } });
    expect(row.status).toBe('RECEIVED');
  });
});
