import { z } from 'zod';
import { ApiError, handleApiError } from '@/lib/http/errors';
import { MediaError, fetchInboundMedia } from '@/lib/whatsapp/media';
import { requireUser } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

const params = z.object({ messageId: z.uuid() });

// GET /api/media/:messageId - a candidate's photo, document or voice note, for signed-in users
export async function GET(_request: Request, props: { params: Promise<{ messageId: string }> }) {
  try {
    await requireUser();
    const parsed = params.safeParse(await props.params);
    if (!parsed.success) throw new ApiError(404, 'not_found', 'This message has no file.');
    const file = await fetchInboundMedia(parsed.data.messageId);
    return new Response(file.body, { status: 200, headers: file.headers });
  } catch (error) {
    if (error instanceof MediaError) return handleApiError(new ApiError(error.status, error.code, error.message));
    return handleApiError(error, { route: 'GET /api/media/:messageId' });
  }
}
