// Quick replies: GET/POST /api/quick-replies, PATCH/DELETE /api/quick-replies/:id, over HTTP
// against the shared app; search and the variables filled in for a conversation.
import { randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { db } from '../lib/db/client';
import { fillVariables } from '../lib/quick-replies/variables';
import { signedInAs } from './helpers/auth';
import { listenToEvents } from './helpers/live';
import { candidateWrites, until } from './helpers/sandbox';
import { baseUrl, uniquePhone } from './helpers/webhook';

const json = (cookie: string) => ({ cookie, 'content-type': 'application/json' });
const create = (cookie: string, body: unknown) => fetch(`${baseUrl()}/api/quick-replies`, { method: 'POST', headers: json(cookie), body: JSON.stringify(body) });
const change = (id: string, cookie: string, body: unknown) => fetch(`${baseUrl()}/api/quick-replies/${id}`, { method: 'PATCH', headers: json(cookie), body: JSON.stringify(body) });
const remove = (id: string, cookie: string) => fetch(`${baseUrl()}/api/quick-replies/${id}`, { method: 'DELETE', headers: json(cookie) });
async function search(cookie: string, params: Record<string, string>) {
  const response = await fetch(`${baseUrl()}/api/quick-replies?${new URLSearchParams(params)}`, { headers: { cookie } });
  return { status: response.status, body: await response.json() };
}
/** A shortcut of this test's own (the tests share one database). */
const unique = (prefix: string) => `${prefix}${randomBytes(3).toString('hex')}`;

describe('filling variables (the rule)', () => {
  it('fills name, role and recruiter, leaves unknown variables as typed', () => {
    expect(fillVariables('Hoi {{name}}, als {{ role }} bij ons. Groet, {{recruiter}} {{salon}}', { name: 'Sarah', role: 'Kapper', recruiter: 'Anna' })).toBe(
      'Hoi Sarah, als Kapper bij ons. Groet, Anna {{salon}}',
    );
  });

  it('removes a variable without a value with the space before it', () => {
    expect(fillVariables('Hoi {{name}}, welkom als {{role}}!', { name: null, role: '  ' })).toBe('Hoi, welkom als!');
    expect(fillVariables('{{Name}} {{name', {})).toBe('{{Name}} {{name');
  });
});

describe('quick replies', () => {
  it('are managed by admins only; recruiters read them', async () => {
    const admin = await signedInAs('ADMIN');
    const recruiter = await signedInAs('RECRUITER');
    const shortcut = unique('adres');
    const input = { shortcut, language: 'nl', title: 'Adres', body: 'Salon Centrum, Kalverstraat 1, Amsterdam' };
    expect((await create(recruiter.cookie, input)).status).toBe(403);
    const created = await create(admin.cookie, input);
    expect(created.status).toBe(201);
    const { quickReply } = await created.json();
    expect(quickReply).toMatchObject(input);
    expect((await change(quickReply.id, recruiter.cookie, { title: 'Weg' })).status).toBe(403);
    expect((await remove(quickReply.id, recruiter.cookie)).status).toBe(403);
    const seen = await search(recruiter.cookie, { q: shortcut });
    expect(seen.status).toBe(200);
    expect(seen.body.quickReplies).toEqual([expect.objectContaining({ id: quickReply.id, title: 'Adres' })]);
    expect((await fetch(`${baseUrl()}/api/quick-replies`)).status).toBe(401);

    const changed = await change(quickReply.id, admin.cookie, { title: 'Adres van de salon' });
    expect(changed.status).toBe(200);
    expect((await changed.json()).quickReply).toMatchObject({ shortcut, title: 'Adres van de salon', body: input.body });
    expect((await remove(quickReply.id, admin.cookie)).status).toBe(200);
    expect((await remove(quickReply.id, admin.cookie)).status).toBe(404);
    expect((await change(quickReply.id, admin.cookie, { title: 'x' })).status).toBe(404);
    expect((await change('not-an-id', admin.cookie, { title: 'x' })).status).toBe(404);
  });

  it('tell open dashboards of every change, and colleagues of a user who goes away', async () => {
    const admin = await signedInAs('ADMIN');
    const recruiter = await signedInAs('RECRUITER');
    const stream = await listenToEvents(admin.cookie);
    try {
      const created = await create(admin.cookie, { shortcut: unique('live'), language: 'nl', title: 'Live', body: 'Hallo {{name}}' });
      const { quickReply } = await created.json();
      await vi.waitFor(() => expect(stream.events).toContainEqual({ type: 'quick_replies' }), { timeout: 3000 });
      for (const call of [() => change(quickReply.id, admin.cookie, { title: 'Live 2' }), () => remove(quickReply.id, admin.cookie)]) {
        stream.events.length = 0;
        expect((await call()).status).toBe(200);
        await vi.waitFor(() => expect(stream.events).toContainEqual({ type: 'quick_replies' }), { timeout: 3000 });
      }
      stream.events.length = 0;
      const away = await fetch(`${baseUrl()}/api/users/me`, {
        method: 'PATCH',
        headers: { cookie: recruiter.cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ available: false }),
      });
      expect(away.status).toBe(200);
      await vi.waitFor(() => expect(stream.events).toContainEqual({ type: 'users' }), { timeout: 3000 });
    } finally {
      stream.close();
    }
  });

  it('refuses a shortcut that exists in that language (409), allows it in the other', async () => {
    const admin = await signedInAs('ADMIN');
    const shortcut = unique('salaris');
    expect((await create(admin.cookie, { shortcut, language: 'nl', title: 'Salaris', body: 'Vanaf €2.600 bruto.' })).status).toBe(201);
    const duplicate = await create(admin.cookie, { shortcut: `/${shortcut}`, language: 'nl', title: 'Ander', body: 'Anders' });
    expect(duplicate.status).toBe(409);
    expect((await duplicate.json()).error).toMatchObject({ code: 'shortcut_taken', message: `There is already a quick reply /${shortcut} in Dutch.` });
    expect(await db().quickReply.count({ where: { shortcut } })).toBe(1);
    const english = await create(admin.cookie, { shortcut, language: 'en', title: 'Pay', body: 'From €2,600 gross.' });
    expect(english.status).toBe(201);
    // Changing one into the other's place is refused too, and changes nothing.
    const { quickReply } = await english.json();
    expect((await change(quickReply.id, admin.cookie, { language: 'nl', title: 'Veranderd' })).status).toBe(409);
    expect(await db().quickReply.findUniqueOrThrow({ where: { id: quickReply.id } })).toMatchObject({ language: 'en', title: 'Pay' });
  });

  it('refuses bad input with the reason and saves nothing', async () => {
    const admin = await signedInAs('ADMIN');
    const base = { shortcut: unique('ok'), language: 'nl', title: 'Titel', body: 'Tekst' };
    const bad = [
      { ...base, shortcut: 'met spatie' },
      { ...base, shortcut: 'Hoofdletter' },
      { ...base, shortcut: 'x'.repeat(31) },
      { ...base, shortcut: '' },
      { ...base, language: 'de' },
      { ...base, title: '' },
      { ...base, title: 'x'.repeat(101) },
      { ...base, body: '   ' },
      { ...base, body: 'x'.repeat(10_000) },
      { ...base, body: undefined },
    ];
    for (const input of bad) {
      const response = await create(admin.cookie, input);
      expect(response.status, JSON.stringify(input).slice(0, 80)).toBe(422);
    }
    const shortcutError = await (await create(admin.cookie, { ...base, shortcut: 'met spatie' })).json();
    expect(shortcutError.error.details[0].message).toBe('A shortcut is 1 to 30 lower-case letters, digits, - or _ (without the slash).');
    expect(await db().quickReply.count({ where: { shortcut: base.shortcut } })).toBe(0);
    const { quickReply } = await (await create(admin.cookie, base)).json();
    expect((await change(quickReply.id, admin.cookie, {})).status).toBe(422);
    expect((await change(quickReply.id, admin.cookie, { body: 'x'.repeat(10_000) })).status).toBe(422);
    expect((await db().quickReply.findUniqueOrThrow({ where: { id: quickReply.id } })).body).toBe('Tekst');
  });

  it('keep HTML as text', async () => {
    const admin = await signedInAs('ADMIN');
    const markup = '<script>alert(1)</script><b>vet</b>';
    const shortcut = unique('html');
    const { quickReply } = await (await create(admin.cookie, { shortcut, language: 'en', title: markup, body: `Hi {{name}} ${markup}` })).json();
    expect(quickReply).toMatchObject({ title: markup, body: `Hi {{name}} ${markup}` });
    expect((await search(admin.cookie, { q: shortcut })).body.quickReplies[0]).toMatchObject({ title: markup });
  });

  it('are found by shortcut, title and text, with or without the slash, per language', async () => {
    const admin = await signedInAs('ADMIN');
    const tag = randomBytes(3).toString('hex');
    const shortcut = `sal${tag}`;
    await create(admin.cookie, { shortcut, language: 'nl', title: 'Salaris', body: `Je verdient vanaf €2.600 bruto (${tag}x).` });
    await create(admin.cookie, { shortcut, language: 'en', title: 'Pay', body: 'From €2,600 gross.' });
    await create(admin.cookie, { shortcut: `adres${tag}`, language: 'nl', title: `Adres ${tag}y`, body: 'Kalverstraat 1' });
    const shortcuts = async (params: Record<string, string>) =>
      (await search(admin.cookie, params)).body.quickReplies.map((r: { shortcut: string; language: string }) => `${r.shortcut}:${r.language}`).sort();
    expect(await shortcuts({ q: shortcut })).toEqual([`${shortcut}:en`, `${shortcut}:nl`]);
    expect(await shortcuts({ q: `/${shortcut}` })).toEqual([`${shortcut}:en`, `${shortcut}:nl`]);
    expect(await shortcuts({ q: shortcut, language: 'en' })).toEqual([`${shortcut}:en`]);
    expect(await shortcuts({ q: `${tag}x` })).toEqual([`${shortcut}:nl`]);
    expect(await shortcuts({ q: `adres ${tag}Y` })).toEqual([`adres${tag}:nl`]);
    expect(await shortcuts({ q: `${tag}%` })).toEqual([]);
    expect((await search(admin.cookie, { language: 'fr' })).status).toBe(422);
  });

  it('come filled in for a conversation: the candidate\'s name and vacancy, the recruiter, its language first', async () => {
    const waId = uniquePhone();
    await candidateWrites({ from: waId, name: 'Sarah de Vries', text: 'Hoi! Ik zoek werk als kapper' });
    const contact = await until(() => db().contact.findFirst({ where: { waId }, include: { conversation: true } }), (c) => c?.conversation != null && c.vacancy !== null);
    const conversationId = contact!.conversation!.id;
    const admin = await signedInAs('ADMIN');
    const recruiter = await signedInAs('RECRUITER');
    const shortcut = unique('welkom');
    await create(admin.cookie, { shortcut, language: 'nl', title: 'Welkom', body: 'Hoi {{name}}, leuk dat je als {{role}} wilt werken! Groet, {{recruiter}} ({{salon}})' });
    await create(admin.cookie, { shortcut, language: 'en', title: 'Welcome', body: 'Hi {{name}}, great that you want to work as a {{role}}! {{recruiter}}' });

    let found = await search(recruiter.cookie, { q: shortcut, conversation: conversationId });
    expect(found.body.quickReplies.map((r: { language: string }) => r.language)).toEqual(['nl', 'en']);
    expect(found.body.quickReplies[0].filled).toBe(`Hoi Sarah de Vries, leuk dat je als Kapper wilt werken! Groet, ${recruiter.user.name} ({{salon}})`);
    expect(found.body.quickReplies[1].filled).toBe(`Hi Sarah de Vries, great that you want to work as a Hairdresser! ${recruiter.user.name}`);
    // The stored text keeps its variables.
    expect(found.body.quickReplies[0].body).toContain('{{name}}');

    // An English conversation gets the English one first; a candidate without a name or vacancy gets none.
    await db().conversation.update({ where: { id: conversationId }, data: { language: 'en' } });
    await db().contact.update({ where: { id: contact!.id }, data: { profileName: null, username: null, vacancy: null } });
    found = await search(recruiter.cookie, { q: shortcut, conversation: conversationId });
    expect(found.body.quickReplies.map((r: { language: string }) => r.language)).toEqual(['en', 'nl']);
    expect(found.body.quickReplies[0].filled).toBe(`Hi, great that you want to work as a! ${recruiter.user.name}`);

    expect((await search(recruiter.cookie, { conversation: '00000000-0000-4000-8000-00000000dead' })).status).toBe(404);
    expect((await search(recruiter.cookie, { conversation: 'nope' })).status).toBe(422);
  });
});
