'use client';

import Link from 'next/link';
import { useCallback } from 'react';
import useSWR from 'swr';
import type { ConversationSummary } from '@/lib/definitions';
import { fetchJson } from '@/lib/swr/fetcher';
import { useLiveRefresh } from '@/lib/swr/use-live-events';
import { QUALIFICATIONS, REASONS, timeAgo, windowLeft } from './format';
import { ConversationFilters } from './conversation-filters';
import { LabelChips } from './label-chips';
import { useListFilters } from './use-list-filters';

const FILTERS = [
  ['all', 'All'],
  ['needs_human', 'Needs human'],
  ['mine', 'Mine'],
  ['bot', 'Bot'],
  ['stalled', 'Stalled'],
  ['open', 'Open'],
  ['resolved', 'Resolved'],
] as const;

const everyChange = () => true;

export function ConversationList({ selectedId, live }: { selectedId: string | null; live: boolean }) {
  // The filters and the search are kept in the URL (use-list-filters.ts).
  const { filter, setFilter, search, setSearch, query, key, suffix } = useListFilters();
  const { data, error, isLoading, mutate } = useSWR<{ conversations: ConversationSummary[] }>(key, fetchJson, {
    keepPreviousData: true,
    refreshInterval: 60_000,
  });
  useLiveRefresh(everyChange, useCallback(() => void mutate(), [mutate]));

  return (
    <section className="list" aria-label="Conversations">
      <div className="list-head">
        <div className="list-title">
          <h1>Conversations</h1>
          <span className={`live ${live ? 'on' : ''}`} title={live ? 'Live updates on' : 'Reconnecting…'}>
            {live ? 'Live' : 'Offline'}
          </span>
        </div>
        <input
          type="search"
          className="input"
          placeholder="Search name, number or message"
          aria-label="Search conversations"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <div className="filters" role="tablist" aria-label="Filter">
          {FILTERS.map(([value, label]) => (
            <button key={value} role="tab" aria-selected={filter === value} className="chip" onClick={() => setFilter(value)}>
              {label}
            </button>
          ))}
        </div>
        <ConversationFilters />
      </div>
      {error ? (
        <p className="empty" role="alert">
          Could not load the conversations: {error.message}
        </p>
      ) : isLoading && !data ? (
        <p className="empty" role="status">
          Loading…
        </p>
      ) : data && data.conversations.length === 0 ? (
        <p className="empty">{query ? 'Nothing matches that search.' : 'No conversations here yet. They appear as soon as a candidate writes.'}</p>
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
                  <div className="preview">{c.lastMessagePreview ?? ''}</div>
                  <div className="item-tags">
                    {c.status === 'NEEDS_HUMAN' ? (
                      <span className="badge warn">Needs human{c.handoffReason ? ` · ${REASONS[c.handoffReason] ?? c.handoffReason}` : ''}</span>
                    ) : null}
                    {c.status === 'RESOLVED' ? <span className="badge">Resolved</span> : null}
                    <span className="badge">{c.mode === 'BOT' ? 'Bot' : (c.assignee?.name ?? 'Recruiter')}</span>
                    {c.stalled ? <span className="badge stalled" title="The candidate stopped answering the screening">Stalled</span> : null}
                    {c.qualification ? <span className="badge">{QUALIFICATIONS[c.qualification]}</span> : null}
                    <LabelChips labels={c.labels} />
                    <span className={`badge ${left ? '' : 'muted'}`}>{left ?? 'Window closed'}</span>
                    {c.unreadCount > 0 ? (
                      <span className="unread" aria-label={`${c.unreadCount} unread`}>
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
