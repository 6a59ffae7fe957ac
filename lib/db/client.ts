// The one Prisma client of the app, on node-postgres through @prisma/adapter-pg.
// One per process (lib/runtime/singleton.ts): Next.js's bundles and dev reloads must not open
// a pool each. The same connection pool is open to hand-written SQL on the hottest paths
// (pool()): a statement there costs a fraction of a Prisma raw query's CPU.
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient, type Prisma } from '../generated/prisma/client';
import { env } from '../env';
import { dropProcessSingleton, processSingleton, processSingletonOpened } from '../runtime/singleton';

/**
 * A connection pool. Every connection has a statement timeout (PostgreSQL cancels a statement
 * that runs longer), and waiting for a connection, when all are busy, has a limit too.
 */
function createPool(size: number, statementTimeoutMs: number): pg.Pool {
  const config = env();
  const created = new pg.Pool({
    connectionString: config.DATABASE_URL,
    max: size,
    // Waiting for a free connection (or for a new one to open): an error after this long,
    // not a request that hangs.
    connectionTimeoutMillis: config.DATABASE_CONNECT_TIMEOUT_MS,
    // Kept open for a minute (not pg's 10 s): webhooks come in bursts, and a burst that
    // first has to open its connections answers its first seconds late.
    idleTimeoutMillis: 60_000,
    // No JIT compilation: the dashboard's queries are short, but a walk in index order has
    // a large estimated cost, and compiling it would take longer than the search itself.
    options: `-c jit=off -c statement_timeout=${statementTimeoutMs}`,
  });
  // An idle connection the server dropped must not crash the process; the pool replaces it.
  created.on('error', () => {});
  // Nor one that drops while checked out between two queries (pg emits 'error' on it, and
  // pg-pool listens only to idle ones): the next query on it fails, and its holder sees that.
  created.on('connect', (client) => client.on('error', () => {}));
  return created;
}

/**
 * The app's PostgreSQL connection pool (shared with Prisma, db()): the webhook, the worker,
 * and every write. The dashboard's reads have a pool of their own (readPool()), so that
 * however slow they are, they never hold the connections the webhook needs.
 */
export function pool(): pg.Pool {
  return processSingleton('db.pool', () => createPool(env().DATABASE_POOL_SIZE, env().DATABASE_STATEMENT_TIMEOUT_MS));
}

export function db(): PrismaClient {
  return processSingleton('db.prisma', () => new PrismaClient({ adapter: new PrismaPg(pool()) }));
}

/** The dashboard's reads (lists, search, a conversation, the session check, cost estimates): bounded, with their own statement timeout. */
export function readPool(): pg.Pool {
  return processSingleton('db.readPool', () => createPool(env().DATABASE_READ_POOL_SIZE, env().DATABASE_READ_STATEMENT_TIMEOUT_MS));
}

/** Prisma on readPool(): for the dashboard's reads only (writes go through db()). */
export function readDb(): PrismaClient {
  return processSingleton('db.readPrisma', () => new PrismaClient({ adapter: new PrismaPg(readPool()) }));
}

const BUSY_SQLSTATES = new Set(['57014']); // query_canceled: the statement timeout

/** True for a statement PostgreSQL cancelled at its timeout, or a connection not free in time. */
export function isDatabaseBusy(error: unknown): boolean {
  for (let e = error as any, depth = 0; e && typeof e === 'object' && depth < 5; e = e.cause, depth++) {
    if (BUSY_SQLSTATES.has(e.code) || BUSY_SQLSTATES.has(e.meta?.driverAdapterError?.cause?.originalCode)) return true;
    const message = typeof e.message === 'string' ? e.message : '';
    if (/timeout exceeded when trying to connect|canceling statement due to statement timeout/.test(message)) return true;
  }
  return false;
}

/** Closes the Prisma clients and the pools (a process that is shutting down). */
export async function closeDatabase(): Promise<void> {
  const prisma = db();
  const current = pool();
  const reads = processSingletonOpened('db.readPool') ? { prisma: readDb(), pool: readPool() } : undefined;
  for (const name of ['db.prisma', 'db.pool', 'db.readPrisma', 'db.readPool']) dropProcessSingleton(name);
  await prisma.$disconnect().catch(() => {});
  await current.end().catch(() => {});
  await reads?.prisma.$disconnect().catch(() => {});
  await reads?.pool.end().catch(() => {});
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
