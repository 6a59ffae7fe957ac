// Signing in to the running app over HTTP, the way the sign-in form does.
import { randomBytes } from 'node:crypto';
import { createUser } from '../../lib/users';
import { baseUrl } from './webhook';

export async function createTestUser(role: 'ADMIN' | 'RECRUITER' = 'RECRUITER') {
  const password = `pw-${randomBytes(12).toString('hex')}`;
  const user = await createUser({ email: `${role.toLowerCase()}-${randomBytes(4).toString('hex')}@agency.test`, name: `Test ${role.toLowerCase()}`, role, password });
  return { ...user, password };
}

function cookiesOf(response: Response, jar: Map<string, string>) {
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(';');
    const index = pair!.indexOf('=');
    jar.set(pair!.slice(0, index), pair!.slice(index + 1));
  }
}

const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

/** Signs in with next-auth's credentials flow; returns the Cookie header of the session, or null. */
export async function signIn(email: string, password: string): Promise<string | null> {
  const jar = new Map<string, string>();
  const csrf = await fetch(`${baseUrl()}/api/auth/csrf`);
  cookiesOf(csrf, jar);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${baseUrl()}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(jar) },
    body: new URLSearchParams({ csrfToken, email, password, json: 'true' }),
  });
  cookiesOf(response, jar);
  return [...jar.keys()].some((name) => name.endsWith('next-auth.session-token')) ? cookieHeader(jar) : null;
}

export async function signedInAs(role: 'ADMIN' | 'RECRUITER' = 'RECRUITER') {
  const user = await createTestUser(role);
  const cookie = await signIn(user.email, user.password);
  if (!cookie) throw new Error('sign-in failed');
  return { user, cookie };
}
