import { z } from 'zod';
import { changeUser, userChange } from '@/lib/auth/users';
import { withAdmin } from '@/lib/http/with-user';

export const dynamic = 'force-dynamic';

// PATCH /api/users/:id - change a user's role or (de)activate them (admins only)
export const PATCH = withAdmin(async ({ user, params, body }) => ({ user: await changeUser(params.id, body, user.id) }), {
  params: z.object({ id: z.uuid() }),
  notFound: 'There is no such user.',
  body: userChange,
});
