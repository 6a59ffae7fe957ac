import { createUser, listUsers, newUserInput } from '@/lib/auth/users';
import { publishCommitted } from '@/lib/live/events';
import { jsonResponse } from '@/lib/http/responses';
import { withAdmin } from '@/lib/http/with-user';
import { vacancyChoices } from '@/lib/auth/vacancies';

export const dynamic = 'force-dynamic';

// GET /api/users - every dashboard user, and the vacancies they can be given (admins only)
export const GET = withAdmin(async () => ({ users: await listUsers(), vacancies: vacancyChoices() }));

// POST /api/users - add a recruiter or admin (admins only)
export const POST = withAdmin(async ({ body }) => {
  const user = await createUser(body);
  publishCommitted([{ type: 'users' }]);
  return jsonResponse({ user }, 201);
}, { body: newUserInput });
