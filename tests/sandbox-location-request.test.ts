// The location request: content of its own in the outbound model, its Cloud API body, how
// the outbox stores it, and how the sandbox takes it and lets the candidate answer.
import { describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import { OutboxError, enqueueMessage } from '../lib/outbox/queue';
import { outboundContent, summary, toApiPayload } from '../lib/whatsapp/outbound';
import { candidateWrites, sendError, useOwnSandbox } from './helpers/own-sandbox';
import { until } from './helpers/sandbox';
import { uniquePhone } from './helpers/webhook';

const own = useOwnSandbox('location-test-key');

const locationRequest = (to: string, interactive: Record<string, unknown>) => ({
  messaging_product: 'whatsapp',
  recipient_type: 'individual',
  to,
  type: 'interactive',
  interactive: { type: 'location_request_message', ...interactive },
});

describe('the location request', () => {
  it('is content of its own: trimmed body of 1 to 1024 characters, the Cloud API body, the timeline text', () => {
    const content = outboundContent.parse({ type: 'location_request', body: '  Waar woon je? Deel je locatie.  ' });
    expect(toApiPayload('31612345678', content)).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '31612345678',
      type: 'interactive',
      interactive: { type: 'location_request_message', body: { text: 'Waar woon je? Deel je locatie.' }, action: { name: 'send_location' } },
    });
    expect(summary(content)).toBe('Waar woon je? Deel je locatie.');
    expect(toApiPayload('31612345678', { type: 'location_request', body: 'Waar?', replyTo: 'wamid.IN' })).toMatchObject({ context: { message_id: 'wamid.IN' } });
    expect(outboundContent.safeParse({ type: 'location_request', body: '   ' }).success).toBe(false);
    expect(outboundContent.safeParse({ type: 'location_request', body: 'x'.repeat(1025) }).success).toBe(false);
    expect(outboundContent.safeParse({ type: 'location_request', body: 'x'.repeat(1024) }).success).toBe(true);
  });

  it('is accepted inside the window and gets sent, delivered and read, priced as service', async () => {
    const { from } = await candidateWrites(own.sandbox);
    const payload = toApiPayload(from, { type: 'location_request', body: 'Waar woon je?' });
    const { wamid } = await own.client.sendMessage(payload);
    expect(own.sandbox.sent.find((m) => m.wamid === wamid)).toMatchObject({ type: 'interactive', body: payload });
    const statuses = await until(
      async () => own.delivered.flatMap((v) => v.statuses ?? []).filter((s: any) => s.id === wamid),
      (s) => s.length === 3,
    );
    expect(statuses.map((s: any) => s.status)).toEqual(['sent', 'delivered', 'read']);
    expect(statuses[0]).toMatchObject({ pricing: { category: 'service', billable: false } });
  });

  it('is refused like the API: no body, a wrong action name, a body over 1024, outside the window', async () => {
    const { from } = await candidateWrites(own.sandbox);
    const noBody = await sendError(own.client.sendMessage(locationRequest(from, { action: { name: 'send_location' } })));
    expect(noBody).toMatchObject({ category: 'invalid_request', details: { httpStatus: 400, code: 100 } });
    const wrongAction = await sendError(own.client.sendMessage(locationRequest(from, { body: { text: 'Waar?' }, action: { name: 'share_location' } })));
    expect(wrongAction).toMatchObject({ category: 'invalid_request', details: { code: 100, detail: expect.stringMatching(/send_location/) } });
    const noAction = await sendError(own.client.sendMessage(locationRequest(from, { body: { text: 'Waar?' } })));
    expect(noAction.details.code).toBe(100);
    const tooLong = await sendError(own.client.sendMessage(locationRequest(from, { body: { text: 'x'.repeat(1025) }, action: { name: 'send_location' } })));
    expect(tooLong).toMatchObject({ details: { code: 100, detail: expect.stringMatching(/1024/) } });
    const closed = await sendError(own.client.sendMessage(toApiPayload(uniquePhone(), { type: 'location_request', body: 'Waar woon je?' })));
    expect(closed).toMatchObject({ category: 'window_closed', details: { code: 131047 } });
    expect(own.sandbox.sent.filter((m) => m.to === from)).toEqual([]);
  });

  it('is answered by the candidate with a location that refers to it (a dropped pin has no name)', async () => {
    const { from } = await candidateWrites(own.sandbox);
    const { wamid: request } = await own.client.sendMessage(toApiPayload(from, { type: 'location_request', body: 'Waar woon je?' }));
    const { wamid, response } = await candidateWrites(own.sandbox, { from, type: 'location', refersTo: request, location: { latitude: 51.9225, longitude: 4.47917 } });
    expect(response.status).toBe(200);
    const message = own.delivered.flatMap((v) => v.messages ?? []).find((m: any) => m.id === wamid);
    expect(message).toMatchObject({ type: 'location', from, context: { id: request } });
    expect(message.location).toEqual({ latitude: 51.9225, longitude: 4.47917 });

    const named = await candidateWrites(own.sandbox, { type: 'location', location: { latitude: 52.09, longitude: 5.12, name: 'Salon Oost', address: 'Oudegracht 1, Utrecht' } });
    expect(own.delivered.flatMap((v) => v.messages ?? []).find((m: any) => m.id === named.wamid).location).toEqual({
      latitude: 52.09,
      longitude: 5.12,
      name: 'Salon Oost',
      address: 'Oudegracht 1, Utrecht',
    });
    for (const location of [{ latitude: 91, longitude: 4 }, { latitude: '52', longitude: 4 }, { longitude: 4 }]) {
      expect((await candidateWrites(own.sandbox, { type: 'location', location })).response.status).toBe(400);
    }
  });
});

describe('the location request in the outbox', () => {
  /** Queues content for a fresh candidate and reads the row back; everything is rolled back (nothing is sent). */
  async function queued(content: { type: 'location_request'; body: string }, lastInboundAt: Date) {
    const rollback = new Error('rollback');
    let row: { type: string; text: string | null; payload: unknown } | null = null;
    const waId = uniquePhone();
    const outcome = await db()
      .$transaction(async (tx) => {
        const contact = await tx.contact.create({ data: { identity: waId, waId, conversation: { create: { lastInboundAt } } }, include: { conversation: true } });
        const { id } = await enqueueMessage(tx, { conversationId: contact.conversation!.id, author: 'BOT', content });
        row = await tx.message.findUniqueOrThrow({ where: { id }, select: { type: true, text: true, payload: true } });
        throw rollback;
      })
      .catch((error: unknown) => error);
    return { waId, row: row as typeof row, error: outcome === rollback ? null : outcome };
  }

  it('is stored as an interactive message (a service message for the cost estimate) with its body as text', async () => {
    const { waId, row, error } = await queued({ type: 'location_request', body: 'Waar woon je?' }, new Date(Date.now() - 60_000));
    expect(error).toBeNull();
    expect(row).toEqual({ type: 'interactive', text: 'Waar woon je?', payload: toApiPayload(waId, { type: 'location_request', body: 'Waar woon je?' }) });
  });

  it('is refused outside the 24-hour window, like every free-form message', async () => {
    const { error } = await queued({ type: 'location_request', body: 'Waar woon je?' }, new Date(Date.now() - 25 * 3600_000));
    expect(error).toBeInstanceOf(OutboxError);
    expect(error).toMatchObject({ code: 'window_closed' });
  });
});
