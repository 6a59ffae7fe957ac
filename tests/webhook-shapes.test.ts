// Payloads WhatsApp really sends that are not the textbook shape: the webhook never refuses
// them for their content. What it understands it stores (or applies: edits, deletions,
// echoes), what it does not it keeps in webhook_events with the reason, and it answers 200.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import {
  cloudChange,
  cloudPayload,
  exampleContact,
  exampleEcho,
  exampleEdit,
  exampleMessage,
  exampleRevoke,
  exampleStatus,
  legacyPayload,
  newWamid,
} from '../dev/examples';
import { candidateWrites, sentTo, until } from './helpers/sandbox';
import { signedInAs } from './helpers/auth';
import { baseUrl, postWebhook, uniquePhone } from './helpers/webhook';

const bsuid = () => `NL.${BigInt(`0x${randomBytes(7).toString('hex')}`).toString()}`;

async function post(payload: unknown) {
  const response = await postWebhook(payload);
  expect(response.status, response.text).toBe(200);
  return response;
}

const stored = (wamid: string) =>
  db().message.findUnique({ where: { wamid }, include: { conversation: { include: { contact: true, events: true } } } });

/** webhook_events rows whose payload contains `fragment`. */
async function eventsHolding(fragment: unknown) {
  return db().$queryRaw<{ field: string; reason: string | null; payload: any }[]>`
    SELECT field, reason, payload FROM webhook_events WHERE payload @> ${JSON.stringify(fragment)}::jsonb`;
}

/** An outbound message of ours, as the outbox leaves it once 360Dialog accepted it. */
async function outboundMessage(identity: { waId?: string; userId?: string } = { waId: uniquePhone() }) {
  const contact = await db().contact.create({
    data: { identity: identity.waId ?? identity.userId!, waId: identity.waId ?? null, userId: identity.userId ?? null, conversation: { create: {} } },
    include: { conversation: true },
  });
  return db().message.create({
    data: {
      conversationId: contact.conversation!.id,
      direction: 'OUTBOUND',
      author: 'BOT',
      wamid: newWamid(),
      type: 'text',
      text: 'Wat is je ervaring als kapper?',
      payload: { type: 'text', text: { body: 'Wat is je ervaring als kapper?' } },
      occurredAt: new Date(),
      status: 'SENT',
    },
  });
}

describe('business-scoped user ids (BSUID)', () => {
  it('identifies a sender whose from is empty by from_user_id, never as a phone number', async () => {
    const userId = bsuid();
    const message = { ...exampleMessage('text', { text: 'Hoi, ik zoek werk' }), from: '', from_user_id: userId } as Record<string, any>;
    await post(cloudPayload({ contacts: [{ profile: { name: 'Noor' }, wa_id: '', user_id: userId }], messages: [message] }));
    const row = await stored(message.id as string);
    expect(row?.direction).toBe('INBOUND');
    expect(row?.conversation.contact).toMatchObject({ identity: userId, userId, waId: null, profileName: 'Noor' });
  });

  it('identifies a sender without from or from_user_id by the only contact\'s user_id', async () => {
    const userId = bsuid();
    const { from: _from, ...message } = exampleMessage('contacts', { name: 'Noor' });
    await post(cloudPayload({ contacts: [{ profile: { name: 'Noor' }, user_id: userId }], messages: [message] }));
    const row = await stored(message.id as string);
    expect(row?.type).toBe('contacts');
    expect(row?.unsupported).toBe(false);
    expect(row?.conversation.contact).toMatchObject({ userId, waId: null });
  });

  it('stores a BSUID in from as the user id, not as a wa_id', async () => {
    const userId = bsuid();
    const message = exampleMessage('text', { from: userId, text: 'Hallo' });
    await post(cloudPayload({ contacts: [{ profile: { name: 'Sem' }, wa_id: userId }], messages: [message] }));
    const row = await stored(message.id as string);
    expect(row?.conversation.contact).toMatchObject({ identity: userId, userId, waId: null });
  });

  it('is the same candidate when their number comes along later', async () => {
    const userId = bsuid();
    const waId = uniquePhone();
    const first = { ...exampleMessage('text', { text: 'Eerste' }), from: '', from_user_id: userId } as Record<string, any>;
    const second = { ...exampleMessage('text', { from: waId, text: 'Tweede' }), from_user_id: userId } as Record<string, any>;
    await post(cloudPayload({ contacts: [{ user_id: userId }], messages: [first] }));
    await post(cloudPayload({ contacts: [{ wa_id: waId, user_id: userId }], messages: [second] }));
    const [a, b] = [await stored(first.id as string), await stored(second.id as string)];
    expect(b?.conversationId).toBe(a?.conversationId);
    expect(b?.conversation.contact).toMatchObject({ identity: userId, userId, waId });
  });

  it('applies a status with an empty recipient_id and only recipient_user_id to the outbound message', async () => {
    const userId = bsuid();
    const message = await outboundMessage({ userId });
    const status = { ...exampleStatus({ wamid: message.wamid!, status: 'delivered' }), recipient_id: '', recipient_user_id: userId };
    await post(cloudPayload({ contacts: [{ wa_id: '', user_id: userId }], statuses: [status] }));
    const row = await db().message.findUniqueOrThrow({ where: { id: message.id } });
    expect(row.status).toBe('DELIVERED');
  });

  it('addresses replies to a candidate known only by BSUID with recipient, not to', async () => {
    const userId = bsuid();
    // The sandbox's candidate writes with the BSUID in `from`.
    const { wamid } = await candidateWrites({ from: userId, name: 'Noor', text: 'Hoi! Ik ben op zoek naar een baan als kapper' });
    const sent = await until(() => sentTo(userId), (messages) => messages.length >= 1);
    expect(sent[0]!.body).toMatchObject({ recipient: userId });
    expect(sent[0]!.body).not.toHaveProperty('to');
    const conversationId = (await stored(wamid))!.conversationId;
    const reply = await until(
      () => db().message.findFirst({ where: { conversationId, direction: 'OUTBOUND' }, orderBy: { seq: 'asc' } }),
      (m) => m !== null && m.status !== 'QUEUED' && m.status !== 'SENDING',
    );
    expect(reply!.status).not.toBe('FAILED');
  });
});

describe('known types with missing or null parts', () => {
  it('stores a button reply whose payload is null (legacy)', async () => {
    const from = uniquePhone();
    const message = { ...exampleMessage('button', { from }), button: { payload: null, text: 'Ja' } } as Record<string, any>;
    await post(legacyPayload({ messages: [message] }));
    const row = await stored(message.id as string);
    expect(row).toMatchObject({ type: 'button', unsupported: false, text: 'Ja' });
  });

  it('stores an interactive message without its body as unsupported, and keeps the value-level errors', async () => {
    const from = uniquePhone();
    const { interactive: _body, ...message } = exampleMessage('button_reply', { from });
    const errors = [{ code: 131000, title: 'Something went wrong', error_data: { details: `Unsupported webhook payload ${message.id}` } }];
    const delivery = cloudPayload({ contacts: [exampleContact({ from })], messages: [message] });
    (delivery.entry[0]!.changes[0]!.value as Record<string, unknown>).errors = errors;
    await post(delivery);
    const row = await stored(message.id as string);
    expect(row).toMatchObject({ type: 'interactive', unsupported: true, text: null });
    expect(await eventsHolding(errors)).toHaveLength(1);
  });

  it('keeps a messages change holding only user_actions as a webhook event with the reason', async () => {
    const click = { action_type: 'marketing_messages_link_click', timestamp: 'x', marketing_messages_link_click_data: { click_id: newWamid() } };
    const response = await post(cloudChange('messages', { user_actions: [click] }));
    expect(response.json).toMatchObject({ ok: true, stored: 0 });
    const [event] = await eventsHolding({ user_actions: [click] });
    expect(event).toMatchObject({ field: 'messages' });
    expect(event!.reason).toMatch(/user_actions/);
  });

  it('keeps a message naming no sender at all as a webhook event, and stores the rest of the delivery', async () => {
    const from = uniquePhone();
    const good = exampleMessage('text', { from });
    const { from: _from, ...orphan } = exampleMessage('text');
    await post(cloudPayload({ contacts: [exampleContact({ from }), { wa_id: uniquePhone() }], messages: [good, orphan] }));
    expect(await stored(good.id as string)).not.toBeNull();
    expect(await stored(orphan.id as string)).toBeNull();
    const [event] = await eventsHolding({ id: orphan.id });
    expect(event!.reason).toMatch(/sender/);
  });
});

describe('poison pills', () => {
  it.each(['__proto__', 'constructor', 'toString'])('records an unknown status %j without moving the message, and answers 200', async (name) => {
    const message = await outboundMessage();
    const status = { ...exampleStatus({ wamid: message.wamid!, status: 'delivered' }), status: name };
    for (let attempt = 0; attempt < 2; attempt++) await post(cloudPayload({ statuses: [status] }));
    const events = await db().statusEvent.findMany({ where: { wamid: message.wamid! } });
    expect(events).toMatchObject([{ rawStatus: name.toLowerCase(), status: null }]);
    expect((await db().message.findUniqueOrThrow({ where: { id: message.id } })).status).toBe('SENT');
  });

  it.each([99999999999, 1e300, '99999999999999', 'soon'])('replaces an impossible message timestamp (%j) and keeps what was sent', async (timestamp) => {
    const from = uniquePhone();
    const message = { ...exampleMessage('text', { from }), timestamp } as Record<string, any>;
    const before = Date.now();
    await post(cloudPayload({ contacts: [exampleContact({ from })], messages: [message] }));
    const row = (await stored(message.id as string))!;
    expect(row.occurredAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(row.occurredAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    expect((row.payload as { timestamp: unknown }).timestamp).toBe(timestamp);
  });

  it('replaces an impossible status timestamp and still applies the status', async () => {
    const message = await outboundMessage();
    await post(cloudPayload({ statuses: [{ ...exampleStatus({ wamid: message.wamid!, status: 'read' }), timestamp: 99999999999 }] }));
    const row = await db().message.findUniqueOrThrow({ where: { id: message.id } });
    expect(row.status).toBe('READ');
    expect(row.readAt!.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
  });
});

describe('edits and deletions by the candidate', () => {
  it('an edit changes the original message, is not stored itself, and a redelivery changes nothing more', async () => {
    const from = uniquePhone();
    const original = exampleMessage('text', { from, text: 'Ik werk 20 uur' });
    await post(cloudPayload({ contacts: [exampleContact({ from })], messages: [original] }));
    const edit = exampleEdit(original.id as string, 'Ik werk 32 uur', { from, timestamp: Math.floor(Date.now() / 1000) + 5 });
    await post(cloudPayload({ contacts: [exampleContact({ from })], messages: [edit] }));
    const row = (await stored(original.id as string))!;
    expect(row.text).toBe('Ik werk 32 uur');
    expect(row.conversation.lastMessagePreview).toBe('Ik werk 32 uur');
    expect(row.editedAt?.getTime()).toBe(Number(edit.timestamp) * 1000);
    expect(await stored(edit.id as string)).toBeNull();
    const count = await db().message.count({ where: { conversationId: row.conversationId, direction: 'INBOUND' } });

    // A later edit wins; the first one delivered again does not bring its text back.
    const later = exampleEdit(original.id as string, 'Ik werk 36 uur', { from, timestamp: Number(edit.timestamp) + 5 });
    await post(cloudPayload({ contacts: [exampleContact({ from })], messages: [later] }));
    await post(cloudPayload({ contacts: [exampleContact({ from })], messages: [edit] }));
    const after = (await stored(original.id as string))!;
    expect(after.text).toBe('Ik werk 36 uur');
    expect(after.editedAt?.getTime()).toBe(Number(later.timestamp) * 1000);
    expect(await db().message.count({ where: { conversationId: row.conversationId, direction: 'INBOUND' } })).toBe(count);
  });

  it('a deletion clears the original\'s text and content and keeps the fact', async () => {
    const from = uniquePhone();
    const original = exampleMessage('text', { from, text: 'Mijn BSN is 123456782' });
    await post(cloudPayload({ contacts: [exampleContact({ from })], messages: [original] }));
    const revoke = exampleRevoke(original.id as string, { from });
    for (let attempt = 0; attempt < 2; attempt++) await post(cloudPayload({ contacts: [exampleContact({ from })], messages: [revoke] }));
    const row = (await stored(original.id as string))!;
    expect(row.text).toBeNull();
    expect(row.deletedAt).not.toBeNull();
    expect(JSON.stringify(row.payload)).not.toContain('123456782');
    expect(row.conversation.lastMessagePreview).not.toContain('123456782');
    expect(await stored(revoke.id as string)).toBeNull();
    expect(await db().message.count({ where: { conversationId: row.conversationId, direction: 'INBOUND' } })).toBe(1);
  });

  it('keeps an edit of a message it does not know as a webhook event with the reason', async () => {
    const from = uniquePhone();
    const edit = exampleEdit(newWamid(), 'Nieuwe tekst', { from });
    await post(cloudPayload({ contacts: [exampleContact({ from })], messages: [edit] }));
    expect(await stored(edit.id as string)).toBeNull();
    const [event] = await eventsHolding({ id: edit.id });
    expect(event!.reason).toMatch(/unknown/);
  });
});

describe('echoes from the WhatsApp Business app', () => {
  it('shows an echo once as an outbound message from the app, and the person who wrote it takes over: the bot falls silent', async () => {
    const from = uniquePhone();
    const first = await candidateWrites({ from, name: 'Sarah', text: 'Hoi! Ik ben op zoek naar een baan als kapper' });
    const botReplies = await until(() => sentTo(from), (sent) => sent.length >= 2);
    const conversationId = (await stored(first.wamid))!.conversationId;
    const botMessages = () => db().message.count({ where: { conversationId, author: 'BOT' } });
    const botBefore = await botMessages();

    const echo = exampleEcho(from, 'Hoi Sarah, ik bel je zo even.');
    const delivery = cloudChange('smb_message_echoes', { contacts: [exampleContact({ from })], message_echoes: [echo] });
    await post(delivery);
    await post(delivery);

    const rows = await db().message.findMany({ where: { wamid: echo.id } });
    expect(rows).toMatchObject([{ direction: 'OUTBOUND', author: 'RECRUITER', fromBusinessApp: true, text: 'Hoi Sarah, ik bel je zo even.', status: 'SENT' }]);
    const conversation = await db().conversation.findUniqueOrThrow({ where: { id: rows[0]!.conversationId }, include: { events: true } });
    expect(conversation.mode).toBe('HUMAN');
    expect(conversation.events.filter((e) => e.type === 'TAKEOVER')).toMatchObject([{ reason: 'whatsapp_business_app', userId: null }]);
    expect(await eventsHolding({ message_echoes: [{ id: echo.id }] })).toHaveLength(2);

    // The candidate answers: stored, processed, and not answered by the bot.
    const next = await candidateWrites({ from, text: '4 jaar of meer' });
    await until(() => db().message.findUniqueOrThrow({ where: { wamid: next.wamid } }), (m) => m.processedAt !== null);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await sentTo(from)).toHaveLength(botReplies.length);
    expect(await botMessages()).toBe(botBefore);
  });

  it('marks an outbound message deleted when the business deleted it in the app', async () => {
    const message = await outboundMessage();
    const contact = await db().contact.findFirstOrThrow({ where: { conversation: { id: message.conversationId } } });
    const revoke = { ...exampleRevoke(message.wamid!, { from: '31201234567' }), to: contact.waId } as Record<string, any>;
    await post(cloudChange('smb_message_echoes', { message_echoes: [revoke] }));
    const row = await db().message.findUniqueOrThrow({ where: { id: message.id } });
    expect(row.deletedAt).not.toBeNull();
    expect(row.text).toBeNull();
    expect(await db().message.count({ where: { wamid: revoke.id as string } })).toBe(0);
  });
});

describe('echoes of edits in the WhatsApp Business app', () => {
  it('changes the text of the outbound message edited in the app, without a message of its own', async () => {
    const message = await outboundMessage();
    const contact = await db().contact.findFirstOrThrow({ where: { conversation: { id: message.conversationId } } });
    const edit = { ...exampleEdit(message.wamid!, 'Wat is je ervaring als barbier?', { from: '31201234567' }), to: contact.waId } as Record<string, any>;
    await post(cloudChange('smb_message_echoes', { message_echoes: [edit] }));
    await post(cloudChange('smb_message_echoes', { message_echoes: [edit] }));
    const row = await db().message.findUniqueOrThrow({ where: { id: message.id } });
    expect(row.text).toBe('Wat is je ervaring als barbier?');
    expect(row.editedAt?.getTime()).toBe(Number(edit.timestamp) * 1000);
    expect(await db().message.count({ where: { wamid: edit.id as string } })).toBe(0);
    expect(await db().message.count({ where: { conversationId: message.conversationId } })).toBe(1);
  });
});

describe('groups and history', () => {
  it('stores a group message flagged as such and never answers it', async () => {
    const from = uniquePhone();
    const message = { ...exampleMessage('text', { from, text: 'Hoi! Ik ben op zoek naar een baan als kapper' }), group_id: 'GROUP.1203630' } as Record<string, any>;
    await post(cloudPayload({ contacts: [exampleContact({ from })], messages: [message] }));
    const row = await until(() => db().message.findUniqueOrThrow({ where: { wamid: message.id as string } }), (m) => m.processedAt !== null);
    expect(row).toMatchObject({ direction: 'INBOUND', groupId: 'GROUP.1203630', unsupported: false });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await db().message.count({ where: { conversationId: row.conversationId, direction: 'OUTBOUND' } })).toBe(0);
    const conversation = await db().conversation.findUniqueOrThrow({ where: { id: row.conversationId } });
    expect(conversation.agentStep).toBeNull();
    // It opens a window with the group, not with the candidate: no free text to them one to one.
    expect(conversation.lastInboundAt).toBeNull();
    const { cookie } = await signedInAs('RECRUITER');
    const reply = await fetch(`${baseUrl()}/api/conversations/${row.conversationId}/messages`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Hoi, zullen we even bellen?' }),
    });
    expect(reply.status).toBe(409);
    expect((await reply.json()).error.code).toBe('window_closed');
    // Their own message afterwards opens it; a later group message moves nothing.
    const own = exampleMessage('text', { from, text: 'Ik stuur je liever zelf een bericht' });
    await post(cloudPayload({ contacts: [exampleContact({ from })], messages: [own] }));
    const opened = (await db().conversation.findUniqueOrThrow({ where: { id: row.conversationId } })).lastInboundAt;
    expect(opened?.getTime()).toBe(Number(own.timestamp) * 1000);
    const later = { ...exampleMessage('text', { from, text: 'Nog iets in de groep', timestamp: Number(own.timestamp) + 60 }), group_id: 'GROUP.1203630' };
    await post(cloudPayload({ contacts: [exampleContact({ from })], messages: [later] }));
    expect((await db().conversation.findUniqueOrThrow({ where: { id: row.conversationId } })).lastInboundAt?.getTime()).toBe(opened!.getTime());
  });

  it('keeps group status changes as webhook events', async () => {
    const id = newWamid();
    await post(cloudChange('group_participants_update', { groups: [{ group_id: id, type: 'group_participants_add' }] }));
    expect(await eventsHolding({ groups: [{ group_id: id }] })).toMatchObject([{ field: 'group_participants_update' }]);
  });

  it('keeps a history sync as a webhook event and stores none of its messages', async () => {
    const from = uniquePhone();
    const old = exampleMessage('text', { from, text: 'Oud bericht', timestamp: Math.floor(Date.now() / 1000) - 86400 * 30 });
    const history = { history: [{ metadata: { phase: 0, chunk_order: 1, progress: 100 }, threads: [{ id: from, messages: [old] }] }] };
    await post(cloudChange('history', history));
    await post(cloudChange('history', history));
    expect(await db().message.count({ where: { wamid: old.id as string } })).toBe(0);
    expect(await db().contact.count({ where: { waId: from } })).toBe(0);
    expect(await eventsHolding({ history: [{ threads: [{ id: from }] }] })).toHaveLength(2);
  });
});
