// Writes to the dashboard's API come from the dashboard itself: JSON, and same-origin when
// a browser says where it comes from (lib/http/same-origin.ts). A signed-in recruiter's
// cookies on another site's request change nothing.
import { describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import { signedInAs } from './helpers/auth';
import { baseUrl } from './helpers/webhook';

const newUser = (tag: string) => ({ email: `csrf-${tag}-${Date.now()}@agency.test`, name: 'Planted', role: 'ADMIN', password: 'a-long-enough-password' });
const created = (email: string) => db().user.count({ where: { email } });

describe('writes from another site', () => {
  it('refuses a cross-origin text/plain POST with a valid session cookie, and creates nothing', async () => {
    const { cookie } = await signedInAs('ADMIN');
    const body = newUser('plain');
    // What an HTML form or a "simple" fetch on evil.example sends along with the cookies.
    const response = await fetch(`${baseUrl()}/api/users`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'text/plain;charset=UTF-8', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe('cross_origin');
    expect(await created(body.email)).toBe(0);
  });

  it('refuses application/json from a foreign Origin', async () => {
    const { cookie } = await signedInAs('ADMIN');
    const body = newUser('origin');
    const response = await fetch(`${baseUrl()}/api/users`, { method: 'POST', headers: { cookie, 'content-type': 'application/json', origin: 'https://evil.example' }, body: JSON.stringify(body) });
    expect(response.status).toBe(403);
    expect(await created(body.email)).toBe(0);
    // A look-alike of our own origin is another origin.
    const lookalike = await fetch(`${baseUrl()}/api/users`, { method: 'POST', headers: { cookie, 'content-type': 'application/json', origin: `${baseUrl()}.evil.example` }, body: JSON.stringify(body) });
    expect(lookalike.status).toBe(403);
    const opaque = await fetch(`${baseUrl()}/api/users`, { method: 'POST', headers: { cookie, 'content-type': 'application/json', origin: 'null' }, body: JSON.stringify(body) });
    expect(opaque.status).toBe(403);
    expect(await created(body.email)).toBe(0);
  });

  it('refuses Sec-Fetch-Site: cross-site and same-site, on every write method', async () => {
    const { cookie } = await signedInAs('ADMIN');
    const body = newUser('site');
    for (const site of ['cross-site', 'same-site']) {
      const response = await fetch(`${baseUrl()}/api/users`, { method: 'POST', headers: { cookie, 'content-type': 'application/json', 'sec-fetch-site': site }, body: JSON.stringify(body) });
      expect(response.status).toBe(403);
    }
    const id = '00000000-0000-4000-8000-000000000002';
    for (const [method, path] of [['PATCH', `/api/users/${id}`], ['PUT', '/api/costs/settings'], ['DELETE', `/api/candidates/${id}`], ['POST', `/api/conversations/${id}/read`]] as const) {
      const response = await fetch(`${baseUrl()}${path}`, { method, headers: { cookie, 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' }, body: '{}' });
      expect(response.status, `${method} ${path}`).toBe(403);
    }
    expect(await created(body.email)).toBe(0);
  });

  it('refuses a body that is not JSON, even from our own origin', async () => {
    const { cookie } = await signedInAs('ADMIN');
    const body = newUser('type');
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const response = await fetch(`${baseUrl()}/api/users`, { method: 'POST', headers: { cookie, 'content-type': type, origin: baseUrl() }, body: JSON.stringify(body) });
      expect(response.status, type).toBe(415);
    }
    expect(await created(body.email)).toBe(0);
  });

  it('accepts the dashboard\'s own JSON writes, and clients that send no Origin at all', async () => {
    const { cookie } = await signedInAs('ADMIN');
    const fromPage = newUser('same');
    const response = await fetch(`${baseUrl()}/api/users`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', origin: baseUrl(), 'sec-fetch-site': 'same-origin' },
      body: JSON.stringify(fromPage),
    });
    expect(response.status).toBe(201);
    expect(await created(fromPage.email)).toBe(1);
    const fromScript = newUser('curl');
    expect((await fetch(`${baseUrl()}/api/users`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(fromScript) })).status).toBe(201);
  });
});
