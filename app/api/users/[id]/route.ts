import { z } from 'zod';
import { ApiError, handleApiError, jsonResponse } from '@/lib/http/errors';
import { db } from '@/lib/db/client';
import { requireAdmin } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

const change = z.object({ role: z.enum(['ADMIN', 'RECRUITER']).optional(), active: z.boolean().optional() }).refine(
  (value) => value.role !== undefined || value.active !== undefined,
  { message: 'Give a role or active.' },
);

// PATCH /api/users/:id - change a user's role or (de)activate them (admins only)
export async function PATCH(request: Request, props: { params: Promise<{ id: string }> }) {
  try {
    const admin = await requireAdmin();
    const id = z.uuid().safeParse((await props.params).id);
    if (!id.success) throw new ApiError(404, 'not_found', 'There is no such user.');
    const body = change.parse(
      await request.json().catch(() => {
        throw new ApiError(400, 'malformed_json', 'The body is not valid JSON.');
      }),
    );
    if (id.data === admin.id && (body.active === false || body.role === 'RECRUITER')) {
      throw new ApiError(422, 'own_account', 'You cannot deactivate yourself or take away your own admin role.');
    }
    const existing = await db().user.findUnique({ where: { id: id.data } });
    if (!existing) throw new ApiError(404, 'not_found', 'There is no such user.');
    const user = await db().user.update({
      where: { id: id.data },
      data: body,
      select: { id: true, email: true, name: true, role: true, active: true },
    });
    return jsonResponse({ user });
  } catch (error) {
    return handleApiError(error, { route: 'PATCH /api/users/:id' });
  }
}
