import { z } from 'zod';
import { ApiError, handleApiError, jsonResponse } from '@/lib/http/errors';
import { CandidateNotFoundError, eraseCandidate } from '@/lib/privacy/candidates';
import { requireAdmin } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

// DELETE /api/candidates/:id - erase everything about one candidate (admins only)
export async function DELETE(_request: Request, props: { params: Promise<{ id: string }> }) {
  try {
    const admin = await requireAdmin();
    const id = z.uuid().safeParse((await props.params).id);
    if (!id.success) throw new CandidateNotFoundError();
    return jsonResponse({ ok: true, ...(await eraseCandidate(id.data, admin.id)) });
  } catch (error) {
    if (error instanceof CandidateNotFoundError) return handleApiError(new ApiError(404, 'not_found', error.message));
    return handleApiError(error, { route: 'DELETE /api/candidates/:id' });
  }
}
