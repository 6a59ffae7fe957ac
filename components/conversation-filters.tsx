'use client';

// The filter bar above the conversation list: status, assignee, vacancy, qualification and
// labels, each option with how many conversations it would show (GET /api/conversations/counts
// with the list's own parameters). The choice lives in the URL (use-list-filters.ts).
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { useCallback, useEffect, useRef } from 'react';
import useSWR from 'swr';
import type { ConversationCounts } from '@/lib/definitions';
import { fetchJson } from '@/lib/swr/fetcher';
import { useLiveRefresh } from '@/lib/swr/use-live-events';
import { chipStyle } from './label-chips';
import { useLabels } from './use-labels';
import { useListFilters } from './use-list-filters';
import styles from './labels.module.css';

const everyChange = () => true;
const COUNTS_EVERY_MS = 3000;
const STATUSES = ['OPEN', 'NEEDS_HUMAN', 'RESOLVED'] as const;
const QUALIFICATIONS = ['QUALIFIED', 'MAYBE', 'NOT_A_FIT', 'none'] as const;

export function ConversationFilters() {
  const t = useTranslations('filters');
  const locale = useLocale();
  const format = useFormatter();
  const { params, suffix, set, toggleLabel, clear, filtered, labels: chosen } = useListFilters();
  const counts = useSWR<ConversationCounts>(`/api/conversations/counts${suffix}`, fetchJson, { keepPreviousData: true, refreshInterval: 60_000 });
  const { labels } = useLabels();
  // Counting reads every conversation of the view: on live changes at most every few seconds
  // (the list itself follows every second).
  const refreshCounts = counts.mutate;
  const lastCount = useRef(0);
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const recount = useCallback(() => {
    const run = () => {
      pending.current = undefined;
      lastCount.current = Date.now();
      void refreshCounts();
    };
    const wait = lastCount.current + COUNTS_EVERY_MS - Date.now();
    if (wait <= 0) run();
    else pending.current ??= setTimeout(run, wait);
  }, [refreshCounts]);
  useEffect(() => () => clearTimeout(pending.current), []);
  useLiveRefresh(everyChange, recount);

  // A bookmarked view may name a label deleted since: drop it rather than show nothing.
  useEffect(() => {
    if (!labels) return;
    const known = new Set(labels.map((l) => l.id));
    const gone = chosen.filter((id) => !known.has(id));
    for (const id of gone) toggleLabel(id);
  }, [labels, chosen, toggleLabel]);

  const c = counts.data;
  const option = (name: string, count: number | undefined) => (count === undefined ? name : t('option', { name, count }));
  const assignee = params.get('assignee') ?? '';
  const users = c?.assignee.users ?? [];

  return (
    <div className={styles.bar} role="group" aria-label={t('bar')}>
      <select className="input" aria-label={t('status')} value={params.get('status') ?? ''} onChange={(e) => set('status', e.target.value)}>
        <option value="">{t('statusAll')}</option>
        {STATUSES.map((s) => (
          <option key={s} value={s}>
            {option(t(`status${s}`), c?.status[s])}
          </option>
        ))}
      </select>
      <select className="input" aria-label={t('assignee')} value={assignee} onChange={(e) => set('assignee', e.target.value)}>
        <option value="">{t('assigneeAll')}</option>
        <option value="me">{option(t('assigneeMe'), c?.assignee.me)}</option>
        <option value="none">{option(t('assigneeNone'), c?.assignee.none)}</option>
        {users.map((u) => (
          <option key={u.id} value={u.id}>
            {option(u.name, u.count)}
          </option>
        ))}
      </select>
      <select className="input" aria-label={t('vacancy')} value={params.get('vacancy') ?? ''} onChange={(e) => set('vacancy', e.target.value)}>
        <option value="">{t('vacancyAll')}</option>
        {(c?.vacancies ?? []).map((v) => (
          <option key={v.id} value={v.id}>
            {option(locale === 'en' ? v.name.en : v.name.nl, c?.vacancy[v.id])}
          </option>
        ))}
        <option value="none">{option(t('vacancyNone'), c?.vacancy.none)}</option>
      </select>
      <select
        className="input"
        aria-label={t('qualification')}
        value={params.get('qualification') ?? ''}
        onChange={(e) => set('qualification', e.target.value)}
      >
        <option value="">{t('qualificationAll')}</option>
        {QUALIFICATIONS.map((q) => (
          <option key={q} value={q}>
            {option(t(`qualification${q}`), c?.qualification[q])}
          </option>
        ))}
      </select>
      {labels && labels.length > 0 ? (
        <div className={styles.labelRow} role="group" aria-label={t('labels')}>
          {labels.map((label) => {
            const on = chosen.includes(label.id);
            const count = c?.label[label.id] ?? 0;
            return (
              <button
                key={label.id}
                type="button"
                className={`${styles.chip} ${styles.toggle}`}
                style={chipStyle(label.color)}
                aria-pressed={on}
                title={on ? label.name : t('labelCount', { count })}
                onClick={() => toggleLabel(label.id)}
              >
                {label.name}
                <span className={styles.count}>{format.number(count)}</span>
              </button>
            );
          })}
        </div>
      ) : null}
      <div className={styles.summary}>
        <span role="status" data-testid="filter-total">
          {counts.error ? t('countsError', { message: counts.error.message }) : c ? t('shown', { count: c.total }) : ''}
        </span>
        {filtered ? (
          <button type="button" className={styles.clear} onClick={clear}>
            {t('clear')}
          </button>
        ) : null}
      </div>
    </div>
  );
}
