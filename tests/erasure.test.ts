// Erasure leaves nothing of the candidate anywhere: every table of the schema is searched for
// their number, their business-scoped user id and a word only they wrote.
import { randomBytes, randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cloudPayload, exampleEdit, exampleMessage, exampleRevoke, exampleStatus, newWamid } from '../dev/examples';
import { db } from '../lib/db/client';
import { signedInAs } from './helpers/auth';
import { candidateWrites, until } from './helpers/sandbox';
import { baseUrl, postWebhook, uniquePhone } from './helpers/webhook';

/** Rows of every table of the schema whose text contains `needle`, per table. */
async function rowsMentioning(needle: string): Promise<Record<string, number>> {
  const tables = await db().$queryRaw<{ name: string }[]>`
    SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`;
  expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['contacts', 'messages', 'status_events', 'webhook_events', 'audit_log']));
  const found: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await db().$queryRawUnsafe<{ n: bigint }[]>(
      `SELECT count(*) AS n FROM "${name.replace(/"/g, '""')}" t WHERE strpos(t::text, $1) > 0`,
      needle,
    );
    if (Number(row!.n) > 0) found[name] = Number(row!.n);
  }
  return found;
}

describe('erasure', () => {
  it('leaves no row anywhere with the candidate\'s number, user id or words', async () => {
    const waId = uniquePhone();
    const userId = `NL.${randomInt(10 ** 9, 10 ** 10 - 1)}${randomInt(10 ** 5, 10 ** 6 - 1)}`;
    const word = `zeppelinkapper${randomBytes(4).toString('hex')}`;
    const contacts = [{ profile: { name: 'Noor Bakker' }, wa_id: waId, user_id: userId }];
    // Through the sandbox (which then knows the 24-hour window is open), then with their user id.
    await candidateWrites({ from: waId, name: 'Noor Bakker', text: `Hoi, ik ben Noor en ik zoek werk als kapper (${word})` });
    const contact = await until(() => db().contact.findFirst({ where: { waId }, include: { conversation: true } }), (c) => c !== null);
    const conversationId = contact!.conversation!.id;
    const second = exampleMessage('text', { from: waId, text: `Ik heb 4 jaar ervaring, ${word}` });
    expect((await postWebhook(cloudPayload({ contacts, messages: [{ ...second, from_user_id: userId }] }))).status).toBe(200);
    // The bot answered both, and every status of its replies came back (sent, delivered, read).
    const replies = await until(
      () => db().message.findMany({ where: { conversationId, direction: 'OUTBOUND' } }),
      (replies) => replies.length > 2 && replies.every((m) => m.status === 'READ'),
      20_000,
    );
    expect((await db().contact.findUniqueOrThrow({ where: { id: contact!.id } })).userId).toBe(userId);
    // A status for a message of theirs we never stored, sent to their number, and one to their user id.
    const strayStatuses = [
      exampleStatus({ wamid: newWamid(), status: 'delivered', recipient: waId }),
      { ...exampleStatus({ wamid: newWamid(), status: 'read' }), recipient_id: undefined, recipient_user_id: userId },
    ];
    expect((await postWebhook(cloudPayload({ statuses: strayStatuses }))).status).toBe(200);
    // A change the app does not handle, kept as it came, naming the candidate.
    const unknown = cloudPayload({});
    Object.assign(unknown.entry[0]!.changes[0]!, {
      field: 'user_preferences',
      value: { messaging_product: 'whatsapp', user_preferences: [{ wa_id: waId, user_id: userId, detail: `marketing stop (${word})` }] },
    });
    expect((await postWebhook(unknown)).status).toBe(200);
    for (const needle of [waId, userId, word]) expect(Object.keys(await rowsMentioning(needle)).length, needle).toBeGreaterThan(0);
    expect(await rowsMentioning(userId)).toMatchObject({ status_events: 1, webhook_events: 1 });

    const { cookie } = await signedInAs('ADMIN');
    const response = await fetch(`${baseUrl()}/api/candidates/${contact!.id}`, { method: 'DELETE', headers: { cookie } });
    expect(response.status).toBe(200);

    for (const needle of [waId, userId, word]) expect(await rowsMentioning(needle), needle).toEqual({});

    // Afterwards, what 360Dialog still sends about their messages names them again: a status
    // redelivered for a reply, one for a reply's id (the callback data), an edit and a deletion
    // of their own message. Answered 200, and none of it is stored.
    const late = [
      exampleStatus({ wamid: replies![0]!.wamid!, status: 'read', recipient: waId }),
      { ...exampleStatus({ wamid: replies![1]!.wamid!, status: 'read', recipient: waId }), status: 'deleted' },
      { ...exampleStatus({ wamid: newWamid(), status: 'delivered', recipient: waId }), biz_opaque_callback_data: replies![2]!.id },
    ];
    expect((await postWebhook(cloudPayload({ statuses: late }))).status).toBe(200);
    const changes = [exampleEdit(second.id as string, `Toch 5 jaar, ${word}`, { from: waId }), exampleRevoke(second.id as string, { from: waId })];
    expect((await postWebhook(cloudPayload({ contacts, messages: changes }))).status).toBe(200);
    for (const needle of [waId, userId, word]) expect(await rowsMentioning(needle), needle).toEqual({});
    // A status of another message to the same number is stored as before: only erased messages are dropped.
    const stranger = exampleStatus({ wamid: newWamid(), status: 'delivered', recipient: waId });
    expect((await postWebhook(cloudPayload({ statuses: [stranger] }))).status).toBe(200);
    expect(await db().statusEvent.count({ where: { wamid: stranger.id as string } })).toBe(1);
    await db().statusEvent.deleteMany({ where: { wamid: stranger.id as string } });
    // The audit log keeps the fact, with ids and counts only.
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: 'ERASE', details: { path: ['contactId'], equals: contact!.id } } });
    expect(Object.keys(audit.details as object).sort()).toEqual(['contactId', 'messages']);
  });
});
