import { loadPricing, pricingSettings, savePricing } from '@/lib/costs/settings';
import { withAdmin, withUser } from '@/lib/http/with-user';

export const dynamic = 'force-dynamic';

// GET /api/costs/settings - the pricing the estimate uses
export const GET = withUser(async () => ({ settings: await loadPricing() }));

// PUT /api/costs/settings - change the pricing (admins only)
export const PUT = withAdmin(async ({ user, body }) => ({ settings: await savePricing(body, user.id) }), { body: pricingSettings });
