import { z } from 'zod';
import { attachment } from '@/lib/http/responses';
import { withAdmin } from '@/lib/http/with-user';
import { exportCandidate } from '@/lib/privacy/candidates';

export const dynamic = 'force-dynamic';

// GET /api/candidates/:id/export - everything about one candidate as JSON (admins only)
export const GET = withAdmin(
  async ({ user, params }) => {
    const data = await exportCandidate(params.id, user.id);
    return attachment(JSON.stringify(data, null, 2), `candidate-${params.id}.json`, 'application/json; charset=utf-8');
  },
  { params: z.object({ id: z.uuid() }), notFound: 'There is no such candidate.' },
);
