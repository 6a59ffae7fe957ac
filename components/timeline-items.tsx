'use client';

// The timeline's items: the candidate's messages and the team's internal notes, in time
// order. Notes come from their own endpoint (GET /api/conversations/:id/notes) and refresh
// on the conversation's live events, like the messages.
import { useTranslations } from 'next-intl';
import { useCallback } from 'react';
import useSWR from 'swr';
import type { TimelineMessage, TimelineNote } from '@/lib/definitions';
import { fetchJson } from '@/lib/swr/fetcher';
import { useLiveRefresh, type LiveChange } from '@/lib/swr/use-live-events';
import { MessageBubble } from './message-bubble';
import { NoteBubble } from './note-bubble';
import { notesKey, type NotesData } from './note-composer';
import './workspace-notes.css';

type Item = { kind: 'message'; at: string; message: TimelineMessage } | { kind: 'note'; at: string; note: TimelineNote };

/** Messages and notes by time; a note older than the oldest message loaded waits until older messages are. */
function merge(messages: readonly TimelineMessage[], notes: readonly TimelineNote[], hasMore: boolean): Item[] {
  const oldest = messages[0]?.at;
  const shown = hasMore && oldest ? notes.filter((n) => n.at >= oldest) : notes;
  const items: Item[] = [];
  let n = 0;
  for (const message of messages) {
    // Optimistic messages (not stored yet) stay last, where the composer put them.
    while (n < shown.length && !message.id.startsWith('pending-') && shown[n]!.at < message.at) items.push({ kind: 'note', at: shown[n]!.at, note: shown[n++]! });
    items.push({ kind: 'message', at: message.at, message });
  }
  while (n < shown.length) items.push({ kind: 'note', at: shown[n]!.at, note: shown[n++]! });
  return items;
}

export function TimelineItems({ conversationId, messages = [], hasMore = false }: { conversationId: string; messages?: TimelineMessage[]; hasMore?: boolean }) {
  const t = useTranslations('notes');
  const key = notesKey(conversationId);
  const notes = useSWR<NotesData>(key, fetchJson);
  const refresh = notes.mutate;
  const concerns = useCallback((change: LiveChange) => 'conversationId' in change && change.conversationId === conversationId, [conversationId]);
  useLiveRefresh(
    concerns,
    useCallback(() => void refresh(), [refresh]),
  );
  const colleagues = notes.data?.colleagues ?? [];
  return (
    <>
      {merge(messages, notes.data?.notes ?? [], hasMore).map((item) =>
        item.kind === 'message' ? (
          <MessageBubble key={item.message.id} message={item.message} />
        ) : (
          <NoteBubble key={item.note.id} note={item.note} notesKey={key} colleagues={colleagues} />
        ),
      )}
      {notes.error ? <li className="error">{t('loadError', { message: notes.error.message })}</li> : null}
    </>
  );
}
