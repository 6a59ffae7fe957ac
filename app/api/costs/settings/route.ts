import { ApiError, handleApiError, jsonResponse } from '@/lib/http/errors';
import { loadPricing, savePricing } from '@/lib/costs/settings';
import { requireAdmin, requireUser } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

// GET /api/costs/settings - the pricing the estimate uses
export async function GET() {
  try {
    await requireUser();
    return jsonResponse({ settings: await loadPricing() });
  } catch (error) {
    return handleApiError(error, { route: 'GET /api/costs/settings' });
  }
}

// PUT /api/costs/settings - change the pricing (admins only)
export async function PUT(request: Request) {
  try {
    const admin = await requireAdmin();
    const body = await request.json().catch(() => {
      throw new ApiError(400, 'malformed_json', 'The body is not valid JSON.');
    });
    return jsonResponse({ settings: await savePricing(body, admin.id) });
  } catch (error) {
    return handleApiError(error, { route: 'PUT /api/costs/settings' });
  }
}
