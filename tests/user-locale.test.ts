// A user's dashboard language: PATCH /api/users/me {"locale"} stores it on their account, the
// pages speak it from the next request on, and without a choice DASHBOARD_LOCALE (nl) holds.
import { describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import { signedInAs } from './helpers/auth';
import { baseUrl } from './helpers/webhook';

const patchMe = (cookie: string | null, body: string, headers: Record<string, string> = {}) =>
  fetch(`${baseUrl()}/api/users/me`, { method: 'PATCH', headers: { ...(cookie ? { cookie } : {}), 'content-type': 'application/json', ...headers }, body });

const stored = async (id: string) => (await db().user.findUniqueOrThrow({ where: { id }, select: { locale: true } })).locale;
const htmlOf = async (cookie: string, path = '/conversations') => (await fetch(`${baseUrl()}${path}`, { headers: { cookie } })).text();

describe('the dashboard language', () => {
  it('is Dutch by default, and English once the user chooses it', async () => {
    const { user, cookie } = await signedInAs();
    expect(await stored(user.id)).toBeNull();
    let html = await htmlOf(cookie);
    expect(html).toContain('<html lang="nl"');
    expect(html).toContain('<title>Gesprekken · WhatsApp-wervingsinbox</title>');

    const response = await patchMe(cookie, JSON.stringify({ locale: 'en' }));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ user: { id: user.id, locale: 'en' } });
    expect(await stored(user.id)).toBe('en');
    html = await htmlOf(cookie);
    expect(html).toContain('<html lang="en"');
    expect(html).toContain('<title>Conversations · WhatsApp recruitment inbox</title>');
    expect(await htmlOf(cookie, '/costs')).toContain('WhatsApp costs');

    expect((await patchMe(cookie, JSON.stringify({ locale: 'nl' }))).status).toBe(200);
    expect(await htmlOf(cookie, '/costs')).toContain('WhatsApp-kosten');
  });

  it('says a page that does not exist in the user\'s language', async () => {
    const { cookie } = await signedInAs();
    const response = await fetch(`${baseUrl()}/no-such-page`, { headers: { cookie } });
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('Deze pagina bestaat niet (meer).');
  });

  it('is one user\'s own: a colleague keeps the default', async () => {
    const anna = await signedInAs();
    const bram = await signedInAs();
    expect((await patchMe(anna.cookie, '{"locale":"en"}')).status).toBe(200);
    expect(await htmlOf(bram.cookie)).toContain('<html lang="nl"');
    expect(await stored(bram.user.id)).toBeNull();
  });

  it.each([
    ['an unknown language', '{"locale":"de"}'],
    ['a language in another case', '{"locale":"EN"}'],
    ['no language', '{}'],
    ['a number', '{"locale":1}'],
    ['markup', '{"locale":"<b>en</b>"}'],
    ['a 10,000-character value', JSON.stringify({ locale: 'e'.repeat(10_000) })],
  ])('refuses %s with 422 and changes nothing', async (_, body) => {
    const { user, cookie } = await signedInAs();
    const response = await patchMe(cookie, body);
    expect(response.status).toBe(422);
    expect((await response.json()).error.code).toBe('invalid_input');
    expect(await stored(user.id)).toBeNull();
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).role).toBe('RECRUITER');
  });

  it('refuses an unknown field beside it (400) and changes nothing, not even the role it names', async () => {
    const { user, cookie } = await signedInAs();
    const response = await patchMe(cookie, '{"locale":"en","role":"ADMIN"}');
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe('unknown_setting');
    expect(await stored(user.id)).toBeNull();
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).role).toBe('RECRUITER');
  });

  it('refuses a body that is not JSON (400), a signed-out request (401) and a cross-site one (403)', async () => {
    const { user, cookie } = await signedInAs();
    expect((await patchMe(cookie, '{"locale":')).status).toBe(400);
    expect((await patchMe(null, '{"locale":"en"}')).status).toBe(401);
    expect((await patchMe(cookie, '{"locale":"en"}', { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect(await stored(user.id)).toBeNull();
  });
});
