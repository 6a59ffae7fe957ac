// Prisma's schema engine, run from its WebAssembly build, for schema-to-schema diffs.
// The native engine that `prisma migrate diff` uses is downloaded at run time, which is
// not possible on every machine this project is developed on; the wasm build ships inside
// an npm package and produces the same SQL.
//
// SchemaEngine.new needs a driver adapter even for diffs that touch no database: this one
// answers the single probe the engine makes at start (PostgreSQL 15, schema "public"
// exists) and refuses anything else, so a diff can never reach a real database.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

type Ok<T> = { ok: true; value: T };
const ok = <T>(value: T): Ok<T> => ({ ok: true, value });

export type SchemaSource = { kind: 'empty' } | { kind: 'schema'; content: string };

interface Engine {
  diff(params: unknown): Promise<{ exitCode: number; stdout: string | null }>;
  free(): void;
}

let enginePromise: Promise<Engine> | undefined;

async function loadEngine(): Promise<Engine> {
  const glue = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const bg = await import(glue);
  const bytes = readFileSync(glue.replace(/\.js$/, '.wasm'));
  const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': bg });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();

  const refuse = async (what: string) => {
    throw new Error(`schema diff adapter: ${what} is not available (no database is connected)`);
  };
  const adapter = {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    async queryRaw(query: { sql: string }) {
      if (query.sql.includes('server_version_num')) {
        return ok({
          columnNames: ['exists', 'version', 'numeric_version'],
          columnTypes: [5, 7, 0],
          rows: [[true, 'PostgreSQL 15.0', 150000]],
        });
      }
      return refuse(`query ${JSON.stringify(query.sql.slice(0, 80))}`);
    },
    executeRaw: () => refuse('executeRaw'),
    executeScript: () => refuse('executeScript'),
    startTransaction: () => refuse('transactions'),
    getConnectionInfo: () => ok({ schemaName: 'public', supportsRelationJoins: true }),
    dispose: async () => ok(undefined),
    connect: async () => ok(adapter),
  };
  return bg.SchemaEngine.new({ datamodels: undefined }, () => {}, adapter) as Promise<Engine>;
}

function target(source: SchemaSource) {
  return source.kind === 'empty'
    ? { tag: 'empty' }
    : { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: source.content }] };
}

/** The SQL that turns `from` into `to`, exactly as `prisma migrate diff --script` writes it. */
export async function diffSchemas(from: SchemaSource, to: SchemaSource): Promise<string> {
  enginePromise ??= loadEngine();
  const engine = await enginePromise;
  const result = await engine.diff({
    from: target(from),
    to: target(to),
    script: true,
    exitCode: null,
    filters: { externalTables: [], externalEnums: [] },
  });
  return result.stdout ?? '';
}

/** True when a diff script contains no statements (only comments or the empty marker). */
export function isEmptyDiff(sql: string): boolean {
  return sql
    .split('\n')
    .map((line) => line.trim())
    .every((line) => line === '' || line.startsWith('--'));
}
