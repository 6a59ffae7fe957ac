// Every message type WhatsApp sends is stored, in both payload shapes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import {
  SEED_EXAMPLE,
  cloudPayload,
  exampleContact,
  exampleMessage,
  legacyPayload,
  type ExampleMessageType,
} from '../dev/examples';
import { postWebhook, uniquePhone } from './helpers/webhook';

const fixture = (name: string) => JSON.parse(readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8'));

// type sent -> [stored type, unsupported, text, media mime type]
const expectations: Record<ExampleMessageType, [string, boolean, string | null, string | null]> = {
  text: ['text', false, 'Hoi! Ik ben op zoek naar een baan als kapper', null],
  image: ['image', false, 'Mijn diploma', 'image/jpeg'],
  document: ['document', false, 'Mijn CV', 'application/pdf'],
  audio: ['audio', false, null, 'audio/ogg; codecs=opus'],
  voice: ['voice', false, null, 'audio/ogg; codecs=opus'],
  video: ['video', false, 'Voorstelvideo', 'video/mp4'],
  sticker: ['sticker', false, null, 'image/webp'],
  location: ['location', false, 'Salon Centraal, Damrak 1, Amsterdam', null],
  contacts: ['contacts', false, 'Jan de Vries', null],
  button_reply: ['interactive', false, 'Kapper', null],
  list_reply: ['interactive', false, '32-40 uur', null],
  button: ['button', false, 'Ja, ik heb interesse', null],
  reaction: ['reaction', false, '👍', null],
  system: ['system', false, null, null],
  unsupported: ['unsupported', true, null, null],
  unknown: ['hologram', true, null, null],
};

describe.each(['cloud', 'legacy'] as const)('message types (%s shape)', (shape) => {
  it.each(Object.keys(expectations) as ExampleMessageType[])('stores a %s message', async (type) => {
    const from = uniquePhone();
    const message = exampleMessage(type, { from, name: 'Sarah' });
    const parts = type === 'system' ? { messages: [message] } : { contacts: [exampleContact({ from })], messages: [message] };
    const payload = shape === 'cloud' ? cloudPayload(parts) : legacyPayload(parts);
    const response = await postWebhook(payload);
    expect(response.status, response.text).toBe(200);
    expect(response.json).toMatchObject({ ok: true, stored: 1, duplicates: 0 });

    const row = await db().message.findUniqueOrThrow({
      where: { wamid: message.id as string },
      include: { conversation: { include: { contact: true } } },
    });
    const [storedType, unsupported, text, mime] = expectations[type];
    expect(row.type).toBe(storedType);
    expect(row.unsupported).toBe(unsupported);
    if (type === 'system') expect(row.text).toMatch(/changed from/);
    else expect(row.text).toBe(text);
    expect(row.mediaMimeType).toBe(mime);
    if (mime) expect(row.mediaId).toBe((message[type] as { id: string }).id);
    expect(row.direction).toBe('INBOUND');
    expect(row.author).toBe('CANDIDATE');
    expect(row.status).toBe('RECEIVED');
    expect(row.occurredAt.getTime()).toBe(Number(message.timestamp) * 1000);
    // The raw message is kept as WhatsApp sent it (legacy numbers carry a +).
    expect(row.payload).toMatchObject({ id: message.id, type: message.type });
    // "+316..." and "316..." are the same candidate.
    expect(row.conversation.contact.waId).toBe(from);
    expect(row.conversation.contact.profileName).toBe(type === 'system' ? null : 'Sarah');
    expect(row.conversation.lastInboundAt?.getTime()).toBe(row.occurredAt.getTime());
  });
});

describe('documented examples', () => {
  it('stores the seed document\'s example payload', async () => {
    const response = await postWebhook(SEED_EXAMPLE);
    expect(response.status).toBe(200);
    const row = await db().message.findUniqueOrThrow({
      where: { wamid: SEED_EXAMPLE.messages[0]!.id },
      include: { conversation: { include: { contact: true } } },
    });
    expect(row.text).toBe('Hoi! Ik ben op zoek naar een baan als kapper');
    expect(row.conversation.contact).toMatchObject({ waId: '31612345678', profileName: 'Sarah' });
  });

  it('stores Meta\'s documented text message example', async () => {
    const payload = fixture('meta-text-message.json');
    const response = await postWebhook(payload);
    expect(response.status).toBe(200);
    const row = await db().message.findUniqueOrThrow({
      where: { wamid: payload.entry[0].changes[0].value.messages[0].id },
      include: { conversation: { include: { contact: true } } },
    });
    expect(row.text).toBe('Does it come in another color?');
    expect(row.conversation.contact).toMatchObject({ waId: '16505551234', profileName: 'Sheena Nelson' });
  });

  it('keeps the reply context and the reacted-to message id', async () => {
    const from = uniquePhone();
    const original = exampleMessage('text', { from });
    const reply = exampleMessage('button_reply', { from, refersTo: 'wamid.OUR-QUESTION' });
    const reaction = exampleMessage('reaction', { from, refersTo: original.id as string, text: '❤️' });
    const response = await postWebhook(cloudPayload({ contacts: [exampleContact({ from })], messages: [original, reply, reaction] }));
    expect(response.json.stored).toBe(3);
    const stored = await db().message.findUniqueOrThrow({ where: { wamid: reply.id as string } });
    expect(stored.contextWamid).toBe('wamid.OUR-QUESTION');
    const storedReaction = await db().message.findUniqueOrThrow({ where: { wamid: reaction.id as string } });
    expect(storedReaction.payload).toMatchObject({ reaction: { message_id: original.id, emoji: '❤️' } });
  });

  it('stores a candidate who hides their number behind a username (BSUID only)', async () => {
    const userId = `NL.${Date.now()}${Math.floor(Math.random() * 1e6)}`;
    const message = { ...exampleMessage('text', { text: 'Hallo' }), from: undefined, from_user_id: userId };
    const contact = { profile: { name: 'Mila', username: '@mila.k' }, user_id: userId };
    const first = await postWebhook(cloudPayload({ contacts: [contact], messages: [message] }));
    expect(first.status).toBe(200);
    const row = await db().contact.findFirstOrThrow({ where: { userId } });
    expect(row).toMatchObject({ identity: userId, waId: null, username: '@mila.k', profileName: 'Mila' });
    // A later message from the same BSUID lands in the same conversation.
    const second = { ...exampleMessage('text', { text: 'Nog een vraag' }), from: undefined, from_user_id: userId };
    await postWebhook(cloudPayload({ contacts: [contact], messages: [second] }));
    expect(await db().contact.count({ where: { userId } })).toBe(1);
    expect(await db().message.count({ where: { conversation: { contactId: row.id }, direction: 'INBOUND' } })).toBe(2);
  });

  it('keeps webhook changes that are not messages (e.g. account updates)', async () => {
    const marker = `review-${Date.now()}`;
    const payload = {
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'account_review_update', value: { decision: 'APPROVED', marker } }] }],
    };
    const response = await postWebhook(payload);
    expect(response.status).toBe(200);
    expect(response.json.events).toBe(1);
    const events = await db().webhookEvent.findMany({ where: { field: 'account_review_update' } });
    expect(events.some((event) => (event.payload as { marker?: string }).marker === marker)).toBe(true);
  });
});
