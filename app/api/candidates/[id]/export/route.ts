import { z } from 'zod';
import { ApiError, handleApiError } from '@/lib/http/errors';
import { CandidateNotFoundError, exportCandidate } from '@/lib/privacy/candidates';
import { requireAdmin } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

// GET /api/candidates/:id/export - everything about one candidate as JSON (admins only)
export async function GET(_request: Request, props: { params: Promise<{ id: string }> }) {
  try {
    const admin = await requireAdmin();
    const id = z.uuid().safeParse((await props.params).id);
    if (!id.success) throw new CandidateNotFoundError();
    const data = await exportCandidate(id.data, admin.id);
    return new Response(JSON.stringify(data, null, 2), {
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'content-disposition': `attachment; filename="candidate-${id.data}.json"`,
        'cache-control': 'no-store',
      },
    });
  } catch (error) {
    if (error instanceof CandidateNotFoundError) return handleApiError(new ApiError(404, 'not_found', error.message));
    return handleApiError(error, { route: 'GET /api/candidates/:id/export' });
  }
}
