import { z } from 'zod';
import { changeUser, userChange } from '@/lib/auth/users';
import { withAdmin } from '@/lib/http/with-user';
import { publishCommitted } from '@/lib/live/events';

export const dynamic = 'force-dynamic';

// PATCH /api/users/:id - change a user's role or (de)activate them (admins only)
export const PATCH = withAdmin(async ({ user, params, body }) => {
  const changed = await changeUser(params.id, body, user.id);
  publishCommitted([{ type: 'users' }]);
  return { user: changed };
}, {
  params: z.object({ id: z.uuid() }),
  notFound: 'There is no such user.',
  body: userChange,
});
