// The committed migrations produce exactly the database prisma/schema.prisma describes,
// and are recorded the way `prisma migrate deploy` records them.
import { createHash } from 'node:crypto';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, MigrationError, migrate, readMigrations } from '../lib/db/migrations';
import { diffSchemas, isEmptyDiff } from '../scripts/lib/schema-engine';
import { createDatabase, dropDatabase } from './helpers/database';

const created: string[] = [];
afterAll(async () => {
  for (const name of created) await dropDatabase(name);
});

async function freshDatabase() {
  const database = await createDatabase('wa_migr');
  created.push(database.name);
  return database;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Everything about the public schema that a migration decides, in a comparable form. */
async function catalog(url: string) {
  const columns = await query(
    url,
    `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default, datetime_precision
     FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
     ORDER BY table_name, column_name`,
  );
  const indexes = await query(
    url,
    `SELECT tablename, indexname, indexdef FROM pg_indexes
     WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY tablename, indexname`,
  );
  const constraints = await query(
    url,
    `SELECT conrelid::regclass::text AS table_name, conname, pg_get_constraintdef(oid) AS definition
     FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '_prisma_migrations'
     ORDER BY 1, 2`,
  );
  const enums = await query(
    url,
    `SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text AS labels
     FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname ORDER BY t.typname`,
  );
  return { columns, indexes, constraints, enums };
}

describe('migrations', () => {
  it('produce the database that prisma/schema.prisma describes', async () => {
    const migrated = await freshDatabase();
    await migrate(migrated.url);

    const fromSchema = await freshDatabase();
    const schema = readFileSync(path.join(MIGRATIONS_DIR, '..', 'schema.prisma'), 'utf8');
    const sql = await diffSchemas({ kind: 'empty' }, { kind: 'schema', content: schema });
    await query(fromSchema.url, sql);

    const [a, b] = [await catalog(migrated.url), await catalog(fromSchema.url)];
    expect(a.columns.length).toBeGreaterThan(40);
    expect(a).toEqual(b);
  });

  it('leave no change of schema.prisma without its migration', async () => {
    const snapshot = readFileSync(path.join(MIGRATIONS_DIR, '..', 'last-migrated.prisma'), 'utf8');
    const schema = readFileSync(path.join(MIGRATIONS_DIR, '..', 'schema.prisma'), 'utf8');
    const pending = await diffSchemas({ kind: 'schema', content: snapshot }, { kind: 'schema', content: schema });
    expect(isEmptyDiff(pending), `run npm run db:migration:create -- <name>:\n${pending}`).toBe(true);
  });

  it('record each migration in _prisma_migrations with Prisma\'s checksum, and apply it only once', async () => {
    const database = await freshDatabase();
    const first = await migrate(database.url);
    expect(first.applied).toEqual(readMigrations().map((m) => m.name));
    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
      database.url,
      'SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name',
    );
    for (const [i, migration] of readMigrations().entries()) {
      const file = readFileSync(path.join(MIGRATIONS_DIR, migration.name, 'migration.sql'));
      expect(rows[i]).toMatchObject({
        migration_name: migration.name,
        checksum: createHash('sha256').update(file).digest('hex'),
        applied_steps_count: 1,
      });
      expect(rows[i]!.finished_at).toBeInstanceOf(Date);
    }
    const second = await migrate(database.url);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toEqual(first.applied);
  });

  it('apply once when two instances start at the same moment', async () => {
    const database = await freshDatabase();
    const [a, b] = await Promise.all([migrate(database.url), migrate(database.url)]);
    expect(a.applied.length + b.applied.length).toBe(readMigrations().length);
  });

  it('roll back a failing migration completely and say which one failed', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'migrations-'));
    mkdirSync(path.join(dir, '20260101000000_good'));
    writeFileSync(path.join(dir, '20260101000000_good', 'migration.sql'), 'CREATE TABLE good (id int);');
    mkdirSync(path.join(dir, '20260102000000_bad'));
    writeFileSync(path.join(dir, '20260102000000_bad', 'migration.sql'), 'CREATE TABLE half (id int);\nSELECT nonsense FROM nowhere;');
    const database = await freshDatabase();
    await expect(migrate(database.url, { dir })).rejects.toThrow(MigrationError);
    await expect(migrate(database.url, { dir })).rejects.toThrow(/20260102000000_bad/);
    const tables = await query<{ table_name: string }>(
      database.url,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
    );
    expect(tables.map((t) => t.table_name)).toEqual(['_prisma_migrations', 'good']);
    // Once fixed, the migration applies.
    writeFileSync(path.join(dir, '20260102000000_bad', 'migration.sql'), 'CREATE TABLE half (id int);');
    expect((await migrate(database.url, { dir })).applied).toEqual(['20260102000000_bad']);
  });
});
