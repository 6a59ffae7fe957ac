import { estimateForRequest, toCsv } from '@/lib/costs/estimate';
import { attachment } from '@/lib/http/responses';
import { withUser } from '@/lib/http/with-user';

export const dynamic = 'force-dynamic';

// GET /api/costs/csv?month=YYYY-MM - the same estimate as a CSV download
export const GET = withUser(async ({ request }) => {
  const estimate = await estimateForRequest(request);
  return attachment(toCsv(estimate), `whatsapp-costs-${estimate.month}.csv`, 'text/csv; charset=utf-8');
});
