import { z } from 'zod';
import { assignConversation, assignInput } from '@/lib/conversations/assignment';
import { withUser } from '@/lib/http/with-user';

export const dynamic = 'force-dynamic';

// POST /api/conversations/:id/assign {"userId": "…" | null} - take it, give it back, or (admins) give it to anyone
export const POST = withUser(async ({ user, params, body }) => ({ ok: true, ...(await assignConversation(params.id, body, user)) }), {
  params: z.object({ id: z.uuid() }),
  notFound: 'There is no such conversation.',
  body: assignInput,
});
