import { estimateCosts, currentMonth } from './lib/costs/estimate';
import { loadPricing } from './lib/costs/settings';
const s = await loadPricing();
const month = currentMonth(s.timeZone);
for (let i = 0; i < 6; i++) { const t = performance.now(); const e = await estimateCosts(month, s); console.log((performance.now()-t).toFixed(1), e.totals.total, e.leads.count); }
process.exit(0);
