// Handoffs are assigned by round robin among available recruiters, by vacancy; with nobody to
// take it, the admins are told. A database of its own: every recruiter in it is one of ours.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runAgentFor } from '../lib/agent/run';
import { createUser } from '../lib/auth/users';
import { db } from '../lib/db/client';
import { ingestWebhook } from '../lib/ingest/store';
import { parseWebhookPayload } from '../lib/ingest/payload';
import { subscribe, type LiveEvent } from '../lib/live/events';
import { Sandbox } from '../dev/sandbox/server';
import { cloudPayload, exampleContact, exampleMessage } from '../dev/examples';
import { useIsolatedDatabase } from './helpers/isolated-database';
import { until } from './helpers/sandbox';
import { uniquePhone } from './helpers/webhook';

await useIsolatedDatabase();
let sandbox: Sandbox;
type Person = { id: string; name: string };
let anna: Person, bram: Person, cleo: Person, iris: Person;

beforeAll(async () => {
  sandbox = await new Sandbox({ apiKey: 'round-robin-key' }).start();
  const user = (name: string, role: 'ADMIN' | 'RECRUITER') =>
    createUser({ email: `${name.toLowerCase()}@agency.test`, name, role, password: 'a-long-test-password' });
  // Created in this order: never assigned yet, the oldest goes first.
  anna = await user('Anna', 'RECRUITER');
  bram = await user('Bram', 'RECRUITER');
  cleo = await user('Cleo', 'RECRUITER');
  iris = await user('Iris', 'ADMIN');
});
afterAll(() => sandbox.stop());

beforeEach(async () => {
  await db().user.updateMany({ data: { available: true, active: true, vacancies: [], lastAssignedAt: null } });
});

/** The candidate writes; the agent's turn runs as it does after the webhook's response. */
async function candidateWrites(waId: string, text: string) {
  sandbox.openWindow(waId);
  const batch = parseWebhookPayload(cloudPayload({ contacts: [exampleContact({ from: waId })], messages: [exampleMessage('text', { from: waId, text })] }));
  const { storedMessageIds } = await ingestWebhook(batch);
  const message = await db().message.findUniqueOrThrow({ where: { id: storedMessageIds[0]! } });
  await runAgentFor({ id: message.id, conversationId: message.conversationId, seq: message.seq });
  return message.conversationId;
}

/** A candidate who asks for a person (after naming a vacancy, when given): the bot hands them over. */
async function handoff(vacancyWords?: string) {
  const waId = uniquePhone();
  if (vacancyWords) await candidateWrites(waId, `Hoi, ik ben ${vacancyWords}`);
  const id = await candidateWrites(waId, 'Ik wil een medewerker spreken');
  const conversation = await db().conversation.findUniqueOrThrow({ where: { id }, include: { contact: true } });
  expect(conversation.status).toBe('NEEDS_HUMAN');
  return { id, assigneeId: conversation.assigneeId, vacancy: conversation.contact.vacancy };
}

const names = (ids: (string | null)[]) => ids.map((id) => [anna, bram, cleo, iris].find((p) => p.id === id)?.name ?? null);

describe('round robin of handoffs', () => {
  it('goes round the available recruiters, longest unassigned first, and tells each one', async () => {
    const assigned = [];
    for (let i = 0; i < 4; i++) assigned.push(await handoff());
    expect(names(assigned.map((a) => a.assigneeId))).toEqual(['Anna', 'Bram', 'Cleo', 'Anna']);
    for (const { id, assigneeId } of assigned) {
      const events = await db().conversationEvent.findMany({ where: { conversationId: id }, orderBy: { createdAt: 'asc' } });
      // By the screening agent (no user), to the recruiter.
      expect(events.filter((e) => e.type === 'ASSIGN').map((e) => [e.userId, e.assigneeId])).toEqual([[null, assigneeId]]);
      expect(events.map((e) => e.type)).toContain('HANDOFF');
      expect((await db().notification.findMany({ where: { conversationId: id } })).map((n) => [n.userId, n.kind])).toEqual([[assigneeId, 'assigned']]);
    }
  });

  it('skips away and deactivated recruiters', async () => {
    await db().user.update({ where: { id: bram.id }, data: { available: false } });
    await db().user.update({ where: { id: cleo.id }, data: { active: false } });
    const assigned = [await handoff(), await handoff()];
    expect(names(assigned.map((a) => a.assigneeId))).toEqual(['Anna', 'Anna']);
    await db().user.update({ where: { id: bram.id }, data: { available: true } });
    expect(names([(await handoff()).assigneeId])).toEqual(['Bram']);
  });

  it('gives a vacancy to the recruiters who list it, and the rest to those who list none', async () => {
    await db().user.update({ where: { id: anna.id }, data: { vacancies: ['barber'] } });
    await db().user.update({ where: { id: cleo.id }, data: { vacancies: ['hairdresser'] } });
    const hairdressers = [await handoff('kapster'), await handoff('kapper')];
    expect(hairdressers.map((h) => h.vacancy)).toEqual(['hairdresser', 'hairdresser']);
    expect(names(hairdressers.map((h) => h.assigneeId))).toEqual(['Cleo', 'Cleo']);
    // No vacancy named: only Bram handles every vacancy.
    expect(names([(await handoff()).assigneeId, (await handoff()).assigneeId])).toEqual(['Bram', 'Bram']);
    // With the specialist away, those who list no vacancy take it; Anna (barbers only) never does.
    await db().user.update({ where: { id: cleo.id }, data: { available: false } });
    expect(names([(await handoff('kapster')).assigneeId])).toEqual(['Bram']);
  });

  it('leaves the conversation unassigned when nobody can take it, and tells the admins', async () => {
    await db().user.updateMany({ where: { role: 'RECRUITER' }, data: { available: false } });
    const { id, assigneeId } = await handoff();
    expect(assigneeId).toBeNull();
    expect(await db().conversationEvent.count({ where: { conversationId: id, type: 'ASSIGN' } })).toBe(0);
    expect((await db().notification.findMany({ where: { conversationId: id } })).map((n) => [n.userId, n.kind])).toEqual([[iris.id, 'unassigned']]);
  });

  it('spreads handoffs that happen at the same moment over the free recruiters', async () => {
    await db().user.update({ where: { id: cleo.id }, data: { available: false } });
    for (let round = 0; round < 3; round++) {
      await db().user.updateMany({ data: { lastAssignedAt: null } });
      const pair = await Promise.all([handoff(), handoff()]);
      expect(names(pair.map((p) => p.assigneeId)).sort()).toEqual(['Anna', 'Bram']);
    }
  });

  it('publishes the assignment to open dashboards', async () => {
    const seen: LiveEvent[] = [];
    const unsubscribe = await subscribe((event) => seen.push(event));
    try {
      const { id, assigneeId } = await handoff();
      await until(
        async () => seen,
        (events) =>
          events.some((e) => e.type === 'conversation' && e.conversationId === id) &&
          events.some((e) => e.type === 'notification' && e.conversationId === id && e.userId === assigneeId && e.kind === 'assigned'),
      );
    } finally {
      unsubscribe();
    }
  });
});
