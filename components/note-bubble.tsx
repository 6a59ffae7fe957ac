'use client';

// An internal note in the timeline: yellow, marked as seen by the team only, mentions
// highlighted; its author can change or delete it. Its text is always shown as text.
import { useFormatter, useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import { useSWRConfig } from 'swr';
import type { TimelineNote } from '@/lib/definitions';
import { mentionSegments, type Colleague } from '@/lib/notes/mentions';
import { fetchJson } from '@/lib/swr/fetcher';
import { MentionTextarea } from './mention-textarea';
import { NOTE_MAX_LENGTH } from '@/lib/notes/limits';

export function NoteBubble({ note, notesKey, colleagues }: { note: TimelineNote; notesKey: string; colleagues: readonly Colleague[] }) {
  const t = useTranslations('notes');
  const format = useFormatter();
  const { mutate } = useSWRConfig();
  const [editing, setEditing] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const item = useRef<HTMLLIElement>(null);
  // A note just written here is brought into view, wherever the timeline was scrolled to.
  useEffect(() => {
    if (note.mine && Date.now() - Date.parse(note.at) < 10_000) item.current?.scrollIntoView({ block: 'nearest' });
  }, [note.mine, note.at]);
  const time = (at: string) => format.dateTime(new Date(at), { hour: '2-digit', minute: '2-digit' });

  async function call(init: RequestInit) {
    setBusy(true);
    setError(null);
    try {
      await fetchJson(`/api/notes/${note.id}`, init);
      setEditing(null);
      setConfirming(false);
      void mutate(notesKey);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <li ref={item} className="note" data-note-id={note.id}>
      <div className="note-head">
        <span className="note-badge">{t('badge')}</span>
        <span className="author">{note.author?.name ?? t('formerColleague')}</span>
      </div>
      {editing !== null ? (
        <form
          className="note-edit"
          onSubmit={(event) => {
            event.preventDefault();
            void call({ method: 'PATCH', body: JSON.stringify({ body: editing }) });
          }}
        >
          <MentionTextarea
            aria-label={t('editLabel')}
            className="input"
            rows={3}
            maxLength={NOTE_MAX_LENGTH}
            colleagues={colleagues}
            value={editing}
            onText={setEditing}
            listId={`mentions-edit-${note.id}`}
          />
          <div className="note-actions">
            <button type="submit" className="button" disabled={busy || !editing.trim()}>
              {busy ? t('saving') : t('save')}
            </button>
            <button type="button" className="button" onClick={() => setEditing(null)}>
              {t('cancel')}
            </button>
          </div>
        </form>
      ) : (
        <p className="note-body">
          {mentionSegments(note.body, note.mentions).map((segment, index) =>
            segment.mention ? (
              <mark key={index} className="mention">
                {segment.text}
              </mark>
            ) : (
              segment.text
            ),
          )}
        </p>
      )}
      <div className="meta">
        <time dateTime={note.at}>{time(note.at)}</time>
        {note.editedAt ? <span className="edited">{t('edited', { time: time(note.editedAt) })}</span> : null}
        {note.mine && editing === null ? (
          confirming ? (
            <>
              <span>{t('confirmDelete')}</span>
              <button type="button" className="link-button danger" disabled={busy} onClick={() => void call({ method: 'DELETE' })}>
                {t('yes')}
              </button>
              <button type="button" className="link-button" onClick={() => setConfirming(false)}>
                {t('no')}
              </button>
            </>
          ) : (
            <>
              <button type="button" className="link-button" onClick={() => setEditing(note.body)}>
                {t('edit')}
              </button>
              <button type="button" className="link-button" onClick={() => setConfirming(true)}>
                {t('delete')}
              </button>
            </>
          )
        ) : null}
      </div>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </li>
  );
}
