// Labels over HTTP: admins keep the list (names unique in any case, colours as #RRGGBB),
// anyone signed in puts them on conversations; every change reaches open dashboards.
import { describe, expect, it, vi } from 'vitest';
import { db } from '../lib/db/client';
import { signedInAs } from './helpers/auth';
import { makeConversation, uniqueWord } from './helpers/conversations';
import { listenToEvents } from './helpers/live';
import { baseUrl } from './helpers/webhook';

const json = (cookie: string) => ({ cookie, 'content-type': 'application/json' });
const call = (cookie: string, method: string, path: string, body?: unknown) =>
  fetch(`${baseUrl()}${path}`, { method, headers: json(cookie), body: body === undefined ? undefined : JSON.stringify(body) });

async function newLabel(cookie: string, name = uniqueWord('Label '), color = '#1565C0') {
  const response = await call(cookie, 'POST', '/api/labels', { name, color });
  expect(response.status).toBe(201);
  return ((await response.json()) as { label: { id: string; name: string; color: string } }).label;
}

const labelsOf = async (conversationId: string) =>
  (await db().conversationLabel.findMany({ where: { conversationId }, select: { labelId: true } })).map((l) => l.labelId).sort();

describe('managing labels', () => {
  it('is for admins: a recruiter may read the list but not change it', async () => {
    const admin = await signedInAs('ADMIN');
    const recruiter = await signedInAs('RECRUITER');
    const label = await newLabel(admin.cookie);
    expect(label).toEqual({ id: expect.any(String), name: label.name, color: '#1565c0' });

    const list = await call(recruiter.cookie, 'GET', '/api/labels');
    expect(list.status).toBe(200);
    expect(((await list.json()) as { labels: unknown[] }).labels).toContainEqual({ ...label, openConversations: 0 });

    const name = uniqueWord('Recruiter ');
    expect((await call(recruiter.cookie, 'POST', '/api/labels', { name, color: '#000000' })).status).toBe(403);
    expect((await call(recruiter.cookie, 'PATCH', `/api/labels/${label.id}`, { name: 'Hijacked' })).status).toBe(403);
    expect((await call(recruiter.cookie, 'DELETE', `/api/labels/${label.id}`)).status).toBe(403);
    expect(await db().label.findFirst({ where: { name } })).toBeNull();
    expect(await db().label.findUniqueOrThrow({ where: { id: label.id } })).toMatchObject({ name: label.name, color: '#1565c0' });
    // Without a session nothing at all.
    expect((await fetch(`${baseUrl()}/api/labels`)).status).toBe(401);
  });

  it('refuses a name that exists in any case with 409, and trims names', async () => {
    const { cookie } = await signedInAs('ADMIN');
    const word = uniqueWord('Spoed');
    const label = await newLabel(cookie, `  ${word}  `);
    expect(label.name).toBe(word);
    for (const name of [word, word.toUpperCase(), ` ${word.toLowerCase()} `]) {
      const response = await call(cookie, 'POST', '/api/labels', { name, color: '#ff0000' });
      expect(response.status).toBe(409);
      expect(await response.json()).toEqual({ error: { code: 'label_exists', message: `A label named "${word}" already exists.` } });
    }
    // Renaming another label to it is refused too; renaming a label to itself in other case is fine.
    const other = await newLabel(cookie);
    expect((await call(cookie, 'PATCH', `/api/labels/${other.id}`, { name: word.toLowerCase() })).status).toBe(409);
    expect((await call(cookie, 'PATCH', `/api/labels/${label.id}`, { name: word.toLowerCase() })).status).toBe(200);
    expect(await db().label.count({ where: { name: { equals: word, mode: 'insensitive' } } })).toBe(1);
  });

  it('adds the same name once when two admins add it at the same moment', async () => {
    const { cookie } = await signedInAs('ADMIN');
    const word = uniqueWord('Tegelijk');
    const statuses = await Promise.all(
      [word, word.toLowerCase(), word.toUpperCase(), word].map(async (name) => (await call(cookie, 'POST', '/api/labels', { name, color: '#00ff00' })).status),
    );
    expect(statuses.sort()).toEqual([201, 409, 409, 409]);
    expect(await db().label.count({ where: { name: { equals: word, mode: 'insensitive' } } })).toBe(1);
  });

  it('refuses bad names and colours with 422 and stores nothing', async () => {
    const { cookie } = await signedInAs('ADMIN');
    const before = await db().label.count();
    for (const body of [
      {},
      { name: 'Geen kleur' },
      { name: '', color: '#123456' },
      { name: '   ', color: '#123456' },
      { name: 'x'.repeat(41), color: '#123456' },
      { name: 'x'.repeat(10_000), color: '#123456' },
      { name: 'Regel\nbreuk', color: '#123456' },
      { name: 42, color: '#123456' },
      { name: 'Kleur', color: 'red' },
      { name: 'Kleur', color: '#12345' },
      { name: 'Kleur', color: '#1234567' },
      { name: 'Kleur', color: '<script>' },
    ]) {
      const response = await call(cookie, 'POST', '/api/labels', body);
      expect(response.status, JSON.stringify(body).slice(0, 60)).toBe(422);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('invalid_input');
    }
    const malformed = await fetch(`${baseUrl()}/api/labels`, { method: 'POST', headers: json(cookie), body: '{"name":' });
    expect(malformed.status).toBe(400);
    expect(await db().label.count()).toBe(before);
    // A name of exactly 40 characters is fine.
    await newLabel(cookie, uniqueWord('').padEnd(40, 'x'));
  });

  it('keeps HTML in a name as the text it is', async () => {
    const { cookie } = await signedInAs('ADMIN');
    const name = `<img src=x onerror=alert(1)>${uniqueWord('')}`.slice(0, 40);
    const label = await newLabel(cookie, name);
    expect(label.name).toBe(name);
    const list = (await (await call(cookie, 'GET', '/api/labels')).json()) as { labels: { id: string; name: string }[] };
    expect(list.labels.find((l) => l.id === label.id)?.name).toBe(name);
    const response = await call(cookie, 'GET', '/api/labels');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('renames, recolours and deletes a label; deleting takes it off its conversations', async () => {
    const { cookie } = await signedInAs('ADMIN');
    const label = await newLabel(cookie);
    const keep = await newLabel(cookie);
    const a = await makeConversation({ labelIds: [label.id, keep.id] });
    const b = await makeConversation({ labelIds: [label.id], status: 'RESOLVED' });

    const renamed = await call(cookie, 'PATCH', `/api/labels/${label.id}`, { name: 'Tweede gesprek ' + label.id.slice(0, 8), color: '#ABCDEF' });
    expect(renamed.status).toBe(200);
    expect(await renamed.json()).toEqual({ label: { id: label.id, name: 'Tweede gesprek ' + label.id.slice(0, 8), color: '#abcdef' } });
    expect((await call(cookie, 'PATCH', `/api/labels/${label.id}`, {})).status).toBe(422);
    expect((await call(cookie, 'PATCH', `/api/labels/${label.id}`, { color: 'blue' })).status).toBe(422);

    // The count is of open conversations: the resolved one is not counted.
    const list = (await (await call(cookie, 'GET', '/api/labels')).json()) as { labels: { id: string; openConversations: number }[] };
    expect(list.labels.find((l) => l.id === label.id)?.openConversations).toBe(1);

    const deleted = await call(cookie, 'DELETE', `/api/labels/${label.id}`);
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toEqual({ ok: true, removedFrom: 2 });
    expect(await labelsOf(a)).toEqual([keep.id]);
    expect(await labelsOf(b)).toEqual([]);
    expect(await db().label.findUnique({ where: { id: label.id } })).toBeNull();

    const unknown = '00000000-0000-4000-8000-0000000000aa';
    expect((await call(cookie, 'DELETE', `/api/labels/${label.id}`)).status).toBe(404);
    expect((await call(cookie, 'PATCH', `/api/labels/${unknown}`, { name: 'Niets' })).status).toBe(404);
    expect((await call(cookie, 'DELETE', '/api/labels/not-an-id')).status).toBe(404);
  });
});

describe('labels on a conversation', () => {
  it('PUT replaces the set, for any signed-in user', async () => {
    const admin = await signedInAs('ADMIN');
    const { cookie } = await signedInAs('RECRUITER');
    const [x, y, z] = [await newLabel(admin.cookie, uniqueWord('X ')), await newLabel(admin.cookie, uniqueWord('Y ')), await newLabel(admin.cookie, uniqueWord('Z '))];
    const id = await makeConversation({ labelIds: [x.id] });

    const put = await call(cookie, 'PUT', `/api/conversations/${id}/labels`, { labels: [z.id, y.id, y.id] });
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual({ labels: [y, z] });
    expect(await labelsOf(id)).toEqual([y.id, z.id].sort());

    // The conversation and the list show them.
    const detail = (await (await call(cookie, 'GET', `/api/conversations/${id}`)).json()) as { labels: unknown };
    expect(detail.labels).toEqual([y, z]);

    expect((await call(cookie, 'PUT', `/api/conversations/${id}/labels`, { labels: [] })).status).toBe(200);
    expect(await labelsOf(id)).toEqual([]);
    expect((await fetch(`${baseUrl()}/api/conversations/${id}/labels`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"labels":[]}' })).status).toBe(401);
  });

  it('refuses an unknown label with 422 and changes nothing', async () => {
    const admin = await signedInAs('ADMIN');
    const { cookie } = await signedInAs();
    const [x, y] = [await newLabel(admin.cookie), await newLabel(admin.cookie)];
    const id = await makeConversation({ labelIds: [x.id] });
    const unknown = '00000000-0000-4000-8000-0000000000bb';
    const response = await call(cookie, 'PUT', `/api/conversations/${id}/labels`, { labels: [y.id, unknown] });
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({ error: { code: 'unknown_label', message: 'Some of these labels do not exist.', details: { unknown: [unknown] } } });
    expect(await labelsOf(id)).toEqual([x.id]);

    for (const body of [{}, { labels: 'x' }, { labels: ['not-a-uuid'] }, { labels: [x.name] }, { labels: Array.from({ length: 21 }, () => x.id) }, { labels: [null] }]) {
      const bad = await call(cookie, 'PUT', `/api/conversations/${id}/labels`, body);
      expect(bad.status, JSON.stringify(body).slice(0, 60)).toBe(422);
      expect(await labelsOf(id)).toEqual([x.id]);
    }
    expect((await call(cookie, 'PUT', `/api/conversations/00000000-0000-4000-8000-0000000000cc/labels`, { labels: [x.id] })).status).toBe(404);
    expect((await call(cookie, 'PUT', `/api/conversations/nope/labels`, { labels: [x.id] })).status).toBe(404);
  });

  it('allows 20 labels on a conversation, not 21', async () => {
    const admin = await signedInAs('ADMIN');
    const labels = [];
    for (let i = 0; i < 21; i++) labels.push(await newLabel(admin.cookie));
    const id = await makeConversation();
    expect((await call(admin.cookie, 'PUT', `/api/conversations/${id}/labels`, { labels: labels.slice(0, 20).map((l) => l.id) })).status).toBe(200);
    expect((await call(admin.cookie, 'PUT', `/api/conversations/${id}/labels`, { labels: labels.map((l) => l.id) })).status).toBe(422);
    expect(await labelsOf(id)).toHaveLength(20);
  });
});

describe('live events', () => {
  it('tell open dashboards of a conversation\'s labels and of every change to the list of labels', async () => {
    const admin = await signedInAs('ADMIN');
    const stream = await listenToEvents(admin.cookie);
    try {
      const label = await newLabel(admin.cookie);
      await vi.waitFor(() => expect(stream.events).toContainEqual({ type: 'labels' }), { timeout: 3000 });
      const id = await makeConversation();
      stream.events.length = 0;
      await call(admin.cookie, 'PUT', `/api/conversations/${id}/labels`, { labels: [label.id] });
      await vi.waitFor(() => expect(stream.events).toContainEqual({ type: 'conversation', conversationId: id }), { timeout: 3000 });
      for (const [method, body] of [
        ['PATCH', { color: '#000000' }],
        ['DELETE', undefined],
      ] as const) {
        stream.events.length = 0;
        expect((await call(admin.cookie, method, `/api/labels/${label.id}`, body)).status).toBe(200);
        await vi.waitFor(() => expect(stream.events).toContainEqual({ type: 'labels' }), { timeout: 3000 });
      }
    } finally {
      stream.close();
    }
  });
});
