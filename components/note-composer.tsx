'use client';

// Writing an internal note: saved with POST /api/conversations/:id/notes, never sent to
// WhatsApp. Enter saves, Shift+Enter starts a new line, @ mentions a colleague.
import { useTranslations } from 'next-intl';
import { useState, type FormEvent, type KeyboardEvent } from 'react';
import useSWR, { useSWRConfig } from 'swr';
import type { ConversationDetail, TimelineNote } from '@/lib/definitions';
import { NOTE_MAX_LENGTH } from '@/lib/notes/limits';
import type { Colleague } from '@/lib/notes/mentions';
import { fetchJson } from '@/lib/swr/fetcher';
import { MentionTextarea } from './mention-textarea';

export const notesKey = (conversationId: string) => `/api/conversations/${conversationId}/notes`;
export type NotesData = { notes: TimelineNote[]; colleagues: Colleague[] };

export function NoteComposer({ conversation }: { conversation: ConversationDetail }) {
  const t = useTranslations('notes');
  const colleagues = useSWR<NotesData>(notesKey(conversation.id), fetchJson).data?.colleagues ?? [];
  const { mutate } = useSWRConfig();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const body = text.trim();
    if (!body || saving) return;
    setSaving(true);
    setError(null);
    try {
      await fetchJson(notesKey(conversation.id), { method: 'POST', body: JSON.stringify({ body }) });
      setText('');
      void mutate(notesKey(conversation.id));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      void onSubmit(event);
    }
  }

  return (
    <form className="composer note-composer" onSubmit={onSubmit}>
      <p className="hint">{t('hint')}</p>
      <label htmlFor="note" className="sr-only">
        {t('composerLabel', { name: conversation.candidate.name ?? '' })}
      </label>
      <MentionTextarea
        id="note"
        className="input"
        rows={2}
        maxLength={NOTE_MAX_LENGTH}
        placeholder={t('placeholder')}
        colleagues={colleagues}
        value={text}
        onText={setText}
        listId={`mentions-${conversation.id}`}
        onKeyDown={onKeyDown}
      />
      <button type="submit" className="button note-button" disabled={saving || !text.trim()}>
        {saving ? t('saving') : t('add')}
      </button>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
