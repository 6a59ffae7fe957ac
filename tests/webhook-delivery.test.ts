// At-least-once delivery from 360Dialog becomes exactly-once storage.
import { describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import { cloudPayload, exampleContact, exampleMessage, legacyPayload } from '../dev/examples';
import { postWebhook, uniquePhone } from './helpers/webhook';

function conversationOf(waId: string) {
  return db().conversation.findFirstOrThrow({ where: { contact: { waId } } });
}

describe('exactly-once storage', () => {
  it('stores a redelivered payload once', async () => {
    const from = uniquePhone();
    const payload = cloudPayload({ contacts: [exampleContact({ from })], messages: [exampleMessage('text', { from })] });
    const first = await postWebhook(payload);
    const second = await postWebhook(payload);
    expect(first.json).toMatchObject({ stored: 1, duplicates: 0 });
    expect(second.status).toBe(200);
    expect(second.json).toMatchObject({ stored: 0, duplicates: 1 });
    const conversation = await conversationOf(from);
    expect(await db().message.count({ where: { conversationId: conversation.id, direction: 'INBOUND' } })).toBe(1);
    expect(conversation.unreadCount).toBe(1);
  });

  it('stores one message when the same payload arrives twenty times at once', async () => {
    const from = uniquePhone();
    const payload = cloudPayload({ contacts: [exampleContact({ from })], messages: [exampleMessage('text', { from })] });
    const responses = await Promise.all(Array.from({ length: 20 }, () => postWebhook(payload)));
    expect(responses.map((r) => r.status), JSON.stringify(responses.filter((r) => r.status !== 200).map((r) => r.text))).toEqual(Array(20).fill(200));
    expect(responses.reduce((sum, r) => sum + r.json.stored, 0)).toBe(1);
    expect(await db().contact.count({ where: { waId: from } })).toBe(1);
    const conversation = await conversationOf(from);
    expect(await db().message.count({ where: { conversationId: conversation.id, direction: 'INBOUND' } })).toBe(1);
    expect(conversation.unreadCount).toBe(1);
  });

  it('treats the Cloud and the legacy shape of the same message as the same message', async () => {
    const from = uniquePhone();
    const message = exampleMessage('text', { from });
    await postWebhook(cloudPayload({ contacts: [exampleContact({ from })], messages: [message] }));
    const legacy = await postWebhook(legacyPayload({ contacts: [exampleContact({ from })], messages: [message] }));
    expect(legacy.json).toMatchObject({ stored: 0, duplicates: 1 });
  });

  it('gives a new candidate one contact and one conversation when their first messages race', async () => {
    const from = uniquePhone();
    const payloads = Array.from({ length: 10 }, () =>
      cloudPayload({ contacts: [exampleContact({ from })], messages: [exampleMessage('text', { from })] }),
    );
    const responses = await Promise.all(payloads.map((payload) => postWebhook(payload)));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(await db().contact.count({ where: { waId: from } })).toBe(1);
    const conversation = await conversationOf(from);
    expect(await db().message.count({ where: { conversationId: conversation.id, direction: 'INBOUND' } })).toBe(10);
    expect(conversation.unreadCount).toBe(10);
  });

  it('stores every message of a multi-message payload, in payload order', async () => {
    const from = uniquePhone();
    const timestamp = Math.floor(Date.now() / 1000);
    const texts = ['Hoi', 'Ik zoek werk', 'als kapper', 'in Utrecht', '32 uur'];
    const messages = texts.map((text) => exampleMessage('text', { from, text, timestamp }));
    const response = await postWebhook(cloudPayload({ contacts: [exampleContact({ from })], messages }));
    expect(response.json.stored).toBe(5);
    const conversation = await conversationOf(from);
    const rows = await db().message.findMany({
      where: { conversationId: conversation.id, direction: 'INBOUND' },
      orderBy: [{ occurredAt: 'asc' }, { seq: 'asc' }],
    });
    expect(rows.map((row) => row.text)).toEqual(texts);
    expect(conversation.lastMessagePreview).toBe('32 uur');
  });

  it('stores a payload with several candidates in their own conversations', async () => {
    const [a, b] = [uniquePhone(), uniquePhone()];
    const response = await postWebhook(
      cloudPayload({
        contacts: [exampleContact({ from: a, name: 'Anna' }), exampleContact({ from: b, name: 'Bram' })],
        messages: [exampleMessage('text', { from: a }), exampleMessage('text', { from: b }), exampleMessage('image', { from: a })],
      }),
    );
    expect(response.json.stored).toBe(3);
    const contactA = await db().contact.findFirstOrThrow({ where: { waId: a }, include: { conversation: true } });
    const contactB = await db().contact.findFirstOrThrow({ where: { waId: b }, include: { conversation: true } });
    expect(contactA.profileName).toBe('Anna');
    expect(contactB.profileName).toBe('Bram');
    expect(contactA.conversation?.unreadCount).toBe(2);
    expect(contactB.conversation?.unreadCount).toBe(1);
  });

  it('stores a wamid repeated inside one payload once', async () => {
    const from = uniquePhone();
    const message = exampleMessage('text', { from });
    const response = await postWebhook(cloudPayload({ messages: [message, message] }));
    expect(response.json).toMatchObject({ stored: 1, duplicates: 1 });
  });

  it('reopens a resolved conversation when the candidate writes again, and keeps the window current', async () => {
    const from = uniquePhone();
    const old = Math.floor(Date.now() / 1000) - 3 * 86400;
    await postWebhook(cloudPayload({ contacts: [exampleContact({ from })], messages: [exampleMessage('text', { from, timestamp: old })] }));
    const conversation = await conversationOf(from);
    await db().conversation.update({ where: { id: conversation.id }, data: { status: 'RESOLVED' } });
    const now = Math.floor(Date.now() / 1000);
    await postWebhook(cloudPayload({ contacts: [exampleContact({ from })], messages: [exampleMessage('text', { from, timestamp: now })] }));
    const after = await conversationOf(from);
    expect(after.status).toBe('OPEN');
    expect(after.lastInboundAt?.getTime()).toBe(now * 1000);
    // A late redelivery of an older message does not move the window back.
    await postWebhook(cloudPayload({ messages: [exampleMessage('text', { from, timestamp: old + 60 })] }));
    expect((await conversationOf(from)).lastInboundAt?.getTime()).toBe(now * 1000);
  });

  it('keeps a message with characters PostgreSQL cannot store as text (NUL, lone surrogates)', async () => {
    const from = uniquePhone();
    const message = exampleMessage('text', { from, text: 'a\u0000b\ud800c' });
    const response = await postWebhook(cloudPayload({ messages: [message] }));
    expect(response.status).toBe(200);
    const row = await db().message.findUniqueOrThrow({ where: { wamid: message.id as string } });
    expect(row.text).toBe('a\uFFFDb\uFFFDc');
  });
});
