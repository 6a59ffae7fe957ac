// One value per process, whichever bundle asks for it.
//
// Next.js bundles instrumentation.ts and each route handler separately (and reloads modules
// in development), so a module-level variable can exist several times in one server
// process. For the few things that must exist once per process — the PostgreSQL pool, the
// Prisma client on it, the LISTEN connection, the in-memory rate-limit counters — this keeps
// the value on globalThis under a key of its own. Nothing else goes here: how the parts of
// the app reach each other is wired by the composition roots (lib/runtime/web.ts and
// lib/runtime/worker.ts), not through process-wide registries.
const STORE = Symbol.for('whatsapp-recruitment-inbox.process-singletons');

type Holder = { [STORE]?: Map<string, unknown> };

/** The process's value for `key`, created by `create` the first time it is asked for. */
export function processSingleton<T>(key: string, create: () => T): T {
  const holder = globalThis as Holder;
  const values = (holder[STORE] ??= new Map<string, unknown>());
  if (!values.has(key)) values.set(key, create());
  return values.get(key) as T;
}

/** Forgets the value for `key` (after it was closed), so the next ask creates a new one. */
export function dropProcessSingleton(key: string): void {
  (globalThis as Holder)[STORE]?.delete(key);
}

/** Whether the value for `key` exists (was created and not dropped). */
export function processSingletonOpened(key: string): boolean {
  return (globalThis as Holder)[STORE]?.has(key) ?? false;
}
