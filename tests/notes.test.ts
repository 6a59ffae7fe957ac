// Internal notes: GET/POST /api/conversations/:id/notes, PATCH/DELETE /api/notes/:id, over
// HTTP against the shared app; mentions, the candidate's export and erasure.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createUser } from '../lib/auth/users';
import { db } from '../lib/db/client';
import { mentionedIn, mentionSegments } from '../lib/notes/mentions';
import { signIn } from './helpers/auth';
import { candidateWrites, sentTo, until } from './helpers/sandbox';
import { baseUrl, uniquePhone } from './helpers/webhook';

/** A signed-in user with a name of their own (mentions are by name). */
async function colleague(first: string, role: 'ADMIN' | 'RECRUITER' = 'RECRUITER') {
  const tag = randomBytes(3).toString('hex');
  const password = `pw-${randomBytes(12).toString('hex')}`;
  const user = await createUser({ email: `${first.toLowerCase()}-${tag}@agency.test`, name: `${first} ${tag}`, role, password });
  const cookie = await signIn(user.email, password);
  if (!cookie) throw new Error('sign-in failed');
  return { user, cookie };
}

async function conversation() {
  const waId = uniquePhone();
  await candidateWrites({ from: waId, name: 'Eva Visser', text: 'Hoi, ik zoek werk als kapper' });
  const contact = await until(() => db().contact.findFirst({ where: { waId }, include: { conversation: true } }), (c) => c?.conversation != null);
  // The bot's first reply has left: what the sandbox receives after this is what the test caused.
  await until(() => sentTo(waId), (sent) => sent.length > 0);
  return { waId, contactId: contact!.id, id: contact!.conversation!.id };
}

const json = (cookie: string) => ({ cookie, 'content-type': 'application/json' });
const post = (id: string, cookie: string, body: unknown) =>
  fetch(`${baseUrl()}/api/conversations/${id}/notes`, { method: 'POST', headers: json(cookie), body: typeof body === 'string' ? body : JSON.stringify(body) });
const patch = (noteId: string, cookie: string, body: unknown) =>
  fetch(`${baseUrl()}/api/notes/${noteId}`, { method: 'PATCH', headers: json(cookie), body: JSON.stringify(body) });
const remove = (noteId: string, cookie: string) => fetch(`${baseUrl()}/api/notes/${noteId}`, { method: 'DELETE', headers: json(cookie) });
const list = async (id: string, cookie: string) => (await fetch(`${baseUrl()}/api/conversations/${id}/notes`, { headers: { cookie } })).json();

describe('mentions (the rule)', () => {
  const people = [
    { id: 'a', name: 'Anna' },
    { id: 'av', name: 'Anna de Vries' },
    { id: 'b', name: 'Bram de Boer' },
  ];

  it('finds @ and a full name in any case, the longest name where they overlap', () => {
    expect(mentionedIn('@anna de vries, bel jij haar?', people)).toEqual(['av']);
    expect(mentionedIn('@Anna en @Bram de Boer', people).sort()).toEqual(['a', 'b']);
  });

  it('ignores email addresses, partial names and a bare @', () => {
    expect(mentionedIn('mail bram@anna.nl', people)).toEqual([]);
    expect(mentionedIn('@Annabel en @Bram', people)).toEqual([]);
    expect(mentionedIn('@ niemand', people)).toEqual([]);
  });

  it('marks the mentions for showing them', () => {
    expect(mentionSegments('Hoi @Bram de Boer!', people)).toEqual([
      { text: 'Hoi ', mention: false },
      { text: '@Bram de Boer', mention: true },
      { text: '!', mention: false },
    ]);
  });
});

describe('internal notes', () => {
  it('are saved and listed for every signed-in user, and refused without a session', async () => {
    const { id } = await conversation();
    const anna = await colleague('Anna');
    const bram = await colleague('Bram');
    const created = await post(id, anna.cookie, { body: '  Gebeld, tweede gesprek dinsdag.  ' });
    expect(created.status).toBe(201);
    const { note } = await created.json();
    expect(note).toMatchObject({ body: 'Gebeld, tweede gesprek dinsdag.', author: { id: anna.user.id, name: anna.user.name }, mine: true, editedAt: null });
    const seen = await list(id, bram.cookie);
    expect(seen.notes).toEqual([expect.objectContaining({ id: note.id, body: 'Gebeld, tweede gesprek dinsdag.', mine: false })]);
    expect(seen.colleagues).toEqual(expect.arrayContaining([{ id: bram.user.id, name: bram.user.name }]));
    expect((await fetch(`${baseUrl()}/api/conversations/${id}/notes`)).status).toBe(401);
    expect((await fetch(`${baseUrl()}/api/conversations/${id}/notes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"body":"x"}' })).status).toBe(401);
  });

  it('are never sent to WhatsApp and do not take the conversation over', async () => {
    const { waId, id } = await conversation();
    const anna = await colleague('Anna');
    const before = await db().conversation.findUniqueOrThrow({ where: { id } });
    const text = `Alleen voor het team ${randomBytes(4).toString('hex')}`;
    expect((await post(id, anna.cookie, { body: text })).status).toBe(201);
    // Long enough for the outbox (polling every 250 ms here) to have sent anything queued.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const sent = await sentTo(waId);
    expect(JSON.stringify(sent)).not.toContain(text);
    expect(await db().message.count({ where: { conversationId: id, text: { contains: text } } })).toBe(0);
    const after = await db().conversation.findUniqueOrThrow({ where: { id } });
    expect(after).toMatchObject({ mode: before.mode, status: before.status, assigneeId: before.assigneeId });
  });

  it('refuses an empty note, one over 5,000 characters and a body that is not JSON, saving nothing', async () => {
    const { id } = await conversation();
    const anna = await colleague('Anna');
    const empty = await post(id, anna.cookie, { body: '   ' });
    expect(empty.status).toBe(422);
    expect((await empty.json()).error.details[0]).toMatchObject({ path: 'body', message: 'Write a note first.' });
    const long = await post(id, anna.cookie, { body: 'x'.repeat(10_000) });
    expect(long.status).toBe(422);
    expect((await long.json()).error.details[0].message).toBe('A note is at most 5,000 characters.');
    expect((await post(id, anna.cookie, { body: 42 })).status).toBe(422);
    expect((await post(id, anna.cookie, {})).status).toBe(422);
    expect((await post(id, anna.cookie, '{"body":')).status).toBe(400);
    expect(await db().note.count({ where: { conversationId: id } })).toBe(0);
    expect((await post(id, anna.cookie, { body: 'y'.repeat(5000) })).status).toBe(201);
  });

  it('answer 404 for a conversation or note that does not exist', async () => {
    const anna = await colleague('Anna');
    const unknown = '00000000-0000-4000-8000-00000000dead';
    expect((await post(unknown, anna.cookie, { body: 'hallo' })).status).toBe(404);
    expect((await fetch(`${baseUrl()}/api/conversations/${unknown}/notes`, { headers: { cookie: anna.cookie } })).status).toBe(404);
    expect((await fetch(`${baseUrl()}/api/conversations/not-a-uuid/notes`, { headers: { cookie: anna.cookie } })).status).toBe(404);
    expect((await patch(unknown, anna.cookie, { body: 'hallo' })).status).toBe(404);
    expect((await remove(unknown, anna.cookie)).status).toBe(404);
    expect((await remove('nope', anna.cookie)).status).toBe(404);
  });

  it('keep HTML as text', async () => {
    const { id } = await conversation();
    const anna = await colleague('Anna');
    const markup = '<img src=x onerror="alert(1)"><script>alert(2)</script><b>vet</b> & "quotes"';
    const { note } = await (await post(id, anna.cookie, { body: markup })).json();
    expect(note.body).toBe(markup);
    expect((await list(id, anna.cookie)).notes[0].body).toBe(markup);
    expect((await db().note.findUniqueOrThrow({ where: { id: note.id } })).body).toBe(markup);
  });

  it('can be changed and deleted by their author only, admins included', async () => {
    const { id } = await conversation();
    const anna = await colleague('Anna');
    const bram = await colleague('Bram');
    const admin = await colleague('Chef', 'ADMIN');
    const { note } = await (await post(id, anna.cookie, { body: 'Eerste versie' })).json();
    for (const other of [bram, admin]) {
      const refused = await patch(note.id, other.cookie, { body: 'Overschreven' });
      expect(refused.status).toBe(403);
      expect((await refused.json()).error.code).toBe('not_author');
      expect((await remove(note.id, other.cookie)).status).toBe(403);
    }
    expect((await db().note.findUniqueOrThrow({ where: { id: note.id } })).body).toBe('Eerste versie');
    expect((await patch(note.id, anna.cookie, { body: 'x'.repeat(10_000) })).status).toBe(422);
    const changed = await patch(note.id, anna.cookie, { body: 'Tweede versie' });
    expect(changed.status).toBe(200);
    expect((await changed.json()).note).toMatchObject({ id: note.id, body: 'Tweede versie' });
    expect((await remove(note.id, anna.cookie)).status).toBe(200);
    expect(await db().note.count({ where: { id: note.id } })).toBe(0);
    expect((await remove(note.id, anna.cookie)).status).toBe(404);
  });

  it('notify a mentioned colleague once, never the author, and on an edit only the newly mentioned', async () => {
    const { id } = await conversation();
    const anna = await colleague('Anna');
    const bram = await colleague('Bram');
    const cas = await colleague('Cas');
    const dirk = await colleague('Dirk');
    await db().user.update({ where: { id: dirk.user.id }, data: { active: false } });
    const mentions = (userId: string) => db().notification.count({ where: { userId, conversationId: id, kind: 'mention' } });

    const { note } = await (await post(id, anna.cookie, { body: `@${bram.user.name} en @${anna.user.name}: bel jij haar? (@${dirk.user.name} is weg)` })).json();
    expect(note.mentions.map((m: { id: string }) => m.id).sort()).toEqual([anna.user.id, bram.user.id].sort());
    expect(await mentions(bram.user.id)).toBe(1);
    expect(await mentions(anna.user.id)).toBe(0);
    expect(await mentions(cas.user.id)).toBe(0);
    expect(await mentions(dirk.user.id)).toBe(0);

    // Bram stays mentioned, Cas is new: only Cas is told.
    const edited = await patch(note.id, anna.cookie, { body: `@${bram.user.name}, @${cas.user.name.toUpperCase()} neemt het over` });
    expect(edited.status).toBe(200);
    expect(await mentions(bram.user.id)).toBe(1);
    expect(await mentions(cas.user.id)).toBe(1);
    // Removing a mention and writing it again does not tell them a second time.
    await patch(note.id, anna.cookie, { body: 'Zonder namen' });
    await patch(note.id, anna.cookie, { body: `@${cas.user.name} toch` });
    expect(await mentions(cas.user.id)).toBe(1);
  });

  it('are in the candidate\'s export, and erased with the candidate', async () => {
    const { contactId, id } = await conversation();
    const anna = await colleague('Anna');
    const admin = await colleague('Chef', 'ADMIN');
    const bram = await colleague('Bram');
    await post(id, anna.cookie, { body: `Gebeld, @${bram.user.name} plant het gesprek` });
    const exported = await (await fetch(`${baseUrl()}/api/candidates/${contactId}/export`, { headers: { cookie: admin.cookie } })).json();
    expect(exported.conversation.notes).toEqual([
      { by: anna.user.name, text: `Gebeld, @${bram.user.name} plant het gesprek`, at: expect.any(String), changedAt: expect.any(String) },
    ]);
    expect(await db().notification.count({ where: { conversationId: id } })).toBeGreaterThan(0);
    expect((await fetch(`${baseUrl()}/api/candidates/${contactId}`, { method: 'DELETE', headers: json(admin.cookie) })).status).toBe(200);
    expect(await db().note.count({ where: { conversationId: id } })).toBe(0);
    expect(await db().notification.count({ where: { conversationId: id } })).toBe(0);
  });
});
