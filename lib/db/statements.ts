// Hand-written statements on the hot paths (the webhook, delivery statuses), run on a pg
// connection as prepared statements, or inside a Prisma transaction.
import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { Prisma } from './client';

type Tx = Prisma.TransactionClient;

export type Run = <T>(text: string, values: unknown[]) => Promise<T[]>;

// Each statement is prepared once per connection, so PostgreSQL parses and plans it once,
// not per delivery. Named after a hash of its text: Next.js bundles this module more than
// once (routes, instrumentation), and all copies share the pool's connections. Not on the
// embedded database: its socket server runs every connection in one session.
const prepared = new Map<string, string>();
export const onClient =
  (client: Pool | PoolClient): Run =>
  async <T>(text: string, values: unknown[]) => {
    if (process.env.EMBEDDED_DATABASE === '1') return (await client.query(text, values)).rows as T[];
    let name = prepared.get(text);
    if (!name) prepared.set(text, (name = `inbound_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`));
    return (await client.query({ name, text, values })).rows as T[];
  };

export const onPrisma =
  (tx: Tx): Run =>
  <T>(text: string, values: unknown[]) =>
    tx.$queryRawUnsafe<T[]>(text, ...values);

