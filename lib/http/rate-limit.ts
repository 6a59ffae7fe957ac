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

/**
 * The policies: each is one or more fixed windows, all of which must allow a request.
 * README.md ("Rate limits") has the table and how the per-user numbers were sized.
 */
export const RATELIMIT_POLICIES = {
  // Requests without a session (the sign-in page, health, next-auth's endpoints, anything
  // answered 401), per client address.
  api: [
    { tokens: 100, window: '1 m' },
    { tokens: 1000, window: '1 h' },
  ],
  // A signed-in user's requests, wherever they come from (one office IP holds many
  // recruiters). A recruiter's busiest minute is about 400 requests (two tabs, the list
  // refreshed once a second while events stream in, the open conversation twice a second,
  // conversations opened and answered): three times that a minute, and an hour at that
  // peak, still fit. The event stream itself is never counted once it is authorised.
  user: [
    { tokens: 1200, window: '1 m' },
    { tokens: 36_000, window: '1 h' },
  ],
  // Failed sign-ins per client address (each attempt is counted when it starts and given
  // back when the password was right, so an office signing in at nine is never refused).
  signInIp: [
    { tokens: 20, window: '1 m' },
    { tokens: 100, window: '1 h' },
  ],
  // Every sign-in attempt per email (password guessing spread over many addresses).
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

interface Counter {
  key: string;
  value: number;
  expiresAt: number;
  /** Neighbours in the order of use: `older` towards the least recently used. */
  older: Counter | null;
  newer: Counter | null;
}

/**
 * This process's memory: the fixed-window script, executed in JavaScript, over a bounded
 * LRU of counters: a Map from key to counter, and the counters in a doubly linked list in
 * the order of their last use. Every operation is O(1): a counter used moves to the newest
 * end; past `maxKeys` the least recently used one goes, even if its window is still open
 * (its client starts afresh: the price of bounded memory); expired counters at the oldest
 * end are dropped as they are met.
 */
export class MemoryRedis implements ScriptRedis {
  private readonly counters = new Map<string, Counter>();
  private oldest: Counter | null = null;
  private newest: Counter | null = null;

  constructor(readonly maxKeys = 100_000) {}

  get size(): number {
    return this.counters.size;
  }

  has(key: string): boolean {
    return this.counters.has(key);
  }

  async eval(script: string, keys: string[], args: unknown[]) {
    if (!script.includes('INCRBY')) throw new Error('the in-process rate-limit store runs only fixed-window policies');
    const [key] = keys as [string];
    const [tokens, window, incrementBy] = args.map(Number) as [number, number, number];
    const now = Date.now();
    let counter = this.counters.get(key);
    if (counter) {
      this.unlink(counter);
      if (counter.expiresAt <= now) Object.assign(counter, { value: 0, expiresAt: now + window });
    } else {
      counter = { key, value: 0, expiresAt: now + window, older: null, newer: null };
      this.counters.set(key, counter);
    }
    counter.value += incrementBy;
    this.append(counter);
    this.evict(now);
    return [counter.value, tokens];
  }

  async evalsha(): Promise<unknown> {
    throw new Error('NOSCRIPT');
  }

  private evict(now: number) {
    for (let i = 0; i < 2 && this.oldest && this.oldest.expiresAt <= now; i++) this.remove(this.oldest);
    while (this.counters.size > this.maxKeys && this.oldest) this.remove(this.oldest);
  }

  private remove(counter: Counter) {
    this.unlink(counter);
    this.counters.delete(counter.key);
  }

  private append(counter: Counter) {
    counter.older = this.newest;
    counter.newer = null;
    if (this.newest) this.newest.newer = counter;
    this.newest = counter;
    this.oldest ??= counter;
  }

  private unlink(counter: Counter) {
    if (counter.older) counter.older.newer = counter.newer;
    else this.oldest = counter.newer;
    if (counter.newer) counter.newer.older = counter.older;
    else this.newest = counter.older;
    counter.older = counter.newer = null;
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

/**
 * Counts one request (or `rate` of them; a negative rate gives back) against every window
 * of the policy; the tightest answer wins.
 */
export async function limit(policy: Policy, identifier: string, store: Limiters = limiters(), rate = 1): Promise<LimitResult> {
  const results = await Promise.all(store.policies.get(policy)!.map((l) => l.limit(identifier, { rate })));
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

export { clientIp } from './client-ip';
