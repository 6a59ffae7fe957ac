'use client';

import Link from 'next/link';
import { useCallback, useEffect, useRef, useState } from 'react';
import useSWR from 'swr';
import type { ConversationDetail, TimelineMessage } from '@/lib/definitions';
import { fetchJson } from '@/lib/swr/fetcher';
import { useLiveRefresh, type LiveChange } from '@/lib/swr/use-live-events';
import { CandidatePanel } from './candidate-panel';
import { ConversationLabels } from './conversation-labels';
import { Composer } from './composer';
import { REASONS, windowLeft } from './format';
import { MessageBubble } from './message-bubble';

type Timeline = { messages: TimelineMessage[]; hasMore: boolean };

export function ConversationView({ id }: { id: string }) {
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
      setActionError(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
      refresh();
    }
  }

  if (conversation.error) {
    return (
      <section className="conversation" aria-label="Conversation">
        <p className="empty" role="alert">
          {conversation.error.status === 404 ? 'This conversation does not exist.' : `Could not load it: ${conversation.error.message}`}
        </p>
      </section>
    );
  }
  const c = conversation.data;
  if (!c) {
    return (
      <section className="conversation" aria-label="Conversation">
        <p className="empty" role="status">
          Loading…
        </p>
      </section>
    );
  }
  const left = windowLeft(c.windowClosesAt);
  return (
    <section className="conversation" aria-label={`Conversation with ${c.candidate.name}`}>
      <header className="conv-head">
        <Link href="/conversations" className="back" aria-label="Back to the list">
          ←
        </Link>
        <div className="conv-title">
          <h2>{c.candidate.name}</h2>
          <div className="muted small">
            {c.candidate.waId ? `+${c.candidate.waId}` : c.candidate.userId} · {left ?? '24-hour window closed'}
          </div>
        </div>
        <div className="conv-state">
          {c.status === 'NEEDS_HUMAN' ? <span className="badge warn">Needs human{c.handoff ? ` · ${REASONS[c.handoff.reason] ?? c.handoff.reason}` : ''}</span> : null}
          {c.status === 'RESOLVED' ? <span className="badge">Resolved</span> : null}
          <span className="badge" data-testid="owner">
            {c.mode === 'BOT' ? 'Bot is answering' : `${c.assignee?.name ?? 'A recruiter'} has it`}
          </span>
        </div>
        <div className="actions">
          {c.mode === 'BOT' ? (
            <button className="button primary" disabled={busy} onClick={() => act('takeover')}>
              Take over
            </button>
          ) : (
            <button className="button" disabled={busy} onClick={() => act('handback')}>
              Hand back to bot
            </button>
          )}
          {c.status === 'RESOLVED' ? (
            <button className="button" disabled={busy} onClick={() => act('reopen')}>
              Reopen
            </button>
          ) : (
            <button className="button" disabled={busy} onClick={() => act('resolve')}>
              Resolve
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
          <ol className="timeline" aria-label="Messages" aria-live="polite">
            {timeline.data?.messages.map((m) => <MessageBubble key={m.id} message={m} />)}
          </ol>
          {timeline.error ? <p className="error">Could not load the messages: {timeline.error.message}</p> : null}
          <div ref={bottom} />
          <Composer conversation={c} timeline={timeline.mutate} onSent={refresh} />
        </div>
        <CandidatePanel conversation={c} />
      </div>
    </section>
  );
}
