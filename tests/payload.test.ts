// Parsing and normalising webhook payloads (pure functions).
import { describe, expect, it } from 'vitest';
import { cloudPayload, exampleMessage } from '../dev/examples';
import { PayloadError, normaliseWaId, parseWebhookPayload, storableJson } from '../lib/ingest/payload';

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

  it('needs a sender: from or from_user_id', () => {
    const message = { ...exampleMessage('text'), from: undefined };
    expect(() => parseWebhookPayload(cloudPayload({ messages: [message] }))).toThrow(PayloadError);
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

  it('refuses more than a thousand messages in one change', () => {
    const messages = Array.from({ length: 1001 }, () => exampleMessage('text'));
    expect(() => parseWebhookPayload(cloudPayload({ messages }))).toThrow(PayloadError);
  });

  it('makes any JSON storable in PostgreSQL', () => {
    expect(storableJson({ 'k\u0000': ['\u0000', '\udc00x', 1, null, true] })).toEqual({
      'k\uFFFD': ['\uFFFD', '\uFFFDx', 1, null, true],
    });
  });
});
