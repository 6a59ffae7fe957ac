import { db } from '@/lib/db';

export const dynamic = 'force-dynamic';

// What WhatsApp billed this month so far, as the status webhooks reported it. The full
// estimate (rates, projections, cost per lead) builds on these figures.
export default async function CostsPage() {
  const start = new Date();
  start.setUTCDate(1);
  start.setUTCHours(0, 0, 0, 0);
  const rows = await db().$queryRaw<{ category: string; billable: boolean | null; count: bigint }[]>`
    SELECT COALESCE(pricing_category, 'unknown') AS category, billable, count(*) AS count
    FROM messages WHERE direction = 'OUTBOUND' AND pricing_category IS NOT NULL AND created_at >= ${start}
    GROUP BY 1, 2 ORDER BY 1, 2`;
  return (
    <main className="page">
      <h1>Costs</h1>
      <p className="muted">Messages WhatsApp priced this month, from the status webhooks. The estimate in euros follows.</p>
      {rows.length === 0 ? (
        <p className="empty">No priced messages this month yet.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Category</th>
              <th scope="col">Billable</th>
              <th scope="col">Messages</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={`${row.category}-${row.billable}`}>
                <td>{row.category}</td>
                <td>{row.billable === null ? 'unknown' : row.billable ? 'yes' : 'free'}</td>
                <td>{row.count.toString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
