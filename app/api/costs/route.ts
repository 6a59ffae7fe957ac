import { estimateForRequest } from '@/lib/costs/estimate';
import { withUser } from '@/lib/http/with-user';

export const dynamic = 'force-dynamic';

// GET /api/costs?month=YYYY-MM - the month's WhatsApp cost estimate (default: this month)
export const GET = withUser(async ({ request }) => estimateForRequest(request));
