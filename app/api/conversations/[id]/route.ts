import { z } from 'zod';
import { ApiError, handleApiError, jsonResponse } from '@/lib/http/errors';
import { getConversation } from '@/lib/conversations/read-model';
import { requireUser } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

// GET /api/conversations/:id - the conversation, its candidate and screening, its audit trail
export async function GET(_request: Request, props: { params: Promise<{ id: string }> }) {
  try {
    await requireUser();
    const id = z.uuid().safeParse((await props.params).id);
    const conversation = id.success ? await getConversation(id.data) : null;
    if (!conversation) throw new ApiError(404, 'not_found', 'There is no such conversation.');
    return jsonResponse(conversation);
  } catch (error) {
    return handleApiError(error, { route: 'GET /api/conversations/:id' });
  }
}
