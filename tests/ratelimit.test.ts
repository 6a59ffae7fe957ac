// Rate limits through @upstash/ratelimit: the policies, on the real Redis and in memory;
// the in-memory store's bound; and over HTTP, on an app of this file's own (its counters
// are its own, so exhausting them disturbs no other test), as clients really reach it:
// every request from 127.0.0.1, the client address taken from the socket.
import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { inject } from 'vitest';
import { MemoryRedis, RATELIMIT_POLICIES, StandardRedisAdapter, buildLimiters, limit } from '../lib/http/rate-limit';
import { db } from '../lib/db/client';
import { signInOverHttp } from '../scripts/lib/http-session';
import { cloudPayload, exampleMessage } from '../dev/examples';
import { startApp, type RunningApp } from './helpers/app-server';
import { createTestUser } from './helpers/auth';
import { candidateWrites, until } from './helpers/sandbox';
import { TEST_SECRETS } from './helpers/secrets';
import { postWebhook, uniquePhone } from './helpers/webhook';

const redis = new IORedis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
afterAll(() => redis.quit());

describe.each([
  ['a standard Redis (127.0.0.1:6379)', () => ({ kind: 'redis' as const, redis: new StandardRedisAdapter(redis) })],
  ['this process\'s memory', () => ({ kind: 'memory' as const, redis: new MemoryRedis() })],
])('the policies on %s', (_, store) => {
  it('allow 100 requests a minute per address without a session, then refuse with the reset time', async () => {
    const limiters = buildLimiters(store(), `test-${randomBytes(4).toString('hex')}`);
    const ip = '192.0.2.10';
    for (let i = 0; i < 100; i++) expect((await limit('api', ip, limiters)).success).toBe(true);
    const refused = await limit('api', ip, limiters);
    expect(refused).toMatchObject({ success: false, limit: 100, remaining: 0 });
    expect(refused.reset).toBeGreaterThan(Date.now());
    expect(refused.reset).toBeLessThanOrEqual(Date.now() + 60_000);
    // Another IP has its own budget.
    expect((await limit('api', '192.0.2.11', limiters)).success).toBe(true);
  });

  it('count sign-ins per email more strictly', async () => {
    const limiters = buildLimiters(store(), `test-${randomBytes(4).toString('hex')}`);
    const tokens = RATELIMIT_POLICIES.signInEmail[0]!.tokens;
    for (let i = 0; i < tokens; i++) expect((await limit('signInEmail', 'anna@agency.test', limiters)).success).toBe(true);
    expect((await limit('signInEmail', 'anna@agency.test', limiters)).success).toBe(false);
  });

  it('give back what a negative rate returns (a successful sign-in)', async () => {
    const limiters = buildLimiters(store(), `test-${randomBytes(4).toString('hex')}`);
    const tokens = RATELIMIT_POLICIES.signInIp[0]!.tokens;
    for (let i = 0; i < tokens * 3; i++) {
      expect((await limit('signInIp', '192.0.2.20', limiters)).success).toBe(true);
      await limit('signInIp', '192.0.2.20', limiters, -1);
    }
  });
});

describe('the in-memory store', () => {
  const fixedWindow = 'local r = redis.call("INCRBY", key, incrementBy)';
  const hit = (store: MemoryRedis, key: string, windowMs = 60_000) => store.eval(fixedWindow, [key], [10, windowMs, 1]) as Promise<[number, number]>;

  it('never holds more counters than its bound, dropping the least recently used', async () => {
    const store = new MemoryRedis(1000);
    await hit(store, 'kept');
    await hit(store, 'dropped');
    for (let i = 0; i < 5000; i++) {
      await hit(store, `client-${i}`);
      // 'kept' is in use all along; 'dropped' never again.
      if (i % 100 === 0) await hit(store, 'kept');
      expect(store.size).toBeLessThanOrEqual(1000);
    }
    expect(store.size).toBe(1000);
    expect(store.has('kept')).toBe(true);
    expect(store.has('dropped')).toBe(false);
    expect(store.has('client-0')).toBe(false);
    expect(store.has('client-4999')).toBe(true);
    // The counter in use kept counting.
    expect((await hit(store, 'kept'))[0]).toBe(52);
  });

  it('drops expired counters as it meets them, and starts an expired one afresh', async () => {
    const store = new MemoryRedis(1000);
    for (let i = 0; i < 10; i++) await hit(store, `short-${i}`, 1);
    await hit(store, 'renewed', 1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await hit(store, 'renewed'))[0]).toBe(1);
    for (let i = 0; i < 10; i++) await hit(store, `long-${i}`);
    expect(store.size).toBe(11);
    expect(store.has('short-0')).toBe(false);
  });

  it('stays fast at its bound (no scan of all counters)', async () => {
    const store = new MemoryRedis(50_000);
    for (let i = 0; i < 50_000; i++) await hit(store, `fill-${i}`);
    const started = performance.now();
    for (let i = 0; i < 50_000; i++) await hit(store, `more-${i}`);
    expect(store.size).toBe(50_000);
    // Linear work would be 50,000 x 50,000 steps; O(1) operations take well under a second.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

// A recruiter's busiest minute, from how the dashboard behaves (lib/swr/use-live-events.ts:
// a component refreshes at most once a second while live events keep coming):
//  - the conversation list, refreshed once a second through a busy hour:          60
//  - the open conversation and its timeline, once a second each, candidate typing: 120
//  - opening a conversation every 30 s (detail, timeline, templates, read):          8
//  - two replies (the post, the timeline refreshed):                                 4
// = 192 per tab; with two tabs open, about 400 requests a minute.
const PEAK_PER_MINUTE = 2 * (60 + 120 + 8 + 4);

describe('a recruiter\'s day at its peak', () => {
  afterAll(() => vi.useRealTimers());

  it('never meets the per-user limit: eight hours at the busiest minute\'s rate', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-02T08:00:00Z'));
    const limiters = buildLimiters({ kind: 'memory', redis: new MemoryRedis() }, `day-${randomBytes(4).toString('hex')}`);
    let refused = 0;
    let requests = 0;
    for (let second = 0; second < 8 * 3600; second++) {
      // The minute's requests spread over its seconds (fixed windows only add up).
      const now = Math.floor(((second % 60) + 1) * PEAK_PER_MINUTE / 60) - Math.floor((second % 60) * PEAK_PER_MINUTE / 60);
      vi.setSystemTime(new Date(Date.parse('2026-03-02T08:00:00Z') + second * 1000));
      if (!(await limit('user', 'recruiter-1', limiters, now)).success) refused += 1;
      requests += now;
    }
    expect(requests).toBe(8 * 60 * PEAK_PER_MINUTE);
    expect(refused).toBe(0);
  });
});

describe('over HTTP, from one address', () => {
  let app: RunningApp;
  let conversationId: string;
  const recruiters: { id: string; email: string; password: string; cookie: string }[] = [];

  beforeAll(async () => {
    app = await startApp({
      env: {
        ...TEST_SECRETS,
        DATABASE_URL: inject('databaseUrl'),
        DATABASE_POOL_SIZE: '10',
        THREESIXTY_DIALOG_BASE_URL: inject('sandboxUrl'),
        THREESIXTY_DIALOG_API_KEY: 'test-sandbox-key',
        // Client addresses from the socket only: X-Forwarded-For is whatever a client claims.
        TRUSTED_PROXY_HOPS: '0',
        WORKER: 'off',
        LOG_LEVEL: 'error',
      },
    });
    // Ten recruiters of one office, and a conversation they work on (the shared app stores it).
    const waId = uniquePhone();
    await candidateWrites({ from: waId, text: 'Hallo, ik zoek werk' });
    conversationId = (await until(() => db().conversation.findFirst({ where: { contact: { waId } } }), (c) => c !== null))!.id;
    for (let i = 0; i < 10; i++) {
      const user = await createTestUser();
      const cookie = await signInOverHttp(app.url, user.email, user.password);
      if (!cookie) throw new Error('sign-in failed');
      recruiters.push({ id: user.id, email: user.email, password: user.password, cookie });
    }
  }, 180_000);

  afterAll(async () => {
    await app?.stop();
  });

  /** Waits, when needed, so that the next `seconds` fall into one fixed minute window. */
  async function sameMinute(seconds: number) {
    const into = Date.now() % 60_000;
    if (into > 60_000 - seconds * 1000) await new Promise((resolve) => setTimeout(resolve, 60_000 - into + 200));
  }

  /** Sends `requests` with `concurrency` in flight; the statuses. */
  async function send(requests: (() => Promise<Response>)[], concurrency = 16): Promise<number[]> {
    const statuses: number[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < requests.length) {
          const response = await requests[next++]!();
          statuses.push(response.status);
          await response.arrayBuffer().catch(() => {});
        }
      }),
    );
    return statuses;
  }

  /** One recruiter's peak minute of dashboard requests, in the proportions above. */
  function peakMinute(cookie: string, count = PEAK_PER_MINUTE): (() => Promise<Response>)[] {
    const get = (path: string) => () => fetch(`${app.url}${path}`, { headers: { cookie } });
    const mix = [
      ...Array<string>(60).fill('/api/conversations'),
      ...Array<string>(60).fill(`/api/conversations/${conversationId}`),
      ...Array<string>(60).fill(`/api/conversations/${conversationId}/messages`),
      ...Array<string>(2).fill('/api/templates'),
      ...Array<string>(2).fill('/api/auth/session'),
    ];
    const requests = Array.from({ length: count }, (_, i) => get(mix[i % mix.length]!));
    // Opening the conversation marks it read (a write, same origin, JSON).
    for (let i = 0; i < count; i += 60) {
      requests[i] = () =>
        fetch(`${app.url}/api/conversations/${conversationId}/read`, { method: 'POST', headers: { cookie, 'content-type': 'application/json', origin: app.url } });
    }
    return requests;
  }

  it('lets a recruiter work through the busiest minute without a 429', async () => {
    const statuses = await send(peakMinute(recruiters[0]!.cookie));
    expect(statuses.length).toBe(PEAK_PER_MINUTE);
    expect(statuses.filter((s) => s === 429)).toEqual([]);
    expect(statuses.every((s) => s < 400)).toBe(true);
  }, 120_000);

  it('lets ten recruiters behind one office address work at once without a 429', async () => {
    // A busy minute each (less than the peak, to keep the test short): together far more
    // than any per-address budget.
    const statuses = await send(recruiters.flatMap((r) => peakMinute(r.cookie, 150)), 24);
    expect(statuses.length).toBe(1500);
    expect(statuses.filter((s) => s === 429)).toEqual([]);
  }, 180_000);

  it('refuses a script far above any human rate, per user: others on the same address go on, its event stream too', async () => {
    // A user of its own: the others have used some of this minute's budget already.
    const scripted = await createTestUser();
    const script = { cookie: (await signInOverHttp(app.url, scripted.email, scripted.password))! };
    const colleague = recruiters[9]!;
    const budget = RATELIMIT_POLICIES.user[0]!.tokens;
    await sameMinute(40);
    const statuses = await send(Array.from({ length: budget + 50 }, () => () => fetch(`${app.url}/api/templates`, { headers: { cookie: script.cookie } })), 32);
    expect(statuses.filter((s) => s === 429).length).toBe(50);
    const refused = await fetch(`${app.url}/api/conversations`, { headers: { cookie: script.cookie } });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toEqual({ error: { code: 'rate_limited', message: expect.stringMatching(/^Too many requests: try again in \d+ seconds\.$/) } });
    // The colleague at the same address is not affected.
    expect((await fetch(`${app.url}/api/conversations`, { headers: { cookie: colleague.cookie } })).status).toBe(200);
    // The event stream of the limited user still opens: it is never limited once authorised.
    const controller = new AbortController();
    const stream = await fetch(`${app.url}/api/events`, { headers: { cookie: script.cookie }, signal: controller.signal });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/);
    controller.abort();
  }, 120_000);

  it('lets an office of recruiters sign in at once: only failed sign-ins count per address', async () => {
    const statuses: (string | null)[] = [];
    for (let round = 0; round < 2; round++) {
      for (const recruiter of recruiters) statuses.push(await signInOverHttp(app.url, recruiter.email, recruiter.password));
    }
    expect(statuses.filter((cookie) => cookie === null)).toEqual([]);
  }, 120_000);

  it('limits webhook deliveries that fail authentication, never the authenticated ones', async () => {
    const statuses: number[] = [];
    await sameMinute(20);
    for (let i = 0; i < 22; i++) {
      // A forged X-Forwarded-For each time changes nothing: the address is the socket's.
      const headers = { 'x-forwarded-for': `203.0.113.${i}` };
      statuses.push((await postWebhook({ messages: [] }, { base: app.url, secret: 'wrong-secret-0123456789', headers })).status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    // 360Dialog itself, from the same address, in a burst: all accepted.
    const burst = await Promise.all(
      Array.from({ length: 150 }, () => postWebhook(cloudPayload({ messages: [exampleMessage('text', { from: '31600000001' })] }), { base: app.url })),
    );
    expect(burst.every((r) => r.status === 200)).toBe(true);
  }, 60_000);

  it('limits requests without a session per address, whatever X-Forwarded-For claims', async () => {
    await sameMinute(20);
    const statuses: number[] = [];
    for (let i = 0; i < 120; i++) {
      const forged = `${10 + (i % 200)}.${i}.${(i * 7) % 250}.${(i * 13) % 250}`;
      // Neither a forged X-Forwarded-For nor a forged client-address header of the app's own.
      const response = await fetch(`${app.url}/api/health`, { headers: { 'x-forwarded-for': forged, 'x-client-address': forged } });
      statuses.push(response.status);
      if (response.status === 429) {
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(response.headers.get('x-ratelimit-limit')).toBe('100');
        expect(response.headers.get('x-ratelimit-remaining')).toBe('0');
        expect(Number(response.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
      }
      await response.arrayBuffer();
    }
    // The budget of the minute: 100 (this file's earlier requests without a session used a few).
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(20);
    expect(statuses.slice(100)).toEqual(Array(20).fill(429));
  }, 60_000);

  // Last: it locks this address out of signing in for the rest of the minute.
  it('limits failed sign-ins per address through every path that reaches the password check', async () => {
    const attempt = async (path: string, email: string, password = 'nope-nope-nope') => {
      const csrf = await fetch(`${app.url}/api/auth/csrf`);
      const cookie = csrf.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      const { csrfToken } = (await csrf.json()) as { csrfToken: string };
      const response = await fetch(`${app.url}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': `198.51.100.${Math.floor(Math.random() * 250)}` },
        body: new URLSearchParams({ csrfToken, email, password, json: 'true' }),
      });
      const body = (await response.json().catch(() => ({}))) as { url?: string };
      return { status: response.status, refused: response.status === 429 || /error=TooManyAttempts/.test(body.url ?? ''), signedIn: response.headers.getSetCookie().some((c) => c.includes('session-token=')) };
    };
    await sameMinute(20);
    const results = [];
    // The same credentials callback, spelled three ways.
    const paths = ['/api/auth/callback/%63redentials', '/api/auth/callback/credentials', '/api/auth/callback/credential%73'];
    const tokens = RATELIMIT_POLICIES.signInIp[0]!.tokens;
    for (let i = 0; i < tokens + 5; i++) results.push(await attempt(paths[i % paths.length]!, `guess-${i}-${randomBytes(3).toString('hex')}@agency.test`));
    expect(results.slice(0, tokens).every((r) => !r.refused)).toBe(true);
    expect(results.slice(tokens).map((r) => [r.refused, r.status])).toEqual(Array(5).fill([true, 429]));
    // The right password from this address is refused too, for now.
    const user = recruiters[0]!;
    expect(await attempt('/api/auth/callback/%63redentials', user.email, user.password)).toMatchObject({ refused: true, signedIn: false });
  }, 60_000);
});
