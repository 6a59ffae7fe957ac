import { ApiError, handleApiError, jsonResponse } from '@/lib/http/errors';
import { requireUser } from '@/lib/auth/session';
import { approvedTemplates } from '@/lib/whatsapp/templates';
import { WhatsAppApiError } from '@/lib/whatsapp/errors';

export const dynamic = 'force-dynamic';

// GET /api/templates - the approved message templates of the WhatsApp number
export async function GET() {
  try {
    await requireUser();
    return jsonResponse({ templates: await approvedTemplates() });
  } catch (error) {
    if (error instanceof WhatsAppApiError) return handleApiError(new ApiError(502, 'templates_unavailable', error.sentence));
    return handleApiError(error, { route: 'GET /api/templates' });
  }
}
