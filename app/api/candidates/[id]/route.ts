import { z } from 'zod';
import { withAdmin } from '@/lib/http/with-user';
import { eraseCandidate } from '@/lib/privacy/candidates';

export const dynamic = 'force-dynamic';

// DELETE /api/candidates/:id - erase everything about one candidate (admins only)
export const DELETE = withAdmin(async ({ user, params }) => ({ ok: true, ...(await eraseCandidate(params.id, user.id)) }), {
  params: z.object({ id: z.uuid() }),
  notFound: 'There is no such candidate.',
});
