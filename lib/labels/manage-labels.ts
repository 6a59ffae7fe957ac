// Admins keep the list of labels. Names are unique regardless of case ("Urgent" and "urgent"
// would be one label to a recruiter): every change to the list takes one transaction-level
// lock, so two admins adding the same name at once cannot both pass the check.
import { db, Prisma } from '../db/client';
import { notFound } from '../errors';
import { publish } from '../live/events';
import { LabelExistsError } from './errors';
import type { LabelChange, NewLabel } from './schemas';

const LABEL_FIELDS = { id: true, name: true, color: true } as const;

async function lockLabels(tx: Prisma.TransactionClient) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('labels'))`;
}

async function assertNameFree(tx: Prisma.TransactionClient, name: string, exceptId?: string) {
  const [taken] = await tx.$queryRaw<{ name: string }[]>`
    SELECT name FROM labels WHERE lower(name) = lower(${name}) ${exceptId ? Prisma.sql`AND id <> ${exceptId}::uuid` : Prisma.empty} LIMIT 1`;
  if (taken) throw new LabelExistsError(taken.name);
}

export async function createLabel(input: NewLabel) {
  return db().$transaction(async (tx) => {
    await lockLabels(tx);
    await assertNameFree(tx, input.name);
    const label = await tx.label.create({ data: { name: input.name, color: input.color }, select: LABEL_FIELDS });
    await publish(tx, { type: 'labels' });
    return label;
  });
}

export async function changeLabel(id: string, change: LabelChange) {
  return db().$transaction(async (tx) => {
    await lockLabels(tx);
    if (!(await tx.label.findUnique({ where: { id }, select: { id: true } }))) notFound('There is no such label.');
    if (change.name !== undefined) await assertNameFree(tx, change.name, id);
    const label = await tx.label.update({ where: { id }, data: change, select: LABEL_FIELDS });
    await publish(tx, { type: 'labels' });
    return label;
  });
}

/** Deletes the label and takes it off every conversation; returns how many carried it. */
export async function deleteLabel(id: string): Promise<{ removedFrom: number }> {
  return db().$transaction(async (tx) => {
    await lockLabels(tx);
    // updated_at: what the embedded database's change poll (lib/live/events.ts) notices.
    const removedFrom = await tx.$executeRaw`
      UPDATE conversations SET updated_at = now() WHERE id IN (SELECT conversation_id FROM conversation_labels WHERE label_id = ${id}::uuid)`;
    const deleted = await tx.label.deleteMany({ where: { id } });
    if (deleted.count === 0) notFound('There is no such label.');
    // One event for the list however many conversations carried it: every list and open
    // conversation refetches on it.
    await publish(tx, { type: 'labels' });
    return { removedFrom };
  });
}
