// Signing in: email and password, checked against the users table on every request.
import { describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import { safeCallbackPath, safeRedirect } from '../lib/auth/callback-url';
import { hashPassword, verifyPassword } from '../lib/auth/passwords';
import { UserExistsError, createUser } from '../lib/auth/users';
import { createTestUser, signIn } from './helpers/auth';
import { baseUrl } from './helpers/webhook';

const session = (cookie: string) => fetch(`${baseUrl()}/api/auth/session`, { headers: { cookie } }).then((r) => r.json());

describe('sign-in', () => {
  it('signs a user in with the right password', async () => {
    const user = await createTestUser('RECRUITER');
    const cookie = await signIn(user.email, user.password);
    expect(cookie).not.toBeNull();
    expect(await session(cookie!)).toMatchObject({ user: { email: user.email, name: user.name, role: 'RECRUITER' } });
  });

  it('refuses a wrong password and an unknown email alike', async () => {
    const user = await createTestUser();
    expect(await signIn(user.email, `${user.password}x`)).toBeNull();
    expect(await signIn('nobody@agency.test', user.password)).toBeNull();
  });

  it('treats the email case-insensitively', async () => {
    const user = await createTestUser();
    expect(await signIn(user.email.toUpperCase(), user.password)).not.toBeNull();
  });

  it('locks a deactivated user out at once, even with a session cookie', async () => {
    const user = await createTestUser();
    const cookie = (await signIn(user.email, user.password))!;
    await db().user.update({ where: { id: user.id }, data: { active: false } });
    const response = await fetch(`${baseUrl()}/api/media/00000000-0000-4000-8000-000000000000`, { headers: { cookie } });
    expect(response.status).toBe(401);
    expect(await signIn(user.email, user.password)).toBeNull();
  });

  it('shows the sign-in page to anyone, in the agency\'s language (nl unless DASHBOARD_LOCALE says otherwise)', async () => {
    const response = await fetch(`${baseUrl()}/sign-in`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Inloggen');
  });
});

describe('users and passwords', () => {
  it('stores a salted scrypt hash, never the password', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(hash).not.toContain('correct horse');
    expect(await hashPassword('correct horse battery staple')).not.toBe(hash);
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
    expect(await verifyPassword('Correct horse battery staple', hash)).toBe(false);
    expect(await verifyPassword('anything', null)).toBe(false);
  });

  it('refuses a duplicate email and a short password', async () => {
    const user = await createTestUser();
    await expect(createUser({ email: user.email, name: 'Again', password: 'long-enough-password' })).rejects.toBeInstanceOf(UserExistsError);
    await expect(createUser({ email: 'short@agency.test', name: 'Short', password: 'short' })).rejects.toThrow(/at least 12/);
  });
});

describe('password guessing', () => {
  it('locks an email after 10 attempts in 15 minutes, even for the right password', async () => {
    const user = await createTestUser();
    for (let i = 0; i < 10; i++) expect(await signIn(user.email, `guess-${i}-wrong`)).toBeNull();
    expect(await signIn(user.email, user.password)).toBeNull();
    // Other users are not affected.
    const other = await createTestUser();
    expect(await signIn(other.email, other.password)).not.toBeNull();
  });
});

describe('where a user goes after signing in', () => {
  const foreign = [
    '//evil.example',
    '//evil.example/x',
    '/\\evil.example/x',
    '/%5Cevil.example/x',
    '/%5cevil.example',
    '/%09/evil.example',
    '/\t/evil.example',
    '/%0A/evil.example',
    '/ /evil.example',
    '/%2F%2Fevil.example',
    '/%2F/evil.example',
    '/%252F%252Fevil.example',
    'https://evil.example',
    'https:evil.example',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'evil.example',
    '',
    '/%E0%A4%A',
  ];

  it.each(foreign)('goes home instead of to %j', (value) => {
    expect(safeCallbackPath(value)).toBe('/');
  });

  it.each(['/', '/conversations', '/conversations/0b5e4f8e-2f1f-4d55-9a55-1f0f1c7d3e01', '/costs?month=2026-03', '/admin/users#new'])('keeps the path %j', (value) => {
    expect(safeCallbackPath(value)).toBe(value);
  });

  it('keeps next-auth\'s redirects on this site', () => {
    const base = 'http://127.0.0.1:3000';
    expect(safeRedirect('/conversations', base)).toBe(`${base}/conversations`);
    expect(safeRedirect('/\\evil.example/x', base)).toBe(`${base}/`);
    expect(safeRedirect(`${base}/costs`, base)).toBe(`${base}/costs`);
    expect(safeRedirect('https://evil.example/x', base)).toBe(base);
  });

  it.each(['/%5Cevil.example/x', '/%09/evil.example', '//evil.example', 'https://evil.example'])(
    'sends a signed-in user home for ?callbackUrl=%s',
    async (target) => {
      const user = await createTestUser();
      const cookie = (await signIn(user.email, user.password))!;
      const response = await fetch(`${baseUrl()}/sign-in?callbackUrl=${target}`, { headers: { cookie }, redirect: 'manual' });
      expect(response.status).toBe(307);
      expect(new URL(response.headers.get('location')!, baseUrl()).href).toBe(`${baseUrl()}/`);
    },
  );

  it('hands the sign-in form only a same-origin path', async () => {
    for (const target of ['/%5Cevil.example/x', '/%09/evil.example']) {
      const html = await (await fetch(`${baseUrl()}/sign-in?callbackUrl=${target}`)).text();
      // The form's props, as the page streams them to the browser.
      const handed = [...html.matchAll(/\\"callbackUrl\\":\\"((?:[^"\\]|\\\\.)*)\\"/g)].map((match) => match[1]);
      expect(handed).toEqual(['/']);
    }
  });
});
