// Test users, signed in to the running app over HTTP.
import { randomBytes } from 'node:crypto';
import { createUser } from '../../lib/auth/users';
import { signInOverHttp } from '../../scripts/lib/http-session';
import { baseUrl } from './webhook';

export async function createTestUser(role: 'ADMIN' | 'RECRUITER' = 'RECRUITER') {
  const password = `pw-${randomBytes(12).toString('hex')}`;
  const user = await createUser({ email: `${role.toLowerCase()}-${randomBytes(4).toString('hex')}@agency.test`, name: `Test ${role.toLowerCase()}`, role, password });
  return { ...user, password };
}

/** Signs in with next-auth's credentials flow; returns the Cookie header of the session, or null. */
export function signIn(email: string, password: string): Promise<string | null> {
  return signInOverHttp(baseUrl(), email, password);
}

export async function signedInAs(role: 'ADMIN' | 'RECRUITER' = 'RECRUITER') {
  const user = await createTestUser(role);
  const cookie = await signIn(user.email, user.password);
  if (!cookie) throw new Error('sign-in failed');
  return { user, cookie };
}
