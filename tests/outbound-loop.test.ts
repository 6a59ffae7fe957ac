// The whole loop through the running app: a candidate writes through the sandbox, a reply
// queued by another process is sent by the app's dispatcher, and 360Dialog's status
// webhooks come back onto the message.
import { describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import { queueMessage } from '../lib/outbox/queue';
import { candidateWrites, sentTo, until } from './helpers/sandbox';
import { uniquePhone } from './helpers/webhook';

async function conversationOf(waId: string) {
  return until(
    () => db().conversation.findFirst({ where: { contact: { waId } } }),
    (c) => c !== null,
  ).then((c) => c!);
}

describe('the outbound loop', () => {
  it('sends a reply queued elsewhere and records sent, delivered, read and the price', async () => {
    const waId = uniquePhone();
    const inbound = await candidateWrites({ from: waId, name: 'Sarah', text: 'Hoi! Ik zoek werk als kapper' });
    expect(inbound.webhookStatus).toBe(200);
    const conversation = await conversationOf(waId);

    // This test process has no dispatcher: the app's is woken through PostgreSQL NOTIFY.
    const { id } = await queueMessage({ conversationId: conversation.id, author: 'BOT', content: { type: 'text', body: 'Leuk! Hoeveel jaar ervaring heb je?' } });
    const reply = 'Leuk! Hoeveel jaar ervaring heb je?';
    const messages = await until(() => sentTo(waId), (all) => all.some((m) => m.body.text?.body === reply));
    const sent = messages.find((m) => m.body.text?.body === reply);
    expect(sent!.body).toMatchObject({ to: waId, type: 'text', text: { body: 'Leuk! Hoeveel jaar ervaring heb je?' } });

    const row = await until(() => db().message.findUniqueOrThrow({ where: { id } }), (m) => m.status === 'READ');
    expect(row).toMatchObject({
      wamid: sent!.wamid,
      pricingModel: 'PMP',
      pricingCategory: 'service',
      pricingType: 'free_customer_service',
      billable: false,
    });
    expect(row.deliveredAt).toBeInstanceOf(Date);
  });

  it('sends a template, priced as utility', async () => {
    const waId = uniquePhone();
    await candidateWrites({ from: waId, text: 'Hallo' });
    const conversation = await conversationOf(waId);
    const { id } = await queueMessage({
      conversationId: conversation.id,
      author: 'RECRUITER',
      content: {
        type: 'template',
        name: 'interview_invitation',
        language: 'nl',
        category: 'utility',
        components: [{ type: 'body', parameters: [{ type: 'text', text: 'Sarah' }, { type: 'text', text: 'dinsdag 14:00' }] }],
      },
    });
    const row = await until(() => db().message.findUniqueOrThrow({ where: { id } }), (m) => m.pricingCategory !== null);
    expect(row).toMatchObject({ type: 'template', text: 'interview_invitation: Sarah, dinsdag 14:00', pricingCategory: 'utility' });
  });
});
