'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { fetchJson } from '@/lib/swr/fetcher';
import type { ConversationDetail } from '@/lib/definitions';
import { AssignmentEventText } from './assignee-control';
import { useCurrentUser } from './current-user';
import { useDateTime, useQualification, useReason } from './format';
import { useErrorText } from './use-error-text';

export function CandidatePanel({ conversation: c }: { conversation: ConversationDetail }) {
  const t = useTranslations('candidate');
  const reason = useReason();
  const qualification = useQualification();
  const dateTime = useDateTime();
  const admin = useCurrentUser()?.role === 'ADMIN';
  const event = (e: ConversationDetail['events'][number]) => {
    const what = t.has(`events.${e.type}`) ? t(`events.${e.type}`) : e.type.toLowerCase();
    if (e.by) return t('eventBy', { what, name: e.by });
    if (e.reason === 'whatsapp_business_app') return t('eventFromBusinessApp', { what });
    if (e.reason) return t('eventBecause', { what, reason: reason(e.reason) });
    return what;
  };
  return (
    <aside className="panel" aria-label={t('title')}>
      <h3>{t('title')}</h3>
      <dl>
        <dt>{t('name')}</dt>
        <dd>{c.candidate.name}</dd>
        {c.candidate.waId ? (
          <>
            <dt>{t('whatsapp')}</dt>
            <dd>+{c.candidate.waId}</dd>
          </>
        ) : null}
        {c.candidate.username ? (
          <>
            <dt>{t('username')}</dt>
            <dd>{c.candidate.username}</dd>
          </>
        ) : null}
        <dt>{t('qualification')}</dt>
        <dd>{c.candidate.qualification ? <span className="badge">{qualification(c.candidate.qualification)}</span> : t('notScreened')}</dd>
      </dl>
      {c.handoff ? (
        <>
          <h3>{t('handoff')}</h3>
          <p>{reason(c.handoff.reason)}</p>
        </>
      ) : null}
      <h3>{t('screening')}</h3>
      {c.candidate.screening.length ? (
        <dl className="screening">
          {c.candidate.screening.map((a) => (
            <div key={a.questionId}>
              <dt>{a.question}</dt>
              <dd>
                {a.answer}
                {a.source && a.source !== a.answer ? <q className="source" title={t('candidateWrote')}>{a.source}</q> : null}
              </dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="muted">{t('noAnswers')}</p>
      )}
      {c.candidate.openQuestions.length ? (
        <>
          <h3>{t('openQuestions')}</h3>
          <ul className="open-questions">
            {c.candidate.openQuestions.map((q) => (
              <li key={q.at + q.text}>{q.text}</li>
            ))}
          </ul>
        </>
      ) : null}
      {admin ? <PrivacyActions candidateId={c.candidate.id} name={c.candidate.name} /> : null}
      <h3>{t('history')}</h3>
      {c.events.length ? (
        <ul className="events">
          {c.events.map((e) => (
            <li key={`${e.type}-${e.at}`}>
              {e.type === 'ASSIGN' ? <AssignmentEventText event={e} /> : event(e)} · <time dateTime={e.at}>{dateTime(e.at)}</time>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('nothingYet')}</p>
      )}
    </aside>
  );
}

function PrivacyActions({ candidateId, name }: { candidateId: string; name: string | null }) {
  const t = useTranslations('candidate');
  const errorText = useErrorText();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  async function erase() {
    if (!window.confirm(t('eraseConfirm', { name: name ?? t('thisCandidate') }))) return;
    try {
      await fetchJson(`/api/candidates/${candidateId}`, { method: 'DELETE' });
      router.push('/conversations');
    } catch (e) {
      setError(errorText(e));
    }
  }
  return (
    <>
      <h3>{t('personalData')}</h3>
      <div className="stack">
        <a className="button" href={`/api/candidates/${candidateId}/export`}>
          {t('download')}
        </a>
        <button className="button danger" onClick={erase}>
          {t('erase')}
        </button>
        {error ? <p className="error" role="alert">{error}</p> : null}
      </div>
    </>
  );
}
