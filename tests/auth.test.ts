// Signing in: email and password, checked against the users table on every request.
import { describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
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

  it('shows the sign-in page to anyone', async () => {
    const response = await fetch(`${baseUrl()}/sign-in`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Sign in');
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
