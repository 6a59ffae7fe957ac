// Retention: what it deletes, and what it must not: a conversation somebody took over,
// answered or wrote in, even at the very moment the purge runs.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../lib/auth/session';
import { createUser } from '../lib/auth/users';
import { sendReply, takeOver } from '../lib/conversations/transitions';
import { db } from '../lib/db/client';
import { purgeExpired } from '../lib/privacy/candidates';
import { useIsolatedDatabase } from './helpers/isolated-database';
import { until } from './helpers/sandbox';
import { uniquePhone } from './helpers/webhook';

const databaseUrl = await useIsolatedDatabase();
let anna: SessionUser;
let holder: pg.Client;
// Watches the others (pg_stat_activity is read once per transaction: not from the holder's).
let observer: pg.Client;

beforeAll(async () => {
  anna = (await createUser({ email: 'anna@agency.test', name: 'Anna', role: 'RECRUITER', password: 'a-long-test-password' })) as SessionUser;
  holder = new pg.Client({ connectionString: databaseUrl });
  observer = new pg.Client({ connectionString: databaseUrl });
  await holder.connect();
  await observer.connect();
});
afterAll(async () => {
  await holder.end();
  await observer.end();
});

const DAY = 86400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY);

async function conversation(data: { status?: 'OPEN' | 'NEEDS_HUMAN' | 'RESOLVED'; resolvedAt?: Date; lastMessageAt?: Date; lastInboundAt?: Date }) {
  const waId = uniquePhone();
  const contact = await db().contact.create({
    data: { identity: waId, waId, conversation: { create: { createdAt: data.lastMessageAt, ...data } } },
    include: { conversation: true },
  });
  return { contactId: contact.id, conversationId: contact.conversation!.id };
}

const exists = async (contactId: string) => (await db().contact.count({ where: { id: contactId } })) === 1;
const statusOf = async (conversationId: string) => (await db().conversation.findUniqueOrThrow({ where: { id: conversationId } })).status;

/** Backends of this database waiting for a lock. */
const waiting = async () =>
  Number(
    (
      await observer.query<{ n: string }>(
        `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      )
    ).rows[0]!.n,
  );

describe('retention', () => {
  it('keeps a long-resolved conversation a recruiter takes over while the purge waits for its lock', async () => {
    const { contactId, conversationId } = await conversation({ status: 'RESOLVED', resolvedAt: ago(400), lastMessageAt: ago(401) });
    // Somebody holds the candidate's rows (as the agent or any transition does).
    await holder.query('BEGIN');
    await holder.query('SELECT 1 FROM contacts WHERE id = $1 FOR UPDATE', [contactId]);
    await holder.query('SELECT 1 FROM conversations WHERE id = $1 FOR UPDATE', [conversationId]);
    // A recruiter takes it over: waits for the rows.
    const takenOver = takeOver(conversationId, anna);
    await until(waiting, (n) => n === 1);
    // Retention, which found it due, waits behind the takeover.
    const purged = purgeExpired(365);
    await until(waiting, (n) => n === 2);
    await holder.query('COMMIT');
    await takenOver;
    await purged;
    expect(await exists(contactId)).toBe(true);
    expect(await statusOf(conversationId)).toBe('OPEN');
  });

  it('deletes conversations never resolved but inactive for the retention period, and keeps any with recent activity', async () => {
    const inactive = await conversation({ status: 'OPEN', lastMessageAt: ago(400) });
    const waiting = await conversation({ status: 'NEEDS_HUMAN', lastMessageAt: ago(366) });
    const recent = await conversation({ status: 'OPEN', lastMessageAt: ago(10) });
    // Nothing written for a year, but a recruiter took it over yesterday.
    const takenOver = await conversation({ status: 'OPEN', lastMessageAt: ago(400) });
    await db().conversationEvent.create({ data: { conversationId: takenOver.conversationId, type: 'TAKEOVER', userId: anna.id, createdAt: ago(1) } });
    expect(await purgeExpired(365)).toBeGreaterThanOrEqual(2);
    expect(await exists(inactive.contactId)).toBe(false);
    expect(await exists(waiting.contactId)).toBe(false);
    expect(await exists(recent.contactId)).toBe(true);
    expect(await exists(takenOver.contactId)).toBe(true);
    expect(await db().auditLog.count({ where: { action: 'RETENTION', details: { path: ['contactId'], equals: inactive.contactId } } })).toBe(1);
  });
});

describe('a resolved conversation', () => {
  it('is open again once a recruiter takes it over, and the reopening is recorded', async () => {
    const { conversationId } = await conversation({ status: 'RESOLVED', resolvedAt: ago(400), lastMessageAt: ago(401) });
    await takeOver(conversationId, anna);
    expect(await statusOf(conversationId)).toBe('OPEN');
    const events = await db().conversationEvent.findMany({ where: { conversationId } });
    expect(events.map((e) => e.type).sort()).toEqual(['ASSIGN', 'REOPEN', 'TAKEOVER']);
    expect(await purgeExpired(365)).toBe(0);
  });

  it('is open again once its recruiter replies', async () => {
    const { conversationId } = await conversation({ status: 'OPEN', lastInboundAt: ago(0), lastMessageAt: ago(0) });
    await takeOver(conversationId, anna);
    await db().conversation.update({ where: { id: conversationId }, data: { status: 'RESOLVED', resolvedAt: ago(400) } });
    await sendReply(conversationId, anna, { type: 'text', body: 'Nog één vraag' });
    expect(await statusOf(conversationId)).toBe('OPEN');
  });
});
