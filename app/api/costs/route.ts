import { handleApiError, jsonResponse } from '@/lib/api-error';
import { currentMonth, estimateCosts, monthParam } from '@/lib/costs/estimate';
import { loadPricing } from '@/lib/costs/settings';
import { requireUser } from '@/lib/session';

export const dynamic = 'force-dynamic';

// GET /api/costs?month=YYYY-MM - the month's WhatsApp cost estimate (default: this month)
export async function GET(request: Request) {
  try {
    await requireUser();
    const settings = await loadPricing();
    const month = monthParam.parse(new URL(request.url).searchParams.get('month') ?? currentMonth(settings.timeZone));
    return jsonResponse(await estimateCosts(month, settings));
  } catch (error) {
    return handleApiError(error, { route: 'GET /api/costs' });
  }
}
