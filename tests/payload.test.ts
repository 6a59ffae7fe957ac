// Parsing and normalising webhook payloads (pure functions).
import { describe, expect, it } from 'vitest';
import { cloudPayload, exampleMessage } from '../dev/examples';
import { identityOf, normaliseWaId, storableJson, timestampOf } from '../lib/ingest/fields';
import { PayloadError, parseWebhookPayload } from '../lib/ingest/payload';

describe('webhook payload parsing', () => {
  it('normalises phone numbers from both API generations to digits', () => {
    expect(normaliseWaId('+31612345678')).toBe('31612345678');
    expect(normaliseWaId('31612345678')).toBe('31612345678');
    expect(normaliseWaId('+31 6 1234-5678')).toBe('31612345678');
    expect(normaliseWaId('NL.1502576394655843')).toBe('NL.1502576394655843');
    expect(normaliseWaId(undefined)).toBeNull();
  });

  it('flags interactive replies of a kind it does not know as unsupported, and keeps them', () => {
    const message = { ...exampleMessage('button_reply'), interactive: { type: 'nfm_reply', nfm_reply: { response_json: '{}' } } };
    const batch = parseWebhookPayload(cloudPayload({ messages: [message] }));
    expect(batch.messages[0]).toMatchObject({ type: 'interactive', unsupported: true, text: null });
  });

  it('keeps a message that names no sender (no from, from_user_id or only contact) as an event with the reason', () => {
    const message: Record<string, unknown> = { ...exampleMessage('text'), from: undefined };
    const batch = parseWebhookPayload(cloudPayload({ messages: [message] }));
    expect(batch.messages).toHaveLength(0);
    expect(batch.events).toMatchObject([{ field: 'messages', payload: { id: message.id }, reason: expect.stringMatching(/sender/) }]);
  });

  it('tells a phone number from a business-scoped user id', () => {
    expect(identityOf('+31 6 1234 5678', '')).toEqual({ waId: '31612345678', userId: null });
    expect(identityOf('', 'US.13491208655302741918')).toEqual({ waId: null, userId: 'US.13491208655302741918' });
    expect(identityOf('US.1234', undefined)).toEqual({ waId: null, userId: 'US.1234' });
    expect(identityOf(undefined, undefined)).toEqual({ waId: null, userId: null });
  });

  it('replaces a timestamp that cannot be true by the time of receipt', () => {
    const now = new Date('2026-06-01T12:00:00Z');
    expect(timestampOf('1750000000', now)).toEqual(new Date(1750000000 * 1000));
    expect(timestampOf(1750000000, now)).toEqual(new Date(1750000000 * 1000));
    for (const impossible of [99999999999, '99999999999', 1e300, -1, 0, 'TIMESTAMP', null, undefined, {}, NaN, Infinity]) {
      expect(timestampOf(impossible, now), String(impossible)).toBe(now);
    }
  });

  it('records a status it does not know, even one named like an object property, as unknown', () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const batch = parseWebhookPayload(cloudPayload({ statuses: [{ id: 'wamid.X', status: name, timestamp: '1750000000' }] }));
      expect(batch.statuses[0]!.status, name).toBeNull();
    }
  });

  it('reads edits and deletions as changes to the original, not as messages', () => {
    const batch = parseWebhookPayload(
      cloudPayload({
        messages: [
          { from: '31612345678', id: 'wamid.E', timestamp: '1750000000', type: 'edit', edit: { original_message_id: 'wamid.O', message: { type: 'text', text: { body: 'nieuw' } } } },
          { from: '31612345678', id: 'wamid.R', timestamp: '1750000001', type: 'revoke', revoke: { original_message_id: 'wamid.P' } },
        ],
      }),
    );
    expect(batch.messages).toHaveLength(0);
    expect(batch.changes).toMatchObject([
      { kind: 'edit', wamid: 'wamid.E', originalWamid: 'wamid.O', text: 'nieuw' },
      { kind: 'revoke', wamid: 'wamid.R', originalWamid: 'wamid.P', text: null },
    ]);
  });

  it('reads echoes as messages to the candidate, and keeps history without reading messages from it', () => {
    const echoes = parseWebhookPayload({
      object: 'whatsapp_business_account',
      entry: [{ changes: [{ field: 'smb_message_echoes', value: { metadata: { display_phone_number: '31201234567' }, message_echoes: [{ from: '31201234567', to: '31612345678', id: 'wamid.Y', timestamp: '1750000000', type: 'text', text: { body: 'Hoi' } }] } }] }],
    });
    expect(echoes.messages).toHaveLength(0);
    expect(echoes.echoes).toMatchObject([{ wamid: 'wamid.Y', toWaId: '31612345678', text: 'Hoi' }]);
    expect(echoes.events).toMatchObject([{ field: 'smb_message_echoes' }]);
    const history = parseWebhookPayload({
      object: 'whatsapp_business_account',
      entry: [{ changes: [{ field: 'history', value: { history: [{ threads: [{ id: '31612345678', messages: [exampleMessage('text')] }] }] } }] }],
    });
    expect(history.messages).toHaveLength(0);
    expect(history.events).toMatchObject([{ field: 'history', reason: null }]);
  });

  it('reads statuses with their first error', () => {
    const batch = parseWebhookPayload({
      statuses: [
        {
          id: 'wamid.X',
          status: 'failed',
          timestamp: '1750000000',
          recipient_id: '+31612345678',
          errors: [{ code: 470, title: 'Message failed to send because more than 24 hours have passed' }],
        },
      ],
    });
    expect(batch.shape).toBe('legacy');
    expect(batch.statuses[0]).toMatchObject({
      wamid: 'wamid.X',
      status: 'FAILED',
      recipientId: '31612345678',
      error: { code: 470 },
    });
  });

  it('keeps more than a thousand messages in one change as an event rather than reading them', () => {
    const messages = Array.from({ length: 1001 }, () => exampleMessage('text'));
    const batch = parseWebhookPayload(cloudPayload({ messages }));
    expect(batch.messages).toHaveLength(0);
    expect(batch.events).toMatchObject([{ field: 'messages', reason: expect.stringMatching(/more than 1000/) }]);
  });

  it('refuses only a body that is not a WhatsApp payload at all', () => {
    for (const body of [null, [], 'x', {}, { hello: 'world' }, { object: 'whatsapp_business_account' }, { object: 'x', entry: [] }]) {
      expect(() => parseWebhookPayload(body), JSON.stringify(body)).toThrow(PayloadError);
    }
  });

  it('makes any JSON storable in PostgreSQL', () => {
    expect(storableJson({ 'k\u0000': ['\u0000', '\udc00x', 1, null, true] })).toEqual({
      'k\uFFFD': ['\uFFFD', '\uFFFDx', 1, null, true],
    });
  });
});
