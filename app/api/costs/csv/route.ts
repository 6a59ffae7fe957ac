import { handleApiError } from '@/lib/api-error';
import { currentMonth, estimateCosts, monthParam, toCsv } from '@/lib/costs/estimate';
import { loadPricing } from '@/lib/costs/settings';
import { requireUser } from '@/lib/session';

export const dynamic = 'force-dynamic';

// GET /api/costs/csv?month=YYYY-MM - the same estimate as a CSV download
export async function GET(request: Request) {
  try {
    await requireUser();
    const settings = await loadPricing();
    const month = monthParam.parse(new URL(request.url).searchParams.get('month') ?? currentMonth(settings.timeZone));
    return new Response(toCsv(await estimateCosts(month, settings)), {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="whatsapp-costs-${month}.csv"`,
        'cache-control': 'no-store',
      },
    });
  } catch (error) {
    return handleApiError(error, { route: 'GET /api/costs/csv' });
  }
}
