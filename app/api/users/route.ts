import { ApiError, handleApiError, jsonResponse } from '@/lib/http/errors';
import { db } from '@/lib/db/client';
import { requireAdmin } from '@/lib/auth/session';
import { UserExistsError, createUser } from '@/lib/auth/users';

export const dynamic = 'force-dynamic';

// GET /api/users - every dashboard user (admins only)
export async function GET() {
  try {
    await requireAdmin();
    const users = await db().user.findMany({
      orderBy: [{ active: 'desc' }, { name: 'asc' }],
      select: { id: true, email: true, name: true, role: true, active: true, createdAt: true },
    });
    return jsonResponse({ users });
  } catch (error) {
    return handleApiError(error, { route: 'GET /api/users' });
  }
}

// POST /api/users - add a recruiter or admin (admins only)
export async function POST(request: Request) {
  try {
    await requireAdmin();
    const body = await request.json().catch(() => {
      throw new ApiError(400, 'malformed_json', 'The body is not valid JSON.');
    });
    const user = await createUser(body);
    return jsonResponse({ user }, 201);
  } catch (error) {
    if (error instanceof UserExistsError) return handleApiError(new ApiError(409, 'user_exists', error.message));
    return handleApiError(error, { route: 'POST /api/users' });
  }
}
