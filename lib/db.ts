// The one Prisma client of the app, on node-postgres through @prisma/adapter-pg.
// Kept on globalThis so that Next.js dev reloads do not open a new pool each time.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';
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
