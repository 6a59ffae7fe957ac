import { z } from 'zod';
import { getConversation } from '@/lib/conversations/read-model';
import { notFound } from '@/lib/errors';
import { withUser } from '@/lib/http/with-user';

export const dynamic = 'force-dynamic';

const NOT_FOUND = 'There is no such conversation.';

// GET /api/conversations/:id - the conversation, its candidate and screening, its audit trail
export const GET = withUser(async ({ params }) => (await getConversation(params.id)) ?? notFound(NOT_FOUND), {
  params: z.object({ id: z.uuid() }),
  notFound: NOT_FOUND,
});
