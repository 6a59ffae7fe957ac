'use client';

import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useCallback, useEffect, useRef, useState } from 'react';
import useSWR from 'swr';
import type { ConversationDetail, TimelineMessage } from '@/lib/definitions';
import { fetchJson } from '@/lib/swr/fetcher';
import { useLiveRefresh, type LiveChange } from '@/lib/swr/use-live-events';
import { AssignedElsewhereNotice, AssigneeControl } from './assignee-control';
import { CandidatePanel } from './candidate-panel';
import { ConversationLabels } from './conversation-labels';
import { ReplyOrNote } from './reply-or-note';
import { useReason, useWindowLeft } from './format';
import { TimelineItems } from './timeline-items';
import { useListFilters } from './use-list-filters';
import { useErrorText } from './use-error-text';

type Timeline = { messages: TimelineMessage[]; hasMore: boolean };

export function ConversationView({ id }: { id: string }) {
  const t = useTranslations('conversation');
  // Back to the list as it was filtered (the filters ride along in the address).
  const { suffix: listSuffix } = useListFilters();
  const reason = useReason();
  const windowLeft = useWindowLeft();
  const errorText = useErrorText();
  const conversation = useSWR<ConversationDetail>(`/api/conversations/${id}`, fetchJson);
  const timeline = useSWR<Timeline>(`/api/conversations/${id}/messages`, fetchJson, { keepPreviousData: false });
  const refreshConversation = conversation.mutate;
  const refreshTimeline = timeline.mutate;
  const refresh = useCallback(() => {
    void refreshConversation();
    void refreshTimeline();
  }, [refreshConversation, refreshTimeline]);
  const concerns = useCallback((change: LiveChange) => 'conversationId' in change && change.conversationId === id, [id]);
  useLiveRefresh(concerns, refresh);
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const bottom = useRef<HTMLDivElement>(null);

  const unread = conversation.data?.unreadCount ?? 0;
  useEffect(() => {
    if (unread > 0) void fetchJson(`/api/conversations/${id}/read`, { method: 'POST' }).catch(() => {});
  }, [id, unread]);
  const count = timeline.data?.messages.length ?? 0;
  useEffect(() => {
    bottom.current?.scrollIntoView({ block: 'end' });
  }, [count]);

  async function act(action: 'takeover' | 'handback' | 'resolve' | 'reopen') {
    setBusy(true);
    setActionError(null);
    try {
      await fetchJson(`/api/conversations/${id}/${action}`, { method: 'POST' });
    } catch (error) {
      setActionError(errorText(error));
    } finally {
      setBusy(false);
      refresh();
    }
  }

  if (conversation.error) {
    return (
      <section className="conversation" aria-label={t('label')}>
        <p className="empty" role="alert">
          {conversation.error.status === 404 ? t('notFound') : t('loadError', { error: errorText(conversation.error) })}
        </p>
      </section>
    );
  }
  const c = conversation.data;
  if (!c) {
    return (
      <section className="conversation" aria-label={t('label')}>
        <p className="empty" role="status">
          {t('loading')}
        </p>
      </section>
    );
  }
  const left = windowLeft(c.windowClosesAt);
  return (
    <section className="conversation" aria-label={t('with', { name: c.candidate.name ?? '' })}>
      <header className="conv-head">
        <Link href={`/conversations${listSuffix}`} className="back" aria-label={t('back')}>
          ←
        </Link>
        <div className="conv-title">
          <h2>{c.candidate.name}</h2>
          <div className="muted small">
            {c.candidate.waId ? `+${c.candidate.waId}` : c.candidate.userId} · {left ?? t('windowClosed')}
          </div>
        </div>
        <div className="conv-state">
          {c.status === 'NEEDS_HUMAN' ? <span className="badge warn">{c.handoff ? t('needsHumanBecause', { reason: reason(c.handoff.reason) }) : t('needsHuman')}</span> : null}
          {c.status === 'RESOLVED' ? <span className="badge">{t('resolved')}</span> : null}
          <span className="badge" data-testid="owner">
            {c.mode === 'BOT' ? t('botAnswering') : t('hasIt', { name: c.assignee?.name ?? t('aRecruiter') })}
          </span>
        </div>
        <AssigneeControl conversation={c} onChanged={refresh} />
        <div className="actions">
          {c.mode === 'BOT' ? (
            <button className="button primary" disabled={busy} onClick={() => act('takeover')}>
              {t('takeOver')}
            </button>
          ) : (
            <button className="button" disabled={busy} onClick={() => act('handback')}>
              {t('handBack')}
            </button>
          )}
          {c.status === 'RESOLVED' ? (
            <button className="button" disabled={busy} onClick={() => act('reopen')}>
              {t('reopen')}
            </button>
          ) : (
            <button className="button" disabled={busy} onClick={() => act('resolve')}>
              {t('resolve')}
            </button>
          )}
        </div>
        <ConversationLabels conversationId={c.id} labels={c.labels} />
      </header>
      {actionError ? (
        <p className="error" role="alert">
          {actionError}
        </p>
      ) : null}
      <div className="conv-body">
        <div className="timeline-wrap">
          <ol className="timeline" aria-label={t('messages')} aria-live="polite">
            <TimelineItems conversationId={id} messages={timeline.data?.messages} hasMore={timeline.data?.hasMore} />
          </ol>
          {timeline.error ? <p className="error">{t('messagesError', { error: errorText(timeline.error) })}</p> : null}
          <div ref={bottom} />
          <AssignedElsewhereNotice conversation={c} />
          <ReplyOrNote conversation={c} timeline={timeline.mutate} onSent={refresh} />
        </div>
        <CandidatePanel conversation={c} />
      </div>
    </section>
  );
}
