// The one Prisma client of the app, on node-postgres through @prisma/adapter-pg.
// One per process (lib/runtime/singleton.ts): Next.js's bundles and dev reloads must not open
// a pool each. The same connection pool is open to hand-written SQL on the hottest paths
// (pool()): a statement there costs a fraction of a Prisma raw query's CPU.
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient, type Prisma } from '../generated/prisma/client';
import { env } from '../env';
import { dropProcessSingleton, processSingleton } from '../runtime/singleton';

/** The app's PostgreSQL connection pool (shared with Prisma). */
export function pool(): pg.Pool {
  return processSingleton('db.pool', () => {
    const config = env();
    const created = new pg.Pool({
      connectionString: config.DATABASE_URL,
      max: config.DATABASE_POOL_SIZE,
      // Kept open for a minute (not pg's 10 s): webhooks come in bursts, and a burst that
      // first has to open its connections answers its first seconds late.
      idleTimeoutMillis: 60_000,
      // No JIT compilation: the dashboard's queries are short, but a walk in index order has
      // a large estimated cost, and compiling it would take longer than the search itself.
      options: '-c jit=off',
    });
    // An idle connection the server dropped must not crash the process; the pool replaces it.
    created.on('error', () => {});
    // Nor one that drops while checked out between two queries (pg emits 'error' on it, and
    // pg-pool listens only to idle ones): the next query on it fails, and its holder sees that.
    created.on('connect', (client) => client.on('error', () => {}));
    return created;
  });
}

export function db(): PrismaClient {
  return processSingleton('db.prisma', () => new PrismaClient({ adapter: new PrismaPg(pool()) }));
}

/** Closes the Prisma client and the pool (a process that is shutting down). */
export async function closeDatabase(): Promise<void> {
  const prisma = db();
  const current = pool();
  dropProcessSingleton('db.prisma');
  dropProcessSingleton('db.pool');
  await prisma.$disconnect().catch(() => {});
  await current.end().catch(() => {});
}

export { Prisma } from '../generated/prisma/client';
export type { PrismaClient } from '../generated/prisma/client';

const RETRYABLE_SQLSTATES = new Set(['40P01', '40001']); // deadlock detected, serialization failure

/** True for a transaction PostgreSQL aborted to break a deadlock or a write conflict. */
export function isRetryableTransactionError(error: unknown): boolean {
  const e = error as {
    code?: string;
    meta?: { driverAdapterError?: { cause?: { originalCode?: string; kind?: string } } };
  } | null;
  if (!e || typeof e !== 'object') return false;
  if (e.code === 'P2034' || RETRYABLE_SQLSTATES.has(e.code ?? '')) return true;
  const cause = e.meta?.driverAdapterError?.cause;
  return cause?.kind === 'TransactionWriteConflict' || RETRYABLE_SQLSTATES.has(cause?.originalCode ?? '');
}

/** Runs a transaction, running it again (up to `attempts` times) when PostgreSQL aborted it as a deadlock victim. */
export async function transactionWithRetry<T>(
  work: (tx: Prisma.TransactionClient) => Promise<T>,
  attempts = 3,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db().$transaction(work);
    } catch (error) {
      if (attempt >= attempts || !isRetryableTransactionError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
    }
  }
}

/**
 * Runs `work` in a transaction on one pooled connection (hand-written SQL), running it again
 * (up to `attempts` times) when PostgreSQL aborted it as a deadlock victim, or for an error
 * `retryAlso` says is worth another try.
 */
export async function pgTransaction<T>(
  work: (client: pg.PoolClient) => Promise<T>,
  attempts = 3,
  retryAlso: (error: unknown) => boolean = () => false,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool().connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => (broken = true));
      if (attempt >= attempts || !(isRetryableTransactionError(error) || retryAlso(error))) throw error;
    } finally {
      client.release(broken);
    }
    await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
  }
}
