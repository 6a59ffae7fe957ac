import { listConversations, listQuery } from '@/lib/conversations/read-model';
import { withUser } from '@/lib/http/with-user';

export const dynamic = 'force-dynamic';

// GET /api/conversations?filter=&q=&cursor= - the conversation list, needs-human first
export const GET = withUser(async ({ user, query }) => listConversations(query, user.id), { query: listQuery });
