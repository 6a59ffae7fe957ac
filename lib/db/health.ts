// Can this instance reach its database: for GET /api/health.
import { db } from './client';
import { log } from '../log';

export async function checkDatabase(timeoutMs = 2000): Promise<{ database: 'ok' | 'unreachable'; latencyMs: number }> {
  const began = performance.now();
  let database: 'ok' | 'unreachable' = 'ok';
  try {
    await Promise.race([
      db().$queryRaw`SELECT 1`,
      new Promise((_, reject) => setTimeout(() => reject(new Error('database check timed out')), timeoutMs).unref()),
    ]);
  } catch (error) {
    database = 'unreachable';
    log.warn('health check: database unreachable', { error });
  }
  return { database, latencyMs: Math.round((performance.now() - began) * 10) / 10 };
}
