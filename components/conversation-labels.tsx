'use client';

// A conversation's labels in its header, and the picker to change them: each tick replaces
// the conversation's set (PUT /api/conversations/:id/labels); every open dashboard follows
// through the conversation's live event.
import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useSWRConfig } from 'swr';
import type { LabelChip } from '@/lib/definitions';
import { fetchJson } from '@/lib/swr/fetcher';
import { useLiveRefresh, type LiveChange } from '@/lib/swr/use-live-events';
import { LabelChips, chipStyle } from './label-chips';
import { useLabels } from './use-labels';
import styles from './labels.module.css';

const MAX = 20;
const labelsChanged = (change: LiveChange) => change.type === 'labels';

export function ConversationLabels({ conversationId, labels }: { conversationId: string; labels: LabelChip[] | undefined }) {
  const t = useTranslations('labels');
  const { mutate } = useSWRConfig();
  const detailKey = `/api/conversations/${conversationId}`;
  const { labels: all } = useLabels();
  const [open, setOpen] = useState(false);
  const [find, setFind] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The set being saved, shown ticked at once.
  const [saving, setSaving] = useState<string[] | null>(null);
  const box = useRef<HTMLDivElement>(null);
  // A label renamed, recoloured or deleted: the conversation's chips follow.
  useLiveRefresh(labelsChanged, useCallback(() => void mutate(detailKey), [mutate, detailKey]));

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    const onClick = (e: MouseEvent) => box.current && !box.current.contains(e.target as Node) && setOpen(false);
    window.addEventListener('keydown', onKey);
    window.addEventListener('mousedown', onClick);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('mousedown', onClick);
    };
  }, [open]);

  const current = saving ?? (labels ?? []).map((l) => l.id);
  async function toggle(id: string) {
    const next = current.includes(id) ? current.filter((l) => l !== id) : [...current, id];
    if (next.length > MAX) {
      setError(t('max', { max: MAX }));
      return;
    }
    setBusy(true);
    setSaving(next);
    setError(null);
    try {
      await fetchJson(`/api/conversations/${conversationId}/labels`, { method: 'PUT', body: JSON.stringify({ labels: next }) });
    } catch (e) {
      setError(t('saveError', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      await mutate(detailKey).catch(() => {});
      setSaving(null);
      setBusy(false);
    }
  }

  const term = find.trim().toLowerCase();
  const shown = (all ?? []).filter((l) => !term || l.name.toLowerCase().includes(term));
  return (
    <div className={styles.labels} ref={box} data-testid="conversation-labels">
      <LabelChips labels={labels} />
      <button type="button" className="chip" aria-expanded={open} aria-haspopup="true" onClick={() => setOpen(!open)}>
        {t('edit')}
      </button>
      {open ? (
        <div className={styles.picker} role="group" aria-label={t('editFor')}>
          {all && all.length === 0 ? <p className="muted small">{t('noneDefined')}</p> : null}
          {all && all.length > 8 ? (
            <input className="input" type="search" aria-label={t('search')} placeholder={t('search')} value={find} onChange={(e) => setFind(e.target.value)} />
          ) : null}
          {shown.map((label) => (
            <label key={label.id} className={styles.option}>
              <input type="checkbox" checked={current.includes(label.id)} disabled={busy} onChange={() => toggle(label.id)} />
              <span className={styles.chip} style={chipStyle(label.color)}>
                {label.name}
              </span>
            </label>
          ))}
          <button type="button" className="button" onClick={() => setOpen(false)}>
            {t('close')}
          </button>
        </div>
      ) : null}
      {error ? (
        <p className="error small" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
