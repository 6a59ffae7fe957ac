import { db } from '../db/client';

export interface LabelWithCount {
  id: string;
  name: string;
  color: string;
  /** Conversations carrying it that are not resolved. */
  openConversations: number;
}

/** Every label, by name, with how many open conversations carry it (one grouped query). */
export async function listLabels(): Promise<LabelWithCount[]> {
  const rows = await db().$queryRaw<{ id: string; name: string; color: string; open: number }[]>`
    SELECT l.id, l.name, l.color, count(c.id) FILTER (WHERE c.status <> 'RESOLVED')::int AS open
    FROM labels l
    LEFT JOIN conversation_labels cl ON cl.label_id = l.id
    LEFT JOIN conversations c ON c.id = cl.conversation_id
    GROUP BY l.id
    ORDER BY lower(l.name), l.id`;
  return rows.map((r) => ({ id: r.id, name: r.name, color: r.color, openConversations: r.open }));
}
