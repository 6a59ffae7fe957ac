// The one Prisma client of the app, on node-postgres through @prisma/adapter-pg.
// Kept on globalThis so that Next.js dev reloads do not open a new pool each time.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient, type Prisma } from './generated/prisma/client';
import { env } from './env';

const globalForDb = globalThis as unknown as { prisma?: PrismaClient };

function createClient(): PrismaClient {
  const config = env();
  const adapter = new PrismaPg({ connectionString: config.DATABASE_URL, max: config.DATABASE_POOL_SIZE });
  return new PrismaClient({ adapter });
}

export function db(): PrismaClient {
  globalForDb.prisma ??= createClient();
  return globalForDb.prisma;
}

export { Prisma } from './generated/prisma/client';
export type { PrismaClient } from './generated/prisma/client';

const RETRYABLE_SQLSTATES = new Set(['40P01', '40001']); // deadlock detected, serialization failure

/** True for a transaction PostgreSQL aborted to break a deadlock or a write conflict. */
export function isRetryableTransactionError(error: unknown): boolean {
  const e = error as {
    code?: string;
    meta?: { driverAdapterError?: { cause?: { originalCode?: string; kind?: string } } };
  } | null;
  if (!e || typeof e !== 'object') return false;
  if (e.code === 'P2034') return true;
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
