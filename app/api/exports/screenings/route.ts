import { z } from 'zod';
import { allQuestions, loadScreeningConfig } from '@/lib/agent/config';
import { attachment } from '@/lib/http/responses';
import { withAdmin } from '@/lib/http/with-user';
import { screeningCsv } from '@/lib/privacy/candidates';

export const dynamic = 'force-dynamic';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'dates look like 2026-11-01').transform((value, ctx) => {
  const date = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) ctx.addIssue({ code: 'custom', message: `${value} is not a date` });
  return date;
});
const query = z.object({ from: day, to: day }).refine((q) => q.from < q.to, { message: '"from" must be before "to"' });
const ymd = (date: Date) => date.toISOString().slice(0, 10);

// GET /api/exports/screenings?from=YYYY-MM-DD&to=YYYY-MM-DD - screening results as CSV (admins only)
export const GET = withAdmin(
  async ({ user, query: { from, to } }) => {
    const csv = await screeningCsv(from, to, allQuestions(loadScreeningConfig()).map((q) => q.id), user.id);
    return attachment(csv, `screenings-${ymd(from)}-${ymd(to)}.csv`, 'text/csv; charset=utf-8');
  },
  { query },
);
