// Rate limits through @upstash/ratelimit: the policies, on the real Redis and in memory,
// and over HTTP with the 429 answer clients expect.
import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryRedis, RATELIMIT_POLICIES, StandardRedisAdapter, buildLimiters, limit } from '../lib/http/rate-limit';
import { cloudPayload, exampleMessage } from '../dev/examples';
import { TEST_SECRETS } from './helpers/secrets';
import { baseUrl, postWebhook } from './helpers/webhook';

const redis = new IORedis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
afterAll(() => redis.quit());

describe.each([
  ['a standard Redis (127.0.0.1:6379)', () => ({ kind: 'redis' as const, redis: new StandardRedisAdapter(redis) })],
  ['this process\'s memory', () => ({ kind: 'memory' as const, redis: new MemoryRedis() })],
])('the policies on %s', (_, store) => {
  it('allow the seed\'s 100 requests a minute per IP, then refuse with the reset time', async () => {
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
});

describe('over HTTP', () => {
  it('answers 429 with Retry-After and X-RateLimit headers once an IP used up the API budget', async () => {
    const ip = `198.51.100.${Math.floor(Math.random() * 250)}`;
    // Fixed windows: start early in a minute, so the 101 requests fall in one window.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 40_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 100));
    let response: Response | undefined;
    for (let i = 0; i < 101; i++) {
      response = await fetch(`${baseUrl()}/api/health`, { headers: { 'x-forwarded-for': ip } });
      if (i < 100) expect(response.status, `request ${i + 1}`).toBe(200);
    }
    expect(response!.status).toBe(429);
    expect(await response!.json()).toEqual({ error: { code: 'rate_limited', message: expect.stringMatching(/^Too many requests: try again in \d+ seconds\.$/) } });
    expect(Number(response!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(response!.headers.get('x-ratelimit-limit')).toBe('100');
    expect(response!.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(response!.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
  });

  it('limits webhook deliveries that fail authentication, never the authenticated ones', async () => {
    const ip = `203.0.113.${Math.floor(Math.random() * 250)}`;
    const headers = { 'x-forwarded-for': ip };
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await postWebhook({ messages: [] }, { secret: 'wrong-secret-0123456789', headers })).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    // 360Dialog itself, from the same address, in a burst: all accepted.
    const burst = await Promise.all(
      Array.from({ length: 150 }, () => postWebhook(cloudPayload({ messages: [exampleMessage('text', { from: '31600000001' })] }), { headers })),
    );
    expect(burst.every((r) => r.status === 200)).toBe(true);
  });

  it('limits sign-in attempts per IP', async () => {
    const ip = `192.0.2.${Math.floor(Math.random() * 250)}`;
    const csrf = await fetch(`${baseUrl()}/api/auth/csrf`, { headers: { 'x-forwarded-for': ip } });
    const cookie = csrf.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const { csrfToken } = await csrf.json();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const response = await fetch(`${baseUrl()}/api/auth/callback/credentials`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'x-forwarded-for': ip, cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrfToken, email: `x${i}@agency.test`, password: 'nope-nope-nope', json: 'true' }),
      });
      statuses.push(response.status);
      await response.arrayBuffer();
    }
    expect(statuses.at(-1)).toBe(429);
    expect(TEST_SECRETS.WHATSAPP_WEBHOOK_SECRET).toBeTruthy();
  });
});
