import { parseListQuery } from '@/lib/conversations/filters';
import { listConversations, listQuery } from '@/lib/conversations/read-model';
import { withUser } from '@/lib/http/with-user';

export const dynamic = 'force-dynamic';

// GET /api/conversations?filter=&q=&assignee=&label=&label=&vacancy=&qualification=&status=&cursor=
// - the conversation list, needs-human first; every filter given must hold (400 for a bad one)
export const GET = withUser(async ({ user, searchParams }) => listConversations(await parseListQuery(listQuery, searchParams), user.id));
