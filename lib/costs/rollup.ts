// The per-message cost roll-up: billable units per conversation and day, so that a month's
// estimate adds up a few hundred rows of cost_totals instead of every message of the month.
// A conversation's rows are recomputed, from all its messages, when its costs_version moved
// past the version they were computed from: a trigger on messages bumps it for outbound
// messages, one on contacts when the vacancy or number changes, the webhook for inbound
// messages. Triggers on cost_rollups keep cost_totals equal to its sum (see the cost_rollups
// and cost_totals migrations).
import { windowOpenAtSql } from '../conversations/window';
import { pool, pgTransaction } from '../db/client';

const CHUNK = 2000;
// After recomputing at least this many conversations, the planner's statistics are renewed.
export const ANALYZE_AFTER = 5000;
const TIME_ZONE_KEY = 'costs.rollupTimeZone';

/** The next conversations whose roll-up is out of date: the condition of conversations_costs_stale_idx, read from that index. */
export const STALE = `SELECT id, costs_version AS version FROM conversations WHERE costs_version <> costs_rolled_version ORDER BY id LIMIT ${CHUNK}`;

/** Every outbound message that counts, priced: its day (in `$2`), category, measured or derived, charged. */
const pricedOutbound = (where: string) => `
  SELECT conversation_id, (at AT TIME ZONE $2)::date AS day, pricing_category IS NOT NULL AS measured,
    CASE WHEN pricing_category IS NOT NULL THEN pricing_category
         WHEN type = 'template' THEN COALESCE(template_category, 'utility')
         ELSE 'service' END AS category,
    CASE WHEN pricing_category IS NOT NULL
           THEN COALESCE(billable, pricing_type = 'regular', false)
         WHEN type = 'template' AND COALESCE(template_category, 'utility') = 'utility'
           THEN NOT ${windowOpenAtSql('sent.conversation_id', 'sent.at')}
         WHEN type = 'template' THEN true
         ELSE true END AS charged
  FROM (
    SELECT m.conversation_id, COALESCE(m.delivered_at, m.sent_at, m.accepted_at, m.occurred_at) AS at,
      m.pricing_category, m.billable, m.pricing_type, m.type, m.template_category
    FROM messages m
    WHERE m.direction = 'OUTBOUND' AND m.status IN ('SENT', 'DELIVERED', 'READ') AND ${where}
  ) sent`;

const RECOMPUTE = `
  INSERT INTO cost_rollups (conversation_id, time_zone, day, category, measured, charged, prefix, vacancy, units)
  SELECT priced.conversation_id, $2, day, category, measured, charged,
    left(COALESCE(ct.wa_id, ''), 4), COALESCE(ct.vacancy, ''), count(*)::int
  FROM (${pricedOutbound('m.conversation_id = ANY($1::uuid[])')}) priced
  JOIN conversations c ON c.id = priced.conversation_id JOIN contacts ct ON ct.id = c.contact_id
  GROUP BY priced.conversation_id, day, category, measured, charged, ct.wa_id, ct.vacancy`;

/** Brings the roll-up up to date for `timeZone`; returns how many conversations were recomputed. */
export async function refreshCostRollups(timeZone: string): Promise<number> {
  // Another time zone puts messages on other days: everything is computed again.
  const { rows: zone } = await pool().query<{ value: unknown }>('SELECT value FROM settings WHERE key = $1', [TIME_ZONE_KEY]);
  if (zone[0]?.value !== timeZone) {
    await pgTransaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [TIME_ZONE_KEY]);
      // Both at once, without the totals triggers adding up every row only to drop them.
      await client.query('TRUNCATE cost_rollups, cost_totals');
      await client.query('UPDATE conversations SET costs_rolled_version = costs_version - 1');
      await client.query(
        `INSERT INTO settings (key, value) VALUES ($1, to_jsonb($2::text))
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
        [TIME_ZONE_KEY, timeZone],
      );
    });
  }
  let recomputed = 0;
  // Bounded: conversations that keep changing while this runs are left for the next estimate.
  for (let round = 0; round < 1000; round++) {
    const count = await pgTransaction(async (client) => {
      // One refresh at a time: two would insert the same rows.
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [TIME_ZONE_KEY]);
      const { rows } = await client.query<{ id: string; version: number }>(STALE);
      if (rows.length === 0) return 0;
      const ids = rows.map((row) => row.id);
      await client.query('DELETE FROM cost_rollups WHERE conversation_id = ANY($1::uuid[]) AND time_zone = $2', [ids, timeZone]);
      await client.query(RECOMPUTE, [ids, timeZone]);
      // The version read above: a change made meanwhile leaves it out of date, for next time.
      // Rows another transaction holds (a burst of messages, a bulk import) are skipped, not
      // waited for: a refresh that waited could deadlock with it, and they stay out of date.
      await client.query(
        `UPDATE conversations c SET costs_rolled_version = v.version
         FROM unnest($1::uuid[], $2::int[]) AS v(id, version)
         WHERE c.id = v.id AND c.id IN (SELECT id FROM conversations WHERE id = ANY($1::uuid[]) FOR UPDATE SKIP LOCKED)`,
        [ids, rows.map((row) => row.version)],
      );
      return rows.length;
    });
    recomputed += count;
    if (count < CHUNK) break;
  }
  // Totals that went back to nothing (a candidate erased, a status that stopped counting).
  if (recomputed > 0) await pool().query('DELETE FROM cost_totals WHERE units = 0');
  // The stale lookup reads its partial index only while PostgreSQL knows the index is small;
  // statistics taken while many conversations were out of date make it filter every
  // conversation on each estimate (BENCHMARKS.md). A non-owner role gets a warning, not an error.
  if (recomputed >= ANALYZE_AFTER) await pool().query('ANALYZE conversations');
  return recomputed;
}
