// Each test worker talks to the run's database through the app's own lib/db.
import { inject } from 'vitest';
import { TEST_SECRETS } from '../helpers/secrets';

Object.assign(process.env, TEST_SECRETS, { DATABASE_URL: inject('databaseUrl'), DATABASE_POOL_SIZE: '5', LOG_LEVEL: 'error' });

// Requests to the test apps come from 127.0.0.1, so every test would share one rate-limit
// bucket. The test apps trust one proxy hop (TRUSTED_PROXY_HOPS=1): each request gets a
// client address of its own, unless the test sets X-Forwarded-For itself.
const realFetch = globalThis.fetch;
globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (!url.startsWith('http://127.0.0.1:')) return realFetch(input, init);
  const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
  if (!headers.has('x-forwarded-for')) {
    headers.set('x-forwarded-for', `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`);
  }
  return realFetch(input, { ...init, headers });
}) as typeof fetch;
