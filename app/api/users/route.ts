import { createUser, listUsers, newUserInput } from '@/lib/auth/users';
import { jsonResponse } from '@/lib/http/responses';
import { withAdmin } from '@/lib/http/with-user';

export const dynamic = 'force-dynamic';

// GET /api/users - every dashboard user (admins only)
export const GET = withAdmin(async () => ({ users: await listUsers() }));

// POST /api/users - add a recruiter or admin (admins only)
export const POST = withAdmin(async ({ body }) => jsonResponse({ user: await createUser(body) }, 201), { body: newUserInput });
