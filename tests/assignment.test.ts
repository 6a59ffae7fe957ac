// Who handles a conversation, over HTTP: taking, giving and releasing it, what takeovers and
// replies do to it, and each user's own settings (available / away, language, notifications).
import { describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import { createTestUser, signedInAs } from './helpers/auth';
import { candidateWrites, sentTo, until } from './helpers/sandbox';
import { baseUrl, uniquePhone } from './helpers/webhook';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

async function conversation() {
  const waId = uniquePhone();
  await candidateWrites({ from: waId, name: 'Sarah', text: 'Hallo' });
  const c = await until(() => db().conversation.findFirst({ where: { contact: { waId } } }), (x) => x !== null);
  return { waId, id: c!.id };
}

function call(method: string, path: string, cookie: string | undefined, body?: unknown) {
  return fetch(`${baseUrl()}${path}`, {
    method,
    headers: { ...(cookie ? { cookie } : {}), 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const assign = (id: string, cookie: string | undefined, body: unknown) => call('POST', `/api/conversations/${id}/assign`, cookie, body);
const assigneeOf = async (id: string) => (await db().conversation.findUniqueOrThrow({ where: { id } })).assigneeId;
const assignEvents = (conversationId: string) =>
  db().conversationEvent.findMany({ where: { conversationId, type: 'ASSIGN' }, orderBy: { createdAt: 'asc' } });
const notificationsOf = (userId: string, conversationId: string) => db().notification.findMany({ where: { userId, conversationId } });

describe('POST /api/conversations/:id/assign', () => {
  it('needs a signed-in user', async () => {
    const { id } = await conversation();
    const anna = await createTestUser();
    expect((await assign(id, undefined, { userId: anna.id })).status).toBe(401);
    expect(await assigneeOf(id)).toBeNull();
  });

  it('lets a recruiter take a conversation nobody has, recorded with who and when, once', async () => {
    const { id } = await conversation();
    const anna = await signedInAs();
    const before = Date.now();
    const taken = await assign(id, anna.cookie, { userId: anna.user.id });
    expect(taken.status).toBe(200);
    expect(await taken.json()).toEqual({ ok: true, assignee: { id: anna.user.id, name: anna.user.name } });
    expect(await assigneeOf(id)).toBe(anna.user.id);
    // Taking it again changes nothing and records nothing.
    expect((await assign(id, anna.cookie, { userId: anna.user.id })).status).toBe(200);
    const events = await assignEvents(id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ userId: anna.user.id, assigneeId: anna.user.id });
    expect(events[0]!.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    // Nobody is told about what they did themselves.
    expect(await notificationsOf(anna.user.id, id)).toEqual([]);
    // The conversation's history names it.
    const detail = await (await call('GET', `/api/conversations/${id}`, anna.cookie)).json();
    expect(detail.assignee).toEqual({ id: anna.user.id, name: anna.user.name });
    expect(detail.events).toContainEqual(expect.objectContaining({ type: 'ASSIGN', by: anna.user.name, assignee: anna.user.name }));
  });

  it('refuses a recruiter who takes a colleague\'s conversation, gives one away or unassigns a colleague, naming who has it', async () => {
    const { id } = await conversation();
    const anna = await signedInAs();
    const bram = await signedInAs();
    expect((await assign(id, anna.cookie, { userId: anna.user.id })).status).toBe(200);

    const take = await assign(id, bram.cookie, { userId: bram.user.id });
    expect(take.status).toBe(403);
    expect(await take.json()).toEqual({
      error: {
        code: 'assigned_to_other',
        message: `${anna.user.name} has this conversation; an admin can reassign it.`,
        details: { holder: { id: anna.user.id, name: anna.user.name } },
      },
    });
    expect((await assign(id, bram.cookie, { userId: null })).status).toBe(403);
    const give = await assign(id, anna.cookie, { userId: bram.user.id });
    expect(give.status).toBe(403);
    expect((await give.json()).error.code).toBe('not_allowed');

    expect(await assigneeOf(id)).toBe(anna.user.id);
    expect(await assignEvents(id)).toHaveLength(1);
  });

  it('lets a recruiter give their own back to nobody', async () => {
    const { id } = await conversation();
    const anna = await signedInAs();
    await assign(id, anna.cookie, { userId: anna.user.id });
    const released = await assign(id, anna.cookie, { userId: null });
    expect(released.status).toBe(200);
    expect(await released.json()).toEqual({ ok: true, assignee: null });
    expect(await assigneeOf(id)).toBeNull();
    expect((await assignEvents(id)).map((e) => [e.userId, e.assigneeId])).toEqual([
      [anna.user.id, anna.user.id],
      [anna.user.id, null],
    ]);
  });

  it('lets an admin assign, reassign and unassign, telling each new assignee', async () => {
    const { id } = await conversation();
    const admin = await signedInAs('ADMIN');
    const anna = await createTestUser();
    const bram = await createTestUser();
    expect((await assign(id, admin.cookie, { userId: anna.id })).status).toBe(200);
    expect(await assigneeOf(id)).toBe(anna.id);
    const reassigned = await assign(id, admin.cookie, { userId: bram.id });
    expect(await reassigned.json()).toEqual({ ok: true, assignee: { id: bram.id, name: bram.name } });
    expect((await assign(id, admin.cookie, { userId: null })).status).toBe(200);
    expect(await assigneeOf(id)).toBeNull();
    expect((await assignEvents(id)).map((e) => [e.userId, e.assigneeId])).toEqual([
      [admin.user.id, anna.id],
      [admin.user.id, bram.id],
      [admin.user.id, null],
    ]);
    expect((await notificationsOf(anna.id, id)).map((n) => n.kind)).toEqual(['assigned']);
    expect((await notificationsOf(bram.id, id)).map((n) => n.kind)).toEqual(['assigned']);
  });

  it('answers unknown, deactivated and away users, bad ids and unknown conversations with a clear 4xx and changes nothing', async () => {
    const { id } = await conversation();
    const admin = await signedInAs('ADMIN');
    const unknown = await assign(id, admin.cookie, { userId: UNKNOWN });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.message).toBe('There is no such user.');

    const gone = await createTestUser();
    await db().user.update({ where: { id: gone.id }, data: { active: false } });
    const inactive = await assign(id, admin.cookie, { userId: gone.id });
    expect(inactive.status).toBe(422);
    expect((await inactive.json()).error.code).toBe('user_inactive');

    const away = await createTestUser();
    await db().user.update({ where: { id: away.id }, data: { available: false } });
    const refused = await assign(id, admin.cookie, { userId: away.id });
    expect(refused.status).toBe(422);
    expect((await refused.json()).error).toMatchObject({ code: 'user_away', message: `${away.name} is away and gets no new conversations.` });

    expect((await assign(id, admin.cookie, { userId: 'nope' })).status).toBe(422);
    expect((await assign(id, admin.cookie, { userId: '<b>x</b>' })).status).toBe(422);
    expect((await assign(id, admin.cookie, {})).status).toBe(422);
    expect((await assign(id, admin.cookie, { userId: null, extra: 1 })).status).toBe(422);
    expect((await assign(id, admin.cookie, '{not json')).status).toBe(400);
    expect((await assign(UNKNOWN, admin.cookie, { userId: null })).status).toBe(404);
    expect((await assign('nope', admin.cookie, { userId: null })).status).toBe(404);

    expect(await assigneeOf(id)).toBeNull();
    expect(await assignEvents(id)).toEqual([]);
  });

  it('lets an away recruiter still take a conversation themselves', async () => {
    const { id } = await conversation();
    const anna = await signedInAs();
    await db().user.update({ where: { id: anna.user.id }, data: { available: false } });
    expect((await assign(id, anna.cookie, { userId: anna.user.id })).status).toBe(200);
    expect(await assigneeOf(id)).toBe(anna.user.id);
  });
});

describe('takeover and replies', () => {
  it('taking over assigns the conversation to you, in its history', async () => {
    const { id } = await conversation();
    const anna = await signedInAs();
    expect((await call('POST', `/api/conversations/${id}/takeover`, anna.cookie)).status).toBe(200);
    expect(await db().conversation.findUniqueOrThrow({ where: { id } })).toMatchObject({ mode: 'HUMAN', assigneeId: anna.user.id });
    expect((await assignEvents(id)).map((e) => [e.userId, e.assigneeId])).toEqual([[anna.user.id, anna.user.id]]);
  });

  it('refuses to take over a conversation assigned to a colleague, naming them', async () => {
    const { id } = await conversation();
    const admin = await signedInAs('ADMIN');
    const anna = await createTestUser();
    const bram = await signedInAs();
    await assign(id, admin.cookie, { userId: anna.id });
    const refused = await call('POST', `/api/conversations/${id}/takeover`, bram.cookie);
    expect(refused.status).toBe(409);
    expect((await refused.json()).error).toEqual({
      code: 'conflict',
      message: `This conversation is assigned to ${anna.name}.`,
      details: { holder: { id: anna.id, name: anna.name } },
    });
    expect(await db().conversation.findUniqueOrThrow({ where: { id } })).toMatchObject({ mode: 'BOT', assigneeId: anna.id });
  });

  it('sends a reply by someone other than the assignee, and the conversation stays with the assignee', async () => {
    const { waId, id } = await conversation();
    const anna = await signedInAs();
    const bram = await signedInAs();
    expect((await call('POST', `/api/conversations/${id}/takeover`, anna.cookie)).status).toBe(200);
    const reply = await call('POST', `/api/conversations/${id}/messages`, bram.cookie, { text: 'Hoi Sarah, Bram hier.' });
    expect(reply.status).toBe(201);
    expect(await reply.json()).toMatchObject({ ok: true, assignee: { id: anna.user.id, name: anna.user.name } });
    await until(() => sentTo(waId), (sent) => sent.some((m) => m.body.text?.body === 'Hoi Sarah, Bram hier.'));
    expect(await assigneeOf(id)).toBe(anna.user.id);
    expect(await assignEvents(id)).toHaveLength(1);
  });

  it('a reply to a conversation nobody has assigns it to the one who replied', async () => {
    const { id } = await conversation();
    const bram = await signedInAs();
    const reply = await call('POST', `/api/conversations/${id}/messages`, bram.cookie, { text: 'Hoi!' });
    expect(await reply.json()).toMatchObject({ assignee: { id: bram.user.id, name: bram.user.name } });
    expect(await assigneeOf(id)).toBe(bram.user.id);
  });

  it('handing back to the bot leaves the conversation to nobody, in its history', async () => {
    const { id } = await conversation();
    const anna = await signedInAs();
    await call('POST', `/api/conversations/${id}/takeover`, anna.cookie);
    expect((await call('POST', `/api/conversations/${id}/handback`, anna.cookie)).status).toBe(200);
    expect(await assigneeOf(id)).toBeNull();
    expect((await assignEvents(id)).map((e) => e.assigneeId)).toEqual([anna.user.id, null]);
  });
});

describe('GET and PATCH /api/users/me', () => {
  const me = (cookie: string | undefined, method = 'GET', body?: unknown) => call(method, '/api/users/me', cookie, body);

  it('need a signed-in user', async () => {
    expect((await me(undefined)).status).toBe(401);
    expect((await me(undefined, 'PATCH', { available: false })).status).toBe(401);
  });

  it('show the settings, every notification on by default', async () => {
    const { user, cookie } = await signedInAs();
    const response = await me(cookie);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      user: {
        id: user.id,
        email: user.email,
        name: user.name,
        role: 'RECRUITER',
        available: true,
        locale: null,
        vacancies: [],
        notifications: { assigned: true, unassigned: true, candidate_wrote: true, window_closing: true, mention: true },
      },
    });
  });

  it('change any subset, keeping the other choices', async () => {
    const { user, cookie } = await signedInAs();
    const away = await me(cookie, 'PATCH', { available: false });
    expect(away.status).toBe(200);
    expect((await away.json()).user).toMatchObject({ available: false, locale: null });
    await me(cookie, 'PATCH', { notifications: { candidate_wrote: false } });
    const changed = await me(cookie, 'PATCH', { locale: 'en', notifications: { mention: false } });
    expect((await changed.json()).user).toMatchObject({
      available: false,
      locale: 'en',
      notifications: { assigned: true, unassigned: true, candidate_wrote: false, window_closing: true, mention: false },
    });
    const row = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row).toMatchObject({ available: false, locale: 'en', notificationPrefs: { candidate_wrote: false, mention: false } });
    // null: back to the agency's language.
    expect((await (await me(cookie, 'PATCH', { locale: null, available: true })).json()).user).toMatchObject({ locale: null, available: true });
  });

  it('refuse unknown keys (400) and wrong values (422), saving nothing of such a request', async () => {
    const { user, cookie } = await signedInAs();
    const unknown = await me(cookie, 'PATCH', { available: false, role: 'ADMIN' });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error).toMatchObject({ code: 'unknown_setting', message: 'There is no setting "role".' });
    const unknownKind = await me(cookie, 'PATCH', { available: false, notifications: { '<b>sms</b>': true } });
    expect(unknownKind.status).toBe(400);
    expect((await unknownKind.json()).error.message).toBe('There is no setting "notifications.<b>sms</b>".');
    expect((await me(cookie, 'PATCH', { available: 'no' })).status).toBe(422);
    expect((await me(cookie, 'PATCH', { available: false, locale: 'de' })).status).toBe(422);
    expect((await me(cookie, 'PATCH', { notifications: { mention: 'x'.repeat(10_000) } })).status).toBe(422);
    expect((await me(cookie, 'PATCH', {})).status).toBe(422);
    expect((await me(cookie, 'PATCH', '{not json')).status).toBe(400);
    const row = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row).toMatchObject({ available: true, locale: null, notificationPrefs: {}, role: 'RECRUITER' });
  });
});

describe('the vacancies a recruiter handles (admin users API)', () => {
  it('are set by an admin from the screening\'s roles, and unknown ones are refused', async () => {
    const admin = await signedInAs('ADMIN');
    const anna = await createTestUser();
    const list = await (await call('GET', '/api/users', admin.cookie)).json();
    expect(list.vacancies.map((v: { id: string }) => v.id)).toEqual(expect.arrayContaining(['hairdresser', 'barber']));
    const set = await call('PATCH', `/api/users/${anna.id}`, admin.cookie, { vacancies: ['hairdresser', 'barber', 'hairdresser'] });
    expect(set.status).toBe(200);
    expect((await set.json()).user).toMatchObject({ id: anna.id, vacancies: ['hairdresser', 'barber'], available: true });

    const bad = await call('PATCH', `/api/users/${anna.id}`, admin.cookie, { vacancies: ['barber', '<script>astronaut</script>'] });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.details).toEqual([{ path: 'vacancies.1', message: 'There is no vacancy "<script>astronaut</script>".' }]);
    expect((await call('PATCH', `/api/users/${anna.id}`, admin.cookie, { vacancies: 'barber' })).status).toBe(422);
    expect((await db().user.findUniqueOrThrow({ where: { id: anna.id } })).vacancies).toEqual(['hairdresser', 'barber']);

    const recruiter = await signedInAs();
    expect((await call('PATCH', `/api/users/${anna.id}`, recruiter.cookie, { vacancies: [] })).status).toBe(403);
    expect((await call('PATCH', `/api/users/${UNKNOWN}`, admin.cookie, { vacancies: [] })).status).toBe(404);
  });
});
