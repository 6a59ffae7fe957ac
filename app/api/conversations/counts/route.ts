import { conversationCounts } from '@/lib/conversations/counts';
import { parseListQuery } from '@/lib/conversations/filters';
import { listQuery } from '@/lib/conversations/read-model';
import { withUser } from '@/lib/http/with-user';

export const dynamic = 'force-dynamic';

// GET /api/conversations/counts?<the list's parameters> - how many conversations each filter option would show
export const GET = withUser(async ({ user, searchParams }) => conversationCounts(await parseListQuery(listQuery, searchParams), user.id));
