// All configuration, read from the environment and validated once. A missing or invalid
// variable stops the app at start with a sentence naming it (see instrumentation.ts).
import { z } from 'zod';

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const secret = (name: string) =>
  optionalString.refine((value) => value === undefined || value.length >= 16, {
    message: `${name} must be at least 16 characters long`,
  });

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    DATABASE_URL: z
      .string({ error: 'DATABASE_URL is not set: use `npm run dev`/`npm start`, which start the embedded database, or point it at PostgreSQL' })
      .trim()
      .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgresql:// connection string'),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
    // How long a statement may run before PostgreSQL cancels it (0: no limit), and how long
    // waiting for a free connection may take; DATABASE_READ_* are the dashboard's reads, which
    // have a pool of their own in each web process (lib/db/client.ts).
    DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
    DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
    DATABASE_READ_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(5),
    DATABASE_READ_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(10_000),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    // The heap limit `npm start` gives the server process (V8's --max-old-space-size), in MiB;
    // 0 leaves it to Node (a few GiB: the heap then grows under load long before V8 collects).
    APP_MAX_HEAP_MB: z.coerce
      .number()
      .int()
      .max(65_536)
      .refine((value) => value === 0 || value >= 128, { message: 'APP_MAX_HEAP_MB must be 0 (Node decides) or at least 128' })
      .default(256),

    THREESIXTY_DIALOG_API_KEY: optionalString,
    THREESIXTY_DIALOG_PHONE_NUMBER: optionalString,
    THREESIXTY_DIALOG_BASE_URL: z.url().default('https://waba-v2.360dialog.io'),
    THREESIXTY_DIALOG_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),

    WHATSAPP_VERIFY_TOKEN: optionalString,
    WHATSAPP_WEBHOOK_SECRET: secret('WHATSAPP_WEBHOOK_SECRET'),
    WHATSAPP_APP_SECRET: optionalString,
    WEBHOOK_MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(50 * 1024 * 1024).default(1024 * 1024),
    // Deliveries one instance handles at once; more are answered 503 + Retry-After at once
    // (360Dialog delivers them again): when they pile up (a slow database), memory stays
    // bounded and 360Dialog gets an answer instead of a timeout.
    WEBHOOK_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(100_000).default(1000),

    INBOUND_SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(30),
    // A candidate who stops answering mid-screening gets one reminder after this long
    // ("4h", "30m", "90s"; "0" never), only while WhatsApp's 24-hour window is still open.
    SCREENING_NUDGE_AFTER: z
      .string()
      .trim()
      .default('4h')
      .transform((value, ctx) => {
        const match = /^(\d+(?:\.\d+)?)\s*(s|m|h)?$/i.exec(value);
        const seconds = match ? Number(match[1]) * ({ s: 1, m: 60, h: 3600 } as const)[(match[2]?.toLowerCase() ?? 'h') as 's' | 'm' | 'h'] : NaN;
        if (!Number.isFinite(seconds) || seconds < 0 || seconds >= 24 * 3600) {
          ctx.addIssue({ code: 'custom', message: 'a duration under 24 hours such as 4h, 30m or 90s (0 switches the reminder off)' });
          return z.NEVER;
        }
        return seconds;
      }),
    INBOUND_SWEEP_AFTER_SECONDS: z.coerce.number().int().min(1).default(60),
    // Candidates whose conversation was resolved longer ago than this are deleted (0: never).
    RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(365),
    INBOUND_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
    // The dashboard's language for users who have not chosen one (lib/i18n).
    DASHBOARD_LOCALE: z.enum(['nl', 'en']).default('nl'),
    INBOUND_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(4),

    // Does this Next.js server also run a worker (agent turns, outbox, sweep, reminders,
    // retention, cost roll-up; lib/runtime/worker.ts)? `npm start` / `npm run dev` run the web
    // server with `off` and a worker process beside it; `on` keeps one process doing everything.
    WORKER: z
      .enum(['on', 'off', 'true', 'false', '1', '0'])
      .default('on')
      .transform((value) => ['on', 'true', '1'].includes(value)),
    // How much a worker process (`npm run worker`, and the one `npm start` runs) lowers its CPU
    // priority (nice), so that on a machine it shares with the web server, acknowledging
    // webhooks comes first and the worker catches up in the time left (0: not at all).
    WORKER_NICE: z.coerce.number().int().min(0).max(19).default(10),
    // How often a worker brings the cost roll-up up to date, in seconds (0: only when an estimate is asked for).
    COSTS_ROLLUP_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(60),

    OUTBOX_DISPATCHER: z
      .enum(['on', 'off', 'true', 'false', '1', '0'])
      .default('on')
      .transform((value) => ['on', 'true', '1'].includes(value)),
    OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(10),
    OUTBOX_RETRY_BASE_MS: z.coerce.number().int().min(1).default(1000),
    OUTBOX_RETRY_MAX_MS: z.coerce.number().int().min(1).default(5 * 60 * 1000),
    OUTBOX_LEASE_SECONDS: z.coerce.number().int().min(1).default(60),
    OUTBOX_POLL_INTERVAL_MS: z.coerce.number().int().min(10).default(1000),
    OUTBOX_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(8),

    // The optional language-model agent (any OpenAI-compatible chat completions endpoint).
    AGENT_LLM_BASE_URL: z.url().optional(),
    AGENT_LLM_API_KEY: optionalString,
    AGENT_LLM_MODEL: optionalString,
    AGENT_LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(8000),
    AGENT_PROMPT_FILE: z.string().default('lib/agent/prompt.md'),
    SCREENING_CONFIG: optionalString,

    NEXTAUTH_SECRET: secret('NEXTAUTH_SECRET'),
    NEXTAUTH_URL: z.url().optional(),

    // Rate limits: Upstash Redis over REST, else a standard Redis, else this process's memory.
    UPSTASH_REDIS_REST_URL: z.url().optional(),
    UPSTASH_REDIS_REST_TOKEN: optionalString,
    REDIS_URL: z.string().regex(/^rediss?:\/\//, 'REDIS_URL must be a redis:// or rediss:// URL').optional(),
    // How many proxies of our own append to X-Forwarded-For: the client address is the N-th
    // entry from the right (0: the connection's own; scripts/web.ts, lib/http/client-ip.ts).
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),

    // Web Push (lib/notifications/push.ts): the VAPID key pair (URL-safe base64, as
    // `web-push generate-vapid-keys` prints them) and the contact the push services may write
    // to (mailto: or https:). Without keys no push is sent; open dashboards still notify.
    VAPID_PUBLIC_KEY: optionalString,
    VAPID_PRIVATE_KEY: optionalString,
    VAPID_SUBJECT: z
      .string()
      .trim()
      .regex(/^(mailto:|https:\/\/)/, 'VAPID_SUBJECT must be a mailto: address or an https:// URL')
      .default('mailto:inbox@localhost'),
    // The push services browsers subscribe at (host names; a subdomain of one counts): the
    // worker sends to no other host, so a subscription cannot point it at an address of the
    // agency's own network.
    PUSH_SERVICE_HOSTS: z
      .string()
      .default('fcm.googleapis.com,updates.push.services.mozilla.com,push.services.mozilla.com,notify.windows.com,push.apple.com')
      .transform((value) => value.split(',').map((host) => host.trim().toLowerCase()).filter(Boolean)),
    // A notification nobody read in an open dashboard within this many seconds is pushed.
    PUSH_AFTER_SECONDS: z.coerce.number().int().min(0).max(86_400).default(30),

    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  })
  .refine((env) => env.WHATSAPP_WEBHOOK_SECRET !== undefined || env.WHATSAPP_APP_SECRET !== undefined, {
    path: ['WHATSAPP_WEBHOOK_SECRET'],
    message:
      'WHATSAPP_WEBHOOK_SECRET (or WHATSAPP_APP_SECRET) must be set: without one, anybody could post fake messages to /webhook/whatsapp',
  })

  .refine((env) => (env.AGENT_LLM_BASE_URL === undefined) === (env.AGENT_LLM_MODEL === undefined), {
    path: ['AGENT_LLM_MODEL'],
    message: 'AGENT_LLM_BASE_URL and AGENT_LLM_MODEL go together: set both to use the language-model agent, or neither',
  })
  .refine((env) => (env.VAPID_PUBLIC_KEY === undefined) === (env.VAPID_PRIVATE_KEY === undefined), {
    path: ['VAPID_PRIVATE_KEY'],
    message: 'VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY go together: set both to send Web Push, or neither (npx web-push generate-vapid-keys)',
  })
  .refine((env) => env.NODE_ENV !== 'production' || env.NEXTAUTH_SECRET !== undefined, {
    path: ['NEXTAUTH_SECRET'],
    message: 'NEXTAUTH_SECRET must be set in production: it signs the dashboard\'s session cookies (openssl rand -base64 32)',
  });

export type Env = z.infer<typeof schema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Validates a set of variables; throws a ConfigError naming every problem. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.') || 'configuration';
    return issue.message.includes(name) ? issue.message : `${name}: ${issue.message}`;
  });
  throw new ConfigError(problems);
}

let cached: Env | undefined;

/** The app's configuration, validated on first use. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/**
 * NODE_OPTIONS for the server process `npm start` runs: the heap limit of APP_MAX_HEAP_MB
 * added, unless NODE_OPTIONS already sets one (then that one counts).
 */
export function appNodeOptions(maxHeapMb: number, nodeOptions = ''): string {
  if (maxHeapMb === 0 || /--max-old-space-size\b/.test(nodeOptions)) return nodeOptions;
  return `${nodeOptions} --max-old-space-size=${maxHeapMb}`.trim();
}
