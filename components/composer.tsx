'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useReducer, useState, type FormEvent, type KeyboardEvent } from 'react';
import useSWR, { type KeyedMutator } from 'swr';
import type { ConversationDetail, TimelineMessage } from '@/lib/definitions';
import type { TemplateOption } from '@/lib/whatsapp/templates';
import { fetchJson } from '@/lib/swr/fetcher';
import { windowMinutesLeft } from './format';
import { QuickReplyTextarea } from './quick-reply-textarea';
import { useErrorText } from './use-error-text';

type Timeline = { messages: TimelineMessage[]; hasMore: boolean };

function optimistic(text: string, you: string): TimelineMessage {
  return {
    id: `pending-${Date.now()}`,
    seq: '0',
    direction: 'OUTBOUND',
    author: 'RECRUITER',
    authorName: you,
    type: 'text',
    text,
    unsupported: false,
    payload: {},
    hasMedia: false,
    mediaMimeType: null,
    mediaFilename: null,
    at: new Date().toISOString(),
    status: 'QUEUED',
    error: null,
    reactions: [],
  };
}

/** Renders again the moment the 24-hour window closes, so the composer goes over to the templates on screen. */
function useRenderWhenWindowCloses(closesAt: string | null) {
  const [, render] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    const ms = closesAt ? Date.parse(closesAt) - Date.now() : 0;
    if (!(ms > 0)) return;
    // setTimeout holds at most 2^31-1 ms (~24.8 days); the window is never that long.
    const timer = setTimeout(render, Math.min(ms + 50, 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [closesAt]);
}

export function Composer({
  conversation,
  timeline,
  onSent,
}: {
  conversation: ConversationDetail;
  timeline: KeyedMutator<Timeline>;
  onSent: () => void;
}) {
  const t = useTranslations('composer');
  const errorText = useErrorText();
  const key = `/api/conversations/${conversation.id}/messages`;
  const windowOpen = windowMinutesLeft(conversation.windowClosesAt) !== null;
  useRenderWhenWindowCloses(conversation.windowClosesAt);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  async function send(body: unknown, preview: string) {
    setSending(true);
    setError(null);
    // Shown at once; the refetch afterwards replaces it with the stored message, or
    // removes it again when the send was refused (the rollback).
    await timeline(
      (current) => ({ messages: [...(current?.messages ?? []), optimistic(preview, t('you'))], hasMore: current?.hasMore ?? false }),
      { revalidate: false },
    );
    try {
      await fetchJson(key, { method: 'POST', body: JSON.stringify(body) });
      onSent();
      return true;
    } catch (e) {
      setError(errorText(e));
      return false;
    } finally {
      setSending(false);
      void timeline();
    }
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const value = text.trim();
    if (!value) return;
    if (await send({ text: value }, value)) setText('');
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      void onSubmit(event);
    }
  }

  if (!windowOpen) return <TemplateComposer onSend={send} sending={sending} error={error} />;
  return (
    <form className="composer" onSubmit={onSubmit}>
      {conversation.mode === 'BOT' ? <p className="hint">{t('takesOver')}</p> : null}
      <label htmlFor="reply" className="sr-only">
        {t('replyTo', { name: conversation.candidate.name ?? '' })}
      </label>
      <QuickReplyTextarea
        conversation={conversation}
        id="reply"
        className="input"
        rows={2}
        maxLength={4096}
        placeholder={t('placeholder')}
        value={text}
        onText={setText}
        onKeyDown={onKeyDown}
      />
      <button type="submit" className="button primary" disabled={sending || !text.trim()}>
        {sending ? t('sending') : t('send')}
      </button>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}

function TemplateComposer({ onSend, sending, error }: { onSend: (body: unknown, preview: string) => Promise<boolean>; sending: boolean; error: string | null }) {
  const t = useTranslations('composer');
  const errorText = useErrorText();
  const { data, error: loadError } = useSWR<{ templates: TemplateOption[] }>('/api/templates', fetchJson);
  const [choice, setChoice] = useState('');
  const [values, setValues] = useState<string[]>([]);
  const template = data?.templates.find((option) => `${option.name}|${option.language}` === choice);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!template) return;
    const preview = template.body.replace(/\{\{(\d+)\}\}/g, (_, n: string) => values[Number(n) - 1] ?? '');
    if (await onSend({ template: { name: template.name, language: template.language, parameters: values.slice(0, template.parameterCount) } }, preview)) {
      setChoice('');
      setValues([]);
    }
  }

  return (
    <form className="composer template" onSubmit={submit}>
      <p className="hint" role="note">
        {t('windowClosed')}
      </p>
      {loadError ? <p className="error">{t('templatesError', { error: errorText(loadError) })}</p> : null}
      <label>
        {t('template')}
        <select className="input" value={choice} onChange={(e) => { setChoice(e.target.value); setValues([]); }}>
          <option value="">{t('chooseTemplate')}</option>
          {data?.templates.map((option) => (
            <option key={`${option.name}|${option.language}`} value={`${option.name}|${option.language}`}>
              {t('templateOption', { name: option.name, language: option.language, category: option.category })}
            </option>
          ))}
        </select>
      </label>
      {template ? (
        <>
          <p className="template-body">{template.body}</p>
          {Array.from({ length: template.parameterCount }, (_, i) => (
            <label key={i}>
              {`{{${i + 1}}}`}
              <input
                className="input"
                required
                value={values[i] ?? ''}
                onChange={(e) => setValues((v) => Object.assign([...v], { [i]: e.target.value }))}
              />
            </label>
          ))}
          <button type="submit" className="button primary" disabled={sending}>
            {sending ? t('sending') : t('sendTemplate')}
          </button>
        </>
      ) : null}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
