// The embedded default database: PGlite (PostgreSQL compiled to WebAssembly) kept in a
// folder on disk and served over TCP on 127.0.0.1, so the app and every script connect
// to it like to any PostgreSQL. Single-instance use only; production uses DATABASE_URL.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port?: number;
  maxConnections?: number;
}): Promise<EmbeddedPostgres> {
  mkdirSync(options.dataDir, { recursive: true });
  // pg_trgm: the migrations create trigram indexes for the dashboard's search.
  const db = await PGlite.create({ dataDir: options.dataDir, extensions: { pg_trgm } });
  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: options.port ?? 0,
    maxConnections: options.maxConnections ?? 10,
  });
  await server.start();
  const port = Number(server.getServerConn().split(':').at(-1));
  if (!Number.isInteger(port) || port <= 0) throw new Error('the embedded database did not report its port');
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres?sslmode=disable`;
  // Lets other commands (npm run db:migrate, webhook:send) find the running database.
  const stateFile = path.join(options.dataDir, '..', 'embedded-db.json');
  writeFileSync(stateFile, JSON.stringify({ url, pid: process.pid }, null, 2));
  let stopped = false;
  return {
    url,
    dataDir: options.dataDir,
    async stop() {
      if (stopped) return;
      stopped = true;
      rmSync(stateFile, { force: true });
      await server.stop().catch(() => {});
      await db.close().catch(() => {});
    },
  };
}
