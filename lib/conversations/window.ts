// WhatsApp's 24-hour customer-service window, the one rule everything that sends or prices a
// message follows: free-form messages only while the candidate wrote in the last 24 hours;
// outside it only an approved template (and a utility template is then charged).
export const WINDOW_HOURS = 24;
export const WINDOW_MS = WINDOW_HOURS * 3600_000;

/** Is the window open (the candidate wrote in the last 24 hours)? */
export function windowOpen(lastInboundAt: Date | null, now = Date.now()): boolean {
  return lastInboundAt !== null && now - lastInboundAt.getTime() < WINDOW_MS;
}

/** When the window closes, for the dashboard (null: the candidate never wrote). */
export function windowClosesAt(lastInboundAt: Date | null): string | null {
  return lastInboundAt ? new Date(lastInboundAt.getTime() + WINDOW_MS).toISOString() : null;
}

/**
 * SQL: the window was open at `at` in conversation `conversation` (both SQL expressions). Only
 * the candidate's own messages open it: one they write in a WhatsApp group opens a window with
 * the whole group instead (conversations.last_inbound_at follows the same rule).
 */
export function windowOpenAtSql(conversation: string, at: string): string {
  return `EXISTS (SELECT 1 FROM messages i WHERE i.conversation_id = ${conversation} AND i.direction = 'INBOUND'
    AND i.group_id IS NULL AND i.occurred_at <= ${at} AND i.occurred_at > ${at} - interval '${WINDOW_HOURS} hours')`;
}

/** SQL: an interval as long as the window, e.g. between two inbound messages. */
export const WINDOW_INTERVAL_SQL = `interval '${WINDOW_HOURS} hours'`;
