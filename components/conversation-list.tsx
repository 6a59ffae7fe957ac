'use client';

import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useCallback } from 'react';
import useSWR from 'swr';
import type { ConversationSummary } from '@/lib/definitions';
import { fetchJson } from '@/lib/swr/fetcher';
import { useLiveRefresh, type LiveChange } from '@/lib/swr/use-live-events';
import { useQualification, useReason, useTimeAgo, useWindowLeft } from './format';
import { useErrorText } from './use-error-text';
import { ConversationFilters } from './conversation-filters';
import { LabelChips } from './label-chips';
import { useListFilters } from './use-list-filters';

const FILTERS = ['all', 'needs_human', 'mine', 'bot', 'stalled', 'open', 'resolved'] as const;

// What a row shows: ticks (status), quick replies and notifications are not among it.
const LIST_CHANGES = new Set<LiveChange['type']>(['message', 'conversation', 'labels', 'users']);
const changesTheList = (change: LiveChange) => LIST_CHANGES.has(change.type);

export function ConversationList({ selectedId, live }: { selectedId: string | null; live: boolean }) {
  const t = useTranslations('conversations');
  const reason = useReason();
  const qualification = useQualification();
  const timeAgo = useTimeAgo();
  const windowLeft = useWindowLeft();
  const errorText = useErrorText();
  // Previews of messages without text are stored as "[image]", "[deleted]": said in words here.
  const preview = (text: string | null) => {
    const type = /^\[([a-z_]+)\]$/.exec(text ?? '')?.[1];
    return type && t.has(`previews.${type}`) ? t(`previews.${type}`) : (text ?? '');
  };
  // The filters and the search are kept in the URL (use-list-filters.ts).
  const { filter, setFilter, search, setSearch, query, key, suffix } = useListFilters();
  const { data, error, isLoading, mutate } = useSWR<{ conversations: ConversationSummary[] }>(key, fetchJson, {
    keepPreviousData: true,
    refreshInterval: 60_000,
  });
  useLiveRefresh(changesTheList, useCallback(() => void mutate(), [mutate]));

  return (
    <section className="list" aria-label={t('title')}>
      <div className="list-head">
        <div className="list-title">
          <h1>{t('title')}</h1>
          <span className={`live ${live ? 'on' : ''}`} title={live ? t('liveTitle') : t('reconnecting')}>
            {live ? t('live') : t('offline')}
          </span>
        </div>
        <input
          type="search"
          className="input"
          placeholder={t('searchPlaceholder')}
          aria-label={t('search')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <div className="filters" role="tablist" aria-label={t('filter')}>
          {FILTERS.map((value) => (
            <button key={value} role="tab" aria-selected={filter === value} className="chip" onClick={() => setFilter(value)}>
              {t(`filters.${value}`)}
            </button>
          ))}
        </div>
        <ConversationFilters />
      </div>
      {error ? (
        <p className="empty" role="alert">
          {t('loadError', { error: errorText(error) })}
        </p>
      ) : isLoading && !data ? (
        <p className="empty" role="status">
          {t('loading')}
        </p>
      ) : data && data.conversations.length === 0 ? (
        <p className="empty">{query ? t('noMatch') : t('empty')}</p>
      ) : (
        <ul className="items">
          {data?.conversations.map((c) => {
            const left = windowLeft(c.windowClosesAt);
            return (
              <li key={c.id}>
                <Link href={`/conversations/${c.id}${suffix}`} className="item" aria-current={c.id === selectedId ? 'true' : undefined}>
                  <div className="item-top">
                    <span className="name">{c.name}</span>
                    <time dateTime={c.lastMessageAt ?? undefined}>{timeAgo(c.lastMessageAt)}</time>
                  </div>
                  <div className="preview">{preview(c.lastMessagePreview)}</div>
                  <div className="item-tags">
                    {c.status === 'NEEDS_HUMAN' ? (
                      <span className="badge warn">{c.handoffReason ? t('needsHumanBecause', { reason: reason(c.handoffReason) }) : t('needsHuman')}</span>
                    ) : null}
                    {c.status === 'RESOLVED' ? <span className="badge">{t('resolved')}</span> : null}
                    <span className="badge">{c.assignee ? c.assignee.name : c.mode === 'BOT' ? t('bot') : t('recruiter')}</span>
                    {c.stalled ? <span className="badge stalled" title={t('stalledTitle')}>{t('stalled')}</span> : null}
                    {c.qualification ? <span className="badge">{qualification(c.qualification)}</span> : null}
                    <LabelChips labels={c.labels} />
                    <span className={`badge ${left ? '' : 'muted'}`}>{left ?? t('windowClosed')}</span>
                    {c.unreadCount > 0 ? (
                      <span className="unread" aria-label={t('unread', { count: c.unreadCount })}>
                        {c.unreadCount}
                      </span>
                    ) : null}
                  </div>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
