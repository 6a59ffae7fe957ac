// Who gets a candidate the bot hands over. Round robin among recruiters (role RECRUITER; admins
// take part only by assigning themselves) who are active and available:
//  - a recruiter with no vacancies listed handles every vacancy; one with a list only those;
//  - when an available recruiter lists the candidate's vacancy, only such recruiters get it
//    (specialists first); otherwise the ones with an empty list do;
//  - among them, the one assigned by round robin longest ago (never first).
// Nobody eligible: the conversation stays unassigned and every active admin is told.
// A conversation that already has an active assignee stays theirs, and they are told.
import type { Prisma } from '../db/client';
import { recordNotifications } from '../notifications/record';
import { setAssignee } from './set-assignee';

type Tx = Prisma.TransactionClient;

// One lock for every pick: two handoffs at once must not both choose the same free recruiter
// (a row lock would not do: the second pick would wait, then still return the same row).
const ROUND_ROBIN_LOCK = 918_001;

/** The next recruiter for a candidate applying for `vacancy` (a role id, or null), marked as picked; null for nobody. */
export async function pickRecruiter(tx: Tx, vacancy: string | null): Promise<string | null> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ROUND_ROBIN_LOCK})`;
  const [picked] = await tx.$queryRaw<{ id: string }[]>`
    WITH eligible AS (
      SELECT id, vacancies, last_assigned_at, created_at FROM users WHERE role = 'RECRUITER' AND active AND available
    )
    SELECT id FROM eligible
    WHERE ${vacancy}::text = ANY(vacancies)
      OR (cardinality(vacancies) = 0 AND NOT EXISTS (SELECT 1 FROM eligible e WHERE ${vacancy}::text = ANY(e.vacancies)))
    ORDER BY last_assigned_at ASC NULLS FIRST, created_at, id
    LIMIT 1`;
  if (!picked) return null;
  // clock_timestamp, not now(): the order is the order of the picks, not of the transactions' starts.
  await tx.$executeRaw`UPDATE users SET last_assigned_at = clock_timestamp() WHERE id = ${picked.id}::uuid`;
  return picked.id;
}

/** Assigns a conversation the bot just handed over (its row locked by the agent's turn). */
export async function assignHandoff(tx: Tx, conversationId: string, vacancy: string | null): Promise<string | null> {
  const [current] = await tx.$queryRaw<{ assigneeId: string | null; active: boolean | null }[]>`
    SELECT c.assignee_id AS "assigneeId", u.active FROM conversations c LEFT JOIN users u ON u.id = c.assignee_id
    WHERE c.id = ${conversationId}::uuid`;
  if (current?.assigneeId && current.active) {
    await recordNotifications(tx, { userIds: [current.assigneeId], conversationId, kind: 'assigned' });
    return current.assigneeId;
  }
  const recruiter = await pickRecruiter(tx, vacancy);
  if (recruiter) {
    await setAssignee(tx, conversationId, recruiter, null);
    return recruiter;
  }
  // A deactivated user's conversation goes back to nobody.
  if (current?.assigneeId) await setAssignee(tx, conversationId, null, null);
  const admins = await tx.user.findMany({ where: { role: 'ADMIN', active: true }, select: { id: true } });
  await recordNotifications(tx, { userIds: admins.map((a) => a.id), conversationId, kind: 'unassigned' });
  return null;
}
