'use client';

// Admins keep the quick replies: add, change and delete them (/api/quick-replies). What an
// admin types is shown as text everywhere, also here.
import { useTranslations } from 'next-intl';
import { useCallback, useState, type FormEvent } from 'react';
import useSWR from 'swr';
import type { QuickReplyOption } from '@/lib/definitions';
import { fetchJson } from '@/lib/swr/fetcher';
import { useLiveRefresh, type LiveChange } from '@/lib/swr/use-live-events';
import './workspace-notes.css';

type Draft = Pick<QuickReplyOption, 'shortcut' | 'language' | 'title' | 'body'>;
const EMPTY: Draft = { shortcut: '', language: 'nl', title: '', body: '' };
const KEY = '/api/quick-replies';

function ReplyForm({ initial, submitLabel, onSubmit, onCancel }: { initial: Draft; submitLabel: string; onSubmit: (draft: Draft) => Promise<boolean>; onCancel?: () => void }) {
  const t = useTranslations('quickReplies');
  const [draft, setDraft] = useState(initial);
  const [busy, setBusy] = useState(false);
  const set = (field: keyof Draft) => (event: { target: { value: string } }) => setDraft((d) => ({ ...d, [field]: event.target.value }));
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    if (await onSubmit(draft)) setDraft(initial);
    setBusy(false);
  }
  return (
    <form className="qr-form" onSubmit={submit}>
      <label>
        {t('shortcut')}
        <input className="input" value={draft.shortcut} onChange={set('shortcut')} required maxLength={31} pattern="/?[a-z0-9_\-]{1,30}" title={t('shortcutHint')} placeholder={t('shortcutExample')} />
      </label>
      <label>
        {t('language')}
        <select className="input" value={draft.language} onChange={set('language')}>
          <option value="nl">{t('languages.nl')}</option>
          <option value="en">{t('languages.en')}</option>
        </select>
      </label>
      <label>
        {t('title')}
        <input className="input" value={draft.title} onChange={set('title')} required maxLength={100} />
      </label>
      <label className="wide">
        {t('body')}
        <textarea className="input" rows={3} value={draft.body} onChange={set('body')} required maxLength={4096} />
      </label>
      <div className="wide note-actions">
        <button type="submit" className="button primary" disabled={busy}>
          {submitLabel}
        </button>
        {onCancel ? (
          <button type="button" className="button" onClick={onCancel}>
            {t('cancel')}
          </button>
        ) : null}
      </div>
    </form>
  );
}

const quickRepliesChanged = (change: LiveChange) => change.type === 'quick_replies';

export function QuickRepliesAdmin() {
  const t = useTranslations('quickReplies');
  const { data, error, mutate } = useSWR<{ quickReplies: QuickReplyOption[] }>(KEY, fetchJson);
  useLiveRefresh(quickRepliesChanged, useCallback(() => void mutate(), [mutate]));
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);

  async function save(url: string, method: 'POST' | 'PATCH' | 'DELETE', draft?: Draft): Promise<boolean> {
    setFormError(null);
    setSaved(null);
    try {
      await fetchJson(url, { method, body: draft ? JSON.stringify(draft) : undefined });
      if (method === 'POST' && draft) setSaved(t('added', { shortcut: draft.shortcut.replace(/^\//, '') }));
      setEditing(null);
      setConfirming(null);
      void mutate();
      return true;
    } catch (e) {
      setFormError(e instanceof Error ? e.message : String(e));
      return false;
    }
  }

  return (
    <section className="page quick-replies-admin" aria-labelledby="quick-replies-heading">
      <h2 id="quick-replies-heading">{t('heading')}</h2>
      <p className="muted">{t('intro')}</p>
      {error ? <p className="error">{error.message}</p> : null}
      {data && data.quickReplies.length === 0 ? <p className="muted">{t('empty')}</p> : null}
      {data?.quickReplies.length ? (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('shortcut')}</th>
              <th scope="col">{t('language')}</th>
              <th scope="col">{t('title')}</th>
              <th scope="col">{t('body')}</th>
              <th scope="col">{t('actions')}</th>
            </tr>
          </thead>
          <tbody>
            {data.quickReplies.map((reply) =>
              editing === reply.id ? (
                <tr key={reply.id}>
                  <td colSpan={5}>
                    <ReplyForm initial={reply} submitLabel={t('save')} onSubmit={(draft) => save(`${KEY}/${reply.id}`, 'PATCH', draft)} onCancel={() => setEditing(null)} />
                  </td>
                </tr>
              ) : (
                <tr key={reply.id}>
                  <td>/{reply.shortcut}</td>
                  <td>{t(`languages.${reply.language}`)}</td>
                  <td>{reply.title}</td>
                  <td className="qr-body">{reply.body}</td>
                  <td>
                    {confirming === reply.id ? (
                      <>
                        <span>{t('confirmDelete', { shortcut: reply.shortcut })} </span>
                        <button type="button" className="button danger" onClick={() => void save(`${KEY}/${reply.id}`, 'DELETE')}>
                          {t('yes')}
                        </button>{' '}
                        <button type="button" className="button" onClick={() => setConfirming(null)}>
                          {t('no')}
                        </button>
                      </>
                    ) : (
                      <>
                        <button type="button" className="button" onClick={() => setEditing(reply.id)}>
                          {t('edit')}
                        </button>{' '}
                        <button type="button" className="button" onClick={() => setConfirming(reply.id)}>
                          {t('delete')}
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      ) : null}
      <h3>{t('add')}</h3>
      <ReplyForm initial={EMPTY} submitLabel={t('add')} onSubmit={(draft) => save(KEY, 'POST', draft)} />
      {formError ? (
        <p className="error" role="alert">
          {formError}
        </p>
      ) : null}
      {saved ? <p role="status">{saved}</p> : null}
    </section>
  );
}
