// Anyone signed in puts labels on a conversation: the set given replaces the one it had.
import { db } from '../db/client';
import { publish } from '../live/events';
import type { LabelChip } from '../definitions';
import { ConversationNotFoundError } from '../conversations/errors';
import { UnknownLabelsError } from './errors';

/** Replaces the conversation's labels with `labelIds` (all must exist: otherwise nothing changes). */
export async function setConversationLabels(conversationId: string, labelIds: string[]): Promise<{ labels: LabelChip[] }> {
  return db().$transaction(async (tx) => {
    // The conversation's row lock orders concurrent replacements of the same set.
    const [conversation] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM conversations WHERE id = ${conversationId}::uuid FOR UPDATE`;
    if (!conversation) throw new ConversationNotFoundError();
    // KEY SHARE: a label cannot be deleted between this check and the insert below.
    const found = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM labels WHERE id = ANY(${labelIds}::uuid[]) FOR KEY SHARE`;
    const known = new Set(found.map((row) => row.id));
    const unknown = labelIds.filter((id) => !known.has(id));
    if (unknown.length > 0) throw new UnknownLabelsError(unknown);
    const removed = await tx.$executeRaw`
      DELETE FROM conversation_labels WHERE conversation_id = ${conversationId}::uuid AND NOT (label_id = ANY(${labelIds}::uuid[]))`;
    const added = await tx.$executeRaw`
      INSERT INTO conversation_labels (conversation_id, label_id)
      SELECT ${conversationId}::uuid, id FROM unnest(${labelIds}::uuid[]) AS id
      ON CONFLICT DO NOTHING`;
    if (removed + added > 0) {
      // updated_at: what the embedded database's change poll (lib/live/events.ts) notices.
      await tx.$executeRaw`UPDATE conversations SET updated_at = now() WHERE id = ${conversationId}::uuid`;
      await publish(tx, { type: 'conversation', conversationId });
    }
    return { labels: await labelsOf(tx, conversationId) };
  });
}

type Reader = Pick<ReturnType<typeof db>, '$queryRaw'>;

/** The labels a conversation carries, by name. */
export async function labelsOf(reader: Reader, conversationId: string): Promise<LabelChip[]> {
  return reader.$queryRaw<LabelChip[]>`
    SELECT l.id, l.name, l.color FROM conversation_labels cl JOIN labels l ON l.id = cl.label_id
    WHERE cl.conversation_id = ${conversationId}::uuid ORDER BY lower(l.name), l.id`;
}
