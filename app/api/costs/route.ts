import { handleApiError, jsonResponse } from '@/lib/http/errors';
import { estimateForRequest } from '@/lib/costs/estimate';
import { requireUser } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

// GET /api/costs?month=YYYY-MM - the month's WhatsApp cost estimate (default: this month)
export async function GET(request: Request) {
  try {
    await requireUser();
    return jsonResponse(await estimateForRequest(request));
  } catch (error) {
    return handleApiError(error, { route: 'GET /api/costs' });
  }
}
