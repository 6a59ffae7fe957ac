import { handleApiError, jsonResponse } from '@/lib/api-error';
import { listConversations, listQuery } from '@/lib/conversations';
import { requireUser } from '@/lib/session';

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
