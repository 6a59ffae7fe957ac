// The screening reminder: one nudge to a candidate who stopped answering, only inside the
// 24-hour window, never after a takeover or a handoff; the list shows the stalled screening.
import { describe, expect, it } from 'vitest';
import { loadScreeningConfig } from '../lib/agent/config';
import { sendNudges } from '../lib/agent/nudge';
import { runAgentFor } from '../lib/agent/run';
import { listConversations } from '../lib/conversations/read-model';
import { db } from '../lib/db/client';
import { takeOver } from '../lib/conversations/transitions';
import { ingestWebhook } from '../lib/ingest/store';
import { createUser } from '../lib/auth/users';
import { cloudPayload, exampleContact, exampleMessage } from '../dev/examples';
import { parseWebhookPayload } from '../lib/ingest/payload';
import { useIsolatedDatabase } from './helpers/isolated-database';
import { uniquePhone } from './helpers/webhook';

await useIsolatedDatabase();
const config = loadScreeningConfig();
const FOUR_HOURS = 4 * 3600;

async function candidateWrites(waId: string, text: string) {
  const batch = parseWebhookPayload(cloudPayload({ contacts: [exampleContact({ from: waId, name: 'Sanne' })], messages: [exampleMessage('text', { from: waId, text })] }));
  const { storedMessageIds } = await ingestWebhook(batch);
  const message = await db().message.findUniqueOrThrow({ where: { id: storedMessageIds[0]! } });
  await runAgentFor({ id: message.id, conversationId: message.conversationId, seq: message.seq });
  return message.conversationId;
}

const botTexts = async (conversationId: string) =>
  (await db().message.findMany({ where: { conversationId, direction: 'OUTBOUND', status: { not: 'CANCELLED' } }, orderBy: { seq: 'asc' } })).map((m) => m.text);

/** Moves the conversation's clock back: everything that happened, happened `by` hours earlier. */
async function silentFor(conversationId: string, by: number) {
  const ms = Math.round(by * 3600_000);
  await db().$executeRaw`UPDATE conversations SET last_inbound_at = last_inbound_at - ${ms} * interval '1 millisecond',
    last_message_at = last_message_at - ${ms} * interval '1 millisecond', nudged_at = nudged_at - ${ms} * interval '1 millisecond'
    WHERE id = ${conversationId}::uuid`;
}

describe('the screening reminder', () => {
  it('nudges once after the delay, repeating the open question, and the list shows it as stalled', async () => {
    const conversationId = await candidateWrites(uniquePhone(), 'Hoi, ik ben kapster');
    expect(await sendNudges(FOUR_HOURS)).toBe(0); // just answered: not yet
    await silentFor(conversationId, 5);
    const user = await createUser({ email: `nudge-${Date.now()}@agency.test`, name: 'Anna', password: 'a-long-test-password' });
    const stalled = await listConversations({ filter: 'stalled', limit: 50 }, user.id);
    expect(stalled.conversations.map((c) => c.id)).toContain(conversationId);
    expect(stalled.conversations.find((c) => c.id === conversationId)!.stalled).toBe(true);

    expect(await sendNudges(FOUR_HOURS)).toBe(1);
    const said = await botTexts(conversationId);
    expect(said.at(-1)).toBe(`Hoi Sanne, ben je er nog? Dan gaan we verder waar we gebleven waren.\n\n${config.questions[1]!.prompt.nl}`);
    // Once per silence: still silent an hour later, nothing more.
    await silentFor(conversationId, 1);
    expect(await sendNudges(FOUR_HOURS)).toBe(0);
    // After the candidate answers and goes silent again, a new reminder may follow.
    await candidateWrites((await db().conversation.findUniqueOrThrow({ where: { id: conversationId }, include: { contact: true } })).contact.waId!, '3 jaar');
    await silentFor(conversationId, 5);
    expect(await sendNudges(FOUR_HOURS)).toBe(1);
  });

  it('never nudges when the 24-hour window has closed or is about to', async () => {
    const closed = await candidateWrites(uniquePhone(), 'Hoi, ik ben kapster');
    await silentFor(closed, 25);
    const closing = await candidateWrites(uniquePhone(), 'Hoi, ik ben barbier');
    await silentFor(closing, 23.99);
    const before = [await botTexts(closed), await botTexts(closing)];
    expect(await sendNudges(FOUR_HOURS)).toBe(0);
    expect([await botTexts(closed), await botTexts(closing)]).toEqual(before);
  });

  it('never nudges after a takeover or a handoff, nor before the screening started', async () => {
    const user = await createUser({ email: `nudge2-${Date.now()}@agency.test`, name: 'Bram', password: 'a-long-test-password' });
    const taken = await candidateWrites(uniquePhone(), 'Hoi, ik ben kapster');
    await takeOver(taken, { ...user, role: 'RECRUITER' });
    await silentFor(taken, 5);
    const handed = await candidateWrites(uniquePhone(), 'Ik wil een medewerker spreken');
    await silentFor(handed, 5);
    const completed = await candidateWrites(uniquePhone(), 'Kapster, 5 jaar, Utrecht, 32 uur, per direct, mbo 3 gehaald');
    await silentFor(completed, 5);
    expect(await sendNudges(FOUR_HOURS)).toBe(0);
    const stalled = await listConversations({ filter: 'stalled', limit: 50 }, user.id);
    expect(stalled.conversations.map((c) => c.id)).not.toContain(taken);
    expect(stalled.conversations.map((c) => c.id)).not.toContain(completed);
  });
});
