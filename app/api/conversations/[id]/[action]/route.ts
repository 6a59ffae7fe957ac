import { z } from 'zod';
import { ApiError, handleApiError, jsonResponse } from '@/lib/http/errors';
import { markRead } from '@/lib/conversations/read-model';
import { ConversationConflictError, ConversationNotFoundError, handBack, reopen, resolve, takeOver } from '@/lib/conversations/transitions';
import { requireUser } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

const params = z.object({ id: z.uuid(), action: z.enum(['takeover', 'handback', 'resolve', 'reopen', 'read']) });

// POST /api/conversations/:id/(takeover|handback|resolve|reopen|read) - who talks to the candidate; mark as read
export async function POST(_request: Request, props: { params: Promise<{ id: string; action: string }> }) {
  try {
    const user = await requireUser();
    const parsed = params.safeParse(await props.params);
    if (!parsed.success) throw new ApiError(404, 'not_found', 'There is no such conversation or action.');
    const { id, action } = parsed.data;
    switch (action) {
      case 'takeover':
        return jsonResponse({ ok: true, ...(await takeOver(id, user)) });
      case 'handback':
        return jsonResponse({ ok: true, ...(await handBack(id, user)) });
      case 'resolve':
        await resolve(id, user);
        return jsonResponse({ ok: true });
      case 'reopen':
        await reopen(id, user);
        return jsonResponse({ ok: true });
      case 'read':
        await markRead(id);
        return jsonResponse({ ok: true });
    }
  } catch (error) {
    if (error instanceof ConversationNotFoundError) return handleApiError(new ApiError(404, 'not_found', error.message));
    if (error instanceof ConversationConflictError) {
      return handleApiError(new ApiError(409, 'conflict', error.message, error.holder ? { holder: error.holder } : undefined));
    }
    return handleApiError(error, { route: 'POST /api/conversations/:id/:action' });
  }
}
