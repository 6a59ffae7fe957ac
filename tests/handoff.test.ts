// Takeover, hand-back, resolve: atomic, audited, and the bot really stays silent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAgentFor } from '../lib/agent/run';
import { db } from '../lib/db/client';
import { ConversationConflictError, handBack, reopen, resolve, takeOver } from '../lib/conversations/transitions';
import { ingestWebhook } from '../lib/ingest/store';
import { OutboxDispatcher } from '../lib/outbox/dispatcher';
import { Sandbox } from '../dev/sandbox/server';
import type { SessionUser } from '../lib/auth/session';
import { createUser } from '../lib/auth/users';
import { WhatsAppClient } from '../lib/whatsapp/client';
import { cloudPayload, exampleContact, exampleMessage } from '../dev/examples';
import { parseWebhookPayload } from '../lib/ingest/payload';
import { useIsolatedDatabase } from './helpers/isolated-database';
import { until } from './helpers/sandbox';
import { uniquePhone } from './helpers/webhook';

await useIsolatedDatabase();
let sandbox: Sandbox;
let anna: SessionUser;
let bram: SessionUser;
let admin: SessionUser;

beforeAll(async () => {
  sandbox = await new Sandbox({ apiKey: 'handoff-key' }).start();
  const user = async (name: string, role: 'ADMIN' | 'RECRUITER') =>
    (await createUser({ email: `${name.toLowerCase()}@agency.test`, name, role, password: 'a-long-test-password' })) as SessionUser;
  [anna, bram, admin] = [await user('Anna', 'RECRUITER'), await user('Bram', 'RECRUITER'), await user('Iris', 'ADMIN')];
});
afterAll(() => sandbox.stop());

/** The candidate writes; the agent runs as it does after the webhook's response (no dispatcher: replies stay queued). */
async function candidateWrites(waId: string, text: string) {
  sandbox.openWindow(waId);
  const batch = parseWebhookPayload(cloudPayload({ contacts: [exampleContact({ from: waId })], messages: [exampleMessage('text', { from: waId, text })] }));
  const { storedMessageIds } = await ingestWebhook(batch);
  const message = await db().message.findUniqueOrThrow({ where: { id: storedMessageIds[0]! } });
  await runAgentFor({ id: message.id, conversationId: message.conversationId, seq: message.seq });
  return message.conversationId;
}

const botMessages = (conversationId: string) =>
  db().message.findMany({ where: { conversationId, direction: 'OUTBOUND' }, orderBy: { seq: 'asc' } });

describe('takeover', () => {
  it('cancels the bot\'s queued reply, which is never sent, and silences the bot', async () => {
    const waId = uniquePhone();
    const conversationId = await candidateWrites(waId, 'Hoi, ik zoek werk als kapper');
    const queued = await botMessages(conversationId);
    expect(queued.map((m) => m.status)).toEqual(['QUEUED', 'QUEUED']);

    expect(await takeOver(conversationId, anna)).toEqual({ cancelled: 2 });
    expect((await botMessages(conversationId)).map((m) => m.status)).toEqual(['CANCELLED', 'CANCELLED']);
    const conversation = await db().conversation.findUniqueOrThrow({ where: { id: conversationId } });
    expect(conversation).toMatchObject({ mode: 'HUMAN', assigneeId: anna.id, status: 'OPEN' });

    // The candidate goes on writing: the bot queues nothing.
    await candidateWrites(waId, '5 jaar ervaring');
    expect(await botMessages(conversationId)).toHaveLength(2);

    const dispatcher = new OutboxDispatcher({
      client: new WhatsAppClient({ baseUrl: sandbox.url, apiKey: sandbox.apiKey }),
      maxAttempts: 3, retryBaseMs: 10, retryMaxMs: 10, leaseSeconds: 10, pollIntervalMs: 20, concurrency: 2,
    }).start();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await dispatcher.stop();
    expect(sandbox.sent.filter((m) => m.to === waId)).toEqual([]);
  });

  it('lets one of two recruiters win when both take over at once, and tells the other who has it', async () => {
    const conversationId = await candidateWrites(uniquePhone(), 'Hallo');
    const results = await Promise.allSettled([takeOver(conversationId, anna), takeOver(conversationId, bram)]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(ConversationConflictError);
    const conversation = await db().conversation.findUniqueOrThrow({ where: { id: conversationId }, include: { assignee: true } });
    expect(lost[0]!.reason.message).toBe(`${conversation.assignee!.name} has already taken this conversation over.`);
    expect(lost[0]!.reason.holder).toEqual({ id: conversation.assigneeId, name: conversation.assignee!.name });
    // Taking over one's own conversation again is harmless.
    await expect(takeOver(conversationId, conversation.assigneeId === anna.id ? anna : bram)).resolves.toEqual({ cancelled: 0 });
  });
});

describe('hand back', () => {
  it('resumes the screening where it stopped, without replaying what the recruiter handled', async () => {
    const waId = uniquePhone();
    const conversationId = await candidateWrites(waId, 'Hoi, ik zoek werk als barbier');
    await takeOver(conversationId, anna);
    await candidateWrites(waId, 'Wat verdien ik ongeveer?');
    expect(await handBack(conversationId, anna)).toEqual({ queued: 2 });
    const replies = (await botMessages(conversationId)).filter((m) => m.status === 'QUEUED');
    expect(replies.map((m) => m.text)).toEqual([
      'Hoi Sarah, ik ben de digitale assistent weer. Laten we verdergaan waar we gebleven waren.',
      'Hoeveel jaar werkervaring heb je in dit vak?',
    ]);
    const conversation = await db().conversation.findUniqueOrThrow({ where: { id: conversationId } });
    expect(conversation).toMatchObject({ mode: 'BOT', assigneeId: null, status: 'OPEN', agentStep: 'experience_years' });
    // The next answer continues the screening.
    await candidateWrites(waId, '3 jaar');
    const contact = await db().contact.findFirstOrThrow({ where: { waId } });
    expect((contact.answers as any).experience_years.value).toBe(3);
  });

  it('sends no free text when the 24-hour window has closed', async () => {
    const conversationId = await candidateWrites(uniquePhone(), 'Hallo');
    await takeOver(conversationId, anna);
    await db().conversation.update({ where: { id: conversationId }, data: { lastInboundAt: new Date(Date.now() - 25 * 3600_000) } });
    expect(await handBack(conversationId, anna)).toEqual({ queued: 0 });
  });

  it('is refused for someone else\'s conversation, except for an admin', async () => {
    const conversationId = await candidateWrites(uniquePhone(), 'Hallo');
    await takeOver(conversationId, anna);
    await expect(handBack(conversationId, bram)).rejects.toThrow('Only Anna or an admin can hand this conversation back.');
    await expect(handBack(conversationId, admin)).resolves.toMatchObject({ queued: expect.any(Number) });
    await expect(handBack(conversationId, admin)).rejects.toThrow('The bot already has this conversation.');
  });
});

describe('the audit trail', () => {
  it('records who took over, handed back, resolved and reopened, and when', async () => {
    const conversationId = await candidateWrites(uniquePhone(), 'Hallo');
    const before = Date.now();
    await takeOver(conversationId, anna);
    await handBack(conversationId, anna);
    await resolve(conversationId, bram);
    await resolve(conversationId, bram); // already resolved: not recorded twice
    await reopen(conversationId, admin);
    const all = await db().conversationEvent.findMany({ where: { conversationId }, orderBy: { createdAt: 'asc' } });
    // Taking over assigns it to Anna; handing back leaves it to nobody (each an ASSIGN of its own).
    expect(all.filter((e) => e.type === 'ASSIGN').map((e) => [e.userId, e.assigneeId])).toEqual([
      [anna.id, anna.id],
      [anna.id, null],
    ]);
    const events = all.filter((e) => e.type !== 'ASSIGN');
    expect(events.map((e) => [e.type, e.userId])).toEqual([
      ['TAKEOVER', anna.id],
      ['HANDBACK', anna.id],
      ['RESOLVE', bram.id],
      ['REOPEN', admin.id],
    ]);
    expect(events.every((e) => e.createdAt.getTime() >= before - 1000)).toBe(true);
    expect((await db().conversation.findUniqueOrThrow({ where: { id: conversationId } })).status).toBe('OPEN');
  });
});

describe('a candidate who writes again after being resolved', () => {
  it('reopens the conversation', async () => {
    const waId = uniquePhone();
    const conversationId = await candidateWrites(waId, 'Hallo');
    await resolve(conversationId, anna);
    await candidateWrites(waId, 'Nog een vraag');
    await until(() => db().conversation.findUniqueOrThrow({ where: { id: conversationId } }), (c) => c.status === 'OPEN');
  });
});
