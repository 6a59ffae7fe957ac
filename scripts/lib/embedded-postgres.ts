// The embedded default database: PGlite (PostgreSQL compiled to WebAssembly) kept in a
// folder on disk and served over TCP on 127.0.0.1, so the app and every script connect
// to it like to any PostgreSQL. One machine's use only (`npm run dev` / `npm start`: the web
// server and its worker); production uses DATABASE_URL.
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
    // The web server's pool and the worker's (DATABASE_POOL_SIZE each), their LISTEN connections, scripts.
    maxConnections: options.maxConnections ?? 64,
  });
  keepStatementsTogether(server, db);
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

interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  resolve(bytes: number): void;
  reject(error: unknown): void;
  onData(data: Uint8Array): void;
}
interface QueryQueue {
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  processQueue(): Promise<void>;
  clearQueueForHandler(handlerId: number): void;
}

// The extended protocol's messages up to Sync; a connection's statement is these in a row.
const UNTIL_SYNC = new Set(['P', 'B', 'D', 'E', 'C', 'H'].map((c) => c.charCodeAt(0)));
const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);

// pglite-socket (0.2) runs one protocol message at a time, from whichever connection sent it,
// and keeps a connection's messages together only inside an explicit transaction. One
// statement of node-postgres is several messages (Parse, Bind, Describe, Execute, Sync):
// interleaved with another connection's, the second Parse replaces the first's unnamed
// statement ("bind message supplies 5 parameters, but prepared statement "" requires 2"),
// seen when the outbox recorded a send while a webhook was stored. This queue serves a
// connection that has begun a statement until its Sync, as well as inside a transaction.
function keepStatementsTogether(server: PGLiteSocketServer, db: PGlite) {
  const queue = (server as unknown as { queryQueue?: QueryQueue }).queryQueue;
  // Internals of pglite-socket 0.2 (package-lock pins it): a version without them must not
  // start silently without this.
  if (!queue || !Array.isArray(queue.queue) || typeof queue.processQueue !== 'function' || typeof queue.clearQueueForHandler !== 'function') {
    throw new Error('pglite-socket changed: scripts/lib/embedded-postgres.ts keepStatementsTogether() needs updating');
  }
  let midStatement: number | null = null;
  queue.processQueue = async function processQueue() {
    if (queue.processing || queue.queue.length === 0) return;
    queue.processing = true;
    try {
      while (queue.queue.length > 0) {
        const owner = midStatement ?? (db.isInTransaction() ? queue.lastHandlerId : null);
        const index = owner === null ? 0 : queue.queue.findIndex((item) => item.handlerId === owner);
        if (index === -1) break; // its next message will start the queue again
        const [item] = queue.queue.splice(index, 1) as [QueuedMessage];
        midStatement = UNTIL_SYNC.has(item.message[0]!) ? item.handlerId : null;
        let bytes = 0;
        try {
          await db.runExclusive(() =>
            db.execProtocolRawStream(item.message, {
              onRawData: (data) => {
                bytes += data.length;
                item.onData(data);
              },
            }),
          );
        } catch (error) {
          item.reject(error);
          continue;
        }
        queue.lastHandlerId = item.handlerId;
        item.resolve(bytes);
      }
    } finally {
      queue.processing = false;
    }
  };
  const clear = queue.clearQueueForHandler.bind(queue);
  queue.clearQueueForHandler = (handlerId) => {
    clear(handlerId);
    if (midStatement !== handlerId) return;
    // A connection that went away mid-statement: end its statement so others can go on.
    midStatement = null;
    void db.runExclusive(() => db.execProtocolRawStream(SYNC, { onRawData: () => {} })).catch(() => {});
  };
}
