// Every route of the built app, enumerated from Next's own manifest: without a session,
// only the webhook, health and sign-in answer; a recruiter cannot reach admin-only ones.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, TEST_DIST_DIR } from './helpers/app-server';
import { signedInAs } from './helpers/auth';
import { baseUrl } from './helpers/webhook';

const manifest = JSON.parse(readFileSync(path.join(ROOT, TEST_DIST_DIR, 'app-path-routes-manifest.json'), 'utf8')) as Record<string, string>;
const routes = [...new Set(Object.values(manifest))].sort();
// /_not-found and /_global-error are Next's own error pages; / only redirects.
const PUBLIC = new Set(['/webhook/whatsapp', '/api/health', '/sign-in', '/_not-found', '/_global-error', '/']);
const isPublic = (route: string) => PUBLIC.has(route) || route.startsWith('/api/auth/');
const concrete = (route: string) =>
  route
    .replace('[messageId]', '00000000-0000-4000-8000-000000000001')
    .replace('[id]', '00000000-0000-4000-8000-000000000002')
    .replace('[action]', 'takeover');

describe('authorisation of every route', () => {
  it('finds the app\'s routes', () => {
    expect(routes).toEqual(expect.arrayContaining(['/api/conversations', '/api/events', '/conversations/[id]', '/webhook/whatsapp']));
  });

  it.each(routes.filter((r) => !isPublic(r)))('refuses %s without a session', async (route) => {
    for (const method of ['GET', 'POST', 'PATCH']) {
      const response = await fetch(`${baseUrl()}${concrete(route)}`, {
        method,
        redirect: 'manual',
        headers: { 'content-type': 'application/json' },
        body: method === 'GET' ? undefined : '{}',
      });
      const status = response.status;
      if (route.startsWith('/api/')) {
        // 405: the route has no such method at all.
        expect([401, 405], `${method} ${route}`).toContain(status);
      } else {
        expect([307, 303, 302, 405], `${method} ${route}`).toContain(status);
        if (status !== 405) expect(response.headers.get('location')).toMatch(/\/sign-in/);
      }
      await response.arrayBuffer().catch(() => {});
    }
  });

  it('keeps the admin pages and actions from recruiters', async () => {
    const { cookie } = await signedInAs('RECRUITER');
    const headers = { cookie, 'content-type': 'application/json' };
    expect((await fetch(`${baseUrl()}/api/users`, { headers })).status).toBe(403);
    expect((await fetch(`${baseUrl()}/api/users`, { method: 'POST', headers, body: '{}' })).status).toBe(403);
    expect((await fetch(`${baseUrl()}/api/users/00000000-0000-4000-8000-000000000002`, { method: 'PATCH', headers, body: '{"active":false}' })).status).toBe(403);
    const page = await fetch(`${baseUrl()}/admin/users`, { headers, redirect: 'manual' });
    expect(page.status).toBe(307);
    expect(page.headers.get('location')).toMatch(/\/conversations$/);
  });

  it('lets an admin manage users, but not lock themselves out', async () => {
    const { user, cookie } = await signedInAs('ADMIN');
    const headers = { cookie, 'content-type': 'application/json' };
    const created = await fetch(`${baseUrl()}/api/users`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ email: `new-${Date.now()}@agency.test`, name: 'New Recruiter', role: 'RECRUITER', password: 'short' }),
    });
    expect(created.status).toBe(422);
    expect((await created.json()).error.details[0].message).toMatch(/at least 12/);
    const ok = await fetch(`${baseUrl()}/api/users`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ email: `new-${Date.now()}@agency.test`, name: 'New Recruiter', role: 'RECRUITER', password: 'a-long-enough-password' }),
    });
    expect(ok.status).toBe(201);
    const { user: added } = await ok.json();
    // No password hash ever leaves the server.
    const listed = await (await fetch(`${baseUrl()}/api/users`, { headers })).text();
    expect(listed).not.toMatch(/scrypt|passwordHash|password_hash/);
    expect(JSON.stringify(added)).not.toMatch(/scrypt|passwordHash/);
    const deactivated = await fetch(`${baseUrl()}/api/users/${added.id}`, { method: 'PATCH', headers, body: '{"active":false}' });
    expect(await deactivated.json()).toMatchObject({ user: { active: false } });
    const malformed = await fetch(`${baseUrl()}/api/users/${added.id}`, { method: 'PATCH', headers, body: '{"active":' });
    expect(malformed.status).toBe(400);
    const self = await fetch(`${baseUrl()}/api/users/${user.id}`, { method: 'PATCH', headers, body: '{"active":false}' });
    expect(self.status).toBe(422);
  });
});
