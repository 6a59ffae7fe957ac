import { handleApiError, jsonResponse } from '@/lib/http/errors';
import { listConversations, listQuery } from '@/lib/conversations/read-model';
import { requireUser } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

// GET /api/conversations?filter=&q=&cursor= - the conversation list, needs-human first
export async function GET(request: Request) {
  try {
    const user = await requireUser();
    const query = listQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
    return jsonResponse(await listConversations(query, user.id));
  } catch (error) {
    return handleApiError(error, { route: 'GET /api/conversations' });
  }
}
