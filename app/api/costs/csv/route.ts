import { handleApiError } from '@/lib/http/errors';
import { estimateForRequest, toCsv } from '@/lib/costs/estimate';
import { requireUser } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

// GET /api/costs/csv?month=YYYY-MM - the same estimate as a CSV download
export async function GET(request: Request) {
  try {
    await requireUser();
    const estimate = await estimateForRequest(request);
    return new Response(toCsv(estimate), {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="whatsapp-costs-${estimate.month}.csv"`,
        'cache-control': 'no-store',
      },
    });
  } catch (error) {
    return handleApiError(error, { route: 'GET /api/costs/csv' });
  }
}
