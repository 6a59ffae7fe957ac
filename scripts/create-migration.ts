// npm run db:migration:create -- <name>
// Writes prisma/migrations/<timestamp>_<name>/migration.sql: the SQL that takes the
// database from the schema the existing migrations produce to prisma/schema.prisma.
// The starting point is prisma/last-migrated.prisma, the schema the migrations produce
// (rewritten with every new migration), so no database and no native engine is needed.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { diffSchemas, isEmptyDiff, type SchemaSource } from './lib/schema-engine';

const root = path.resolve(import.meta.dirname, '..');
const migrationsDir = path.join(root, 'prisma', 'migrations');
const schemaPath = path.join(root, 'prisma', 'schema.prisma');

const name = (process.argv[2] ?? '').trim();
if (!/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: npm run db:migration:create -- <name>   (lower case letters, digits and _)');
  process.exit(2);
}

const existing = existsSync(migrationsDir)
  ? readdirSync(migrationsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()
  : [];
const latest = existing.at(-1);
let from: SchemaSource = { kind: 'empty' };
const snapshot = path.join(root, 'prisma', 'last-migrated.prisma');
if (latest) {
  if (!existsSync(snapshot)) {
    console.error(`${path.relative(root, snapshot)} is missing: it records the schema the migrations produce.`);
    process.exit(1);
  }
  from = { kind: 'schema', content: readFileSync(snapshot, 'utf8') };
}
const schema = readFileSync(schemaPath, 'utf8');
const sql = await diffSchemas(from, { kind: 'schema', content: schema });
if (isEmptyDiff(sql)) {
  console.log('prisma/schema.prisma matches the migrations: nothing to create.');
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
const dir = path.join(migrationsDir, `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, 'migration.sql'), sql.replace(/^-- CreateSchema\nCREATE SCHEMA IF NOT EXISTS "public";\n\n/, ''));
writeFileSync(snapshot, schema);
console.log(`Created ${path.relative(root, dir)}/migration.sql`);
