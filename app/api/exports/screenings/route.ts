import { z } from 'zod';
import { handleApiError } from '@/lib/http/errors';
import { allQuestions, loadScreeningConfig } from '@/lib/agent/config';
import { screeningCsv } from '@/lib/privacy/candidates';
import { requireAdmin } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'dates look like 2026-11-01').transform((value, ctx) => {
  const date = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) ctx.addIssue({ code: 'custom', message: `${value} is not a date` });
  return date;
});
const query = z.object({ from: day, to: day }).refine((q) => q.from < q.to, { message: '"from" must be before "to"' });

// GET /api/exports/screenings?from=YYYY-MM-DD&to=YYYY-MM-DD - screening results as CSV (admins only)
export async function GET(request: Request) {
  try {
    const admin = await requireAdmin();
    const { from, to } = query.parse(Object.fromEntries(new URL(request.url).searchParams));
    const csv = await screeningCsv(from, to, allQuestions(loadScreeningConfig()).map((q) => q.id), admin.id);
    return new Response(csv, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="screenings-${from.toISOString().slice(0, 10)}-${to.toISOString().slice(0, 10)}.csv"`,
        'cache-control': 'no-store',
      },
    });
  } catch (error) {
    return handleApiError(error, { route: 'GET /api/exports/screenings' });
  }
}
