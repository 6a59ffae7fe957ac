// Every rate limit of the app, through @upstash/ratelimit, from one table of policies.
// Stores, in order of preference:
//  - Upstash Redis over REST (UPSTASH_REDIS_REST_URL/TOKEN): several instances, serverless;
//  - a standard Redis (REDIS_URL), through an adapter: @upstash/ratelimit's Lua scripts
//    start with "#!lua flags=allow-key-locking", which Redis 7.0 refuses, so the adapter
//    strips that line and remembers which script a hash stands for;
//  - this process's memory, for the single-instance embedded default. It runs the one
//    script the policies use (fixed window: INCRBY + PEXPIRE) itself.
import { createHash } from 'node:crypto';
import { Ratelimit } from '@upstash/ratelimit';
import { Redis as UpstashRedis } from '@upstash/redis';
import IORedis from 'ioredis';
import { env } from '../env';
import { log } from '../log';
import { processSingleton } from '../runtime/singleton';

type Window = `${number} ${'s' | 'm' | 'h'}`;

/** The policies: each is one or more fixed windows, all of which must allow a request. */
export const RATELIMIT_POLICIES = {
  // The seed's limits, per IP: the dashboard API and every endpoint without a session.
  api: [
    { tokens: 100, window: '1 m' },
    { tokens: 1000, window: '1 h' },
  ],
  // Sign-in is stricter: per IP, and per email (password guessing spread over many IPs).
  signInIp: [
    { tokens: 10, window: '1 m' },
    { tokens: 50, window: '1 h' },
  ],
  signInEmail: [{ tokens: 10, window: '15 m' }],
  // Webhook deliveries that fail authentication, per IP. Authenticated 360Dialog traffic
  // is never limited per IP: it bursts to 1,000 messages/s from a few addresses.
  webhookAuthFailure: [{ tokens: 20, window: '1 m' }],
} satisfies Record<string, { tokens: number; window: Window }[]>;

export type Policy = keyof typeof RATELIMIT_POLICIES;

export interface LimitResult {
  success: boolean;
  limit: number;
  remaining: number;
  /** Unix milliseconds when the tightest window resets. */
  reset: number;
}

interface ScriptRedis {
  eval(script: string, keys: string[], args: unknown[]): Promise<unknown>;
  evalsha(sha: string, keys: string[], args: unknown[]): Promise<unknown>;
}

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');
const stripShebang = (script: string) => script.replace(/^#!lua[^\n]*\n/, '');

/** A standard Redis (node) for @upstash/ratelimit. */
export class StandardRedisAdapter implements ScriptRedis {
  private readonly scripts = new Map<string, string>();

  constructor(readonly client: IORedis) {}

  async eval(script: string, keys: string[], args: unknown[]) {
    const stripped = stripShebang(script);
    this.scripts.set(sha1(script), stripped);
    return this.client.eval(stripped, keys.length, ...keys, ...args.map((a) => (a === null ? '' : String(a))));
  }

  async evalsha(sha: string, keys: string[], args: unknown[]) {
    const stripped = this.scripts.get(sha);
    // Unknown hash: answer like Redis, and the library sends the script itself.
    if (!stripped) throw new Error('NOSCRIPT No matching script. Please use EVAL.');
    return this.client.evalsha(sha1(stripped), keys.length, ...keys, ...args.map((a) => (a === null ? '' : String(a)))).catch((error: unknown) => {
      if (`${error}`.includes('NOSCRIPT')) return this.client.eval(stripped, keys.length, ...keys, ...args.map((a) => (a === null ? '' : String(a))));
      throw error;
    });
  }
}

/** This process's memory: the fixed-window script, executed in JavaScript. */
export class MemoryRedis implements ScriptRedis {
  private readonly counters = new Map<string, { value: number; expiresAt: number }>();

  async eval(script: string, keys: string[], args: unknown[]) {
    if (!script.includes('INCRBY')) throw new Error('the in-process rate-limit store runs only fixed-window policies');
    const [key] = keys as [string];
    const [tokens, window, incrementBy] = args.map(Number) as [number, number, number];
    const now = Date.now();
    let counter = this.counters.get(key);
    if (!counter || counter.expiresAt <= now) {
      counter = { value: 0, expiresAt: now + window };
      this.counters.set(key, counter);
    }
    counter.value += incrementBy;
    if (this.counters.size > 50_000) this.sweep(now);
    return [counter.value, tokens];
  }

  async evalsha(): Promise<unknown> {
    throw new Error('NOSCRIPT');
  }

  private sweep(now: number) {
    for (const [key, counter] of this.counters) if (counter.expiresAt <= now) this.counters.delete(key);
  }
}

export type StoreKind = 'upstash' | 'redis' | 'memory';

function createStore(): { kind: StoreKind; redis: ScriptRedis } {
  const config = env();
  if (config.UPSTASH_REDIS_REST_URL && config.UPSTASH_REDIS_REST_TOKEN) {
    return { kind: 'upstash', redis: new UpstashRedis({ url: config.UPSTASH_REDIS_REST_URL, token: config.UPSTASH_REDIS_REST_TOKEN }) as unknown as ScriptRedis };
  }
  if (config.REDIS_URL) {
    const client = new IORedis(config.REDIS_URL, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false });
    client.on('error', (error) => log.warn('rate-limit redis error', { error }));
    return { kind: 'redis', redis: new StandardRedisAdapter(client) };
  }
  return { kind: 'memory', redis: new MemoryRedis() };
}

type Limiters = { kind: StoreKind; policies: Map<Policy, Ratelimit[]> };

export function buildLimiters(store: { kind: StoreKind; redis: ScriptRedis }, prefix = 'ratelimit'): Limiters {
  const policies = new Map<Policy, Ratelimit[]>();
  for (const [name, windows] of Object.entries(RATELIMIT_POLICIES) as [Policy, { tokens: number; window: Window }[]][]) {
    policies.set(
      name,
      windows.map(
        (w) =>
          new Ratelimit({
            redis: store.redis as never,
            limiter: Ratelimit.fixedWindow(w.tokens, w.window),
            prefix: `${prefix}:${name}:${w.window.replace(' ', '')}`,
            analytics: false,
            ephemeralCache: false,
          }),
      ),
    );
  }
  return { kind: store.kind, policies };
}

/** The process's limiters: one set of counters for every route (Next.js bundles each route of its own). */
export function limiters(): Limiters {
  return processSingleton('http.rate-limiters', () => buildLimiters(createStore()));
}

/** Counts one request against every window of the policy; the tightest answer wins. */
export async function limit(policy: Policy, identifier: string, store: Limiters = limiters()): Promise<LimitResult> {
  const results = await Promise.all(store.policies.get(policy)!.map((l) => l.limit(identifier)));
  const failed = results.filter((r) => !r.success);
  const decisive = failed.length ? failed.sort((a, b) => b.reset - a.reset)[0]! : results.sort((a, b) => a.remaining - b.remaining)[0]!;
  return { success: failed.length === 0, limit: decisive.limit, remaining: decisive.remaining, reset: decisive.reset };
}

/** 429 with the JSON error and the headers clients expect. */
export function tooManyRequests(result: LimitResult): Response {
  const retryAfter = Math.max(1, Math.ceil((result.reset - Date.now()) / 1000));
  return Response.json(
    { error: { code: 'rate_limited', message: `Too many requests: try again in ${retryAfter} seconds.` } },
    { status: 429, headers: { ...rateLimitHeaders(result), 'retry-after': String(retryAfter) } },
  );
}

export function rateLimitHeaders(result: LimitResult): Record<string, string> {
  return {
    'x-ratelimit-limit': String(result.limit),
    'x-ratelimit-remaining': String(result.remaining),
    'x-ratelimit-reset': String(Math.ceil(result.reset / 1000)),
  };
}

/**
 * The client's IP. X-Forwarded-For is trusted only as far as TRUSTED_PROXY_HOPS proxies
 * (load balancers) of our own append to it; without any, the address Next.js saw.
 */
export function clientIp(headers: Headers): string {
  const hops = env().TRUSTED_PROXY_HOPS;
  const chain = (headers.get('x-forwarded-for') ?? '').split(',').map((part) => part.trim()).filter(Boolean);
  if (chain.length === 0) return 'unknown';
  return chain[Math.max(0, chain.length - Math.max(1, hops))]!;
}
