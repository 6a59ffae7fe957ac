import { checkDatabase } from '@/lib/db/health';
import { jsonResponse } from '@/lib/http/responses';

export const dynamic = 'force-dynamic';

const startedAt = Date.now();

// GET /api/health - is the app up and can it reach its database (200 / 503); public
export async function GET() {
  const { database, latencyMs } = await checkDatabase();
  const ok = database === 'ok';
  return jsonResponse(
    { status: ok ? 'ok' : 'degraded', database, databaseLatencyMs: latencyMs, uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) },
    ok ? 200 : 503,
  );
}
