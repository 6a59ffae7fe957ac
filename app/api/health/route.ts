import { jsonResponse } from '@/lib/http/errors';
import { db } from '@/lib/db/client';
import { log } from '@/lib/log';

export const dynamic = 'force-dynamic';

const startedAt = Date.now();

// GET /api/health - is the app up and can it reach its database (200 / 503)
export async function GET() {
  const began = performance.now();
  let database: 'ok' | 'unreachable' = 'ok';
  try {
    await Promise.race([
      db().$queryRaw`SELECT 1`,
      new Promise((_, reject) => setTimeout(() => reject(new Error('database check timed out')), 2000).unref()),
    ]);
  } catch (error) {
    database = 'unreachable';
    log.warn('health check: database unreachable', { error });
  }
  const ok = database === 'ok';
  return jsonResponse(
    {
      status: ok ? 'ok' : 'degraded',
      database,
      databaseLatencyMs: Math.round((performance.now() - began) * 10) / 10,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    },
    ok ? 200 : 503,
  );
}
