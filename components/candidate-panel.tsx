'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { fetchJson } from '@/lib/swr/fetcher';
import type { ConversationDetail } from '@/lib/definitions';
import { AssignmentEventText } from './assignee-control';
import { useCurrentUser } from './current-user';
import { QUALIFICATIONS, REASONS } from './format';

export function CandidatePanel({ conversation: c }: { conversation: ConversationDetail }) {
  return (
    <aside className="panel" aria-label="Candidate">
      <h3>Candidate</h3>
      <dl>
        <dt>Name</dt>
        <dd>{c.candidate.name}</dd>
        {c.candidate.waId ? (
          <>
            <dt>WhatsApp</dt>
            <dd>+{c.candidate.waId}</dd>
          </>
        ) : null}
        {c.candidate.username ? (
          <>
            <dt>Username</dt>
            <dd>{c.candidate.username}</dd>
          </>
        ) : null}
        <dt>Qualification</dt>
        <dd>{c.candidate.qualification ? <span className="badge">{QUALIFICATIONS[c.candidate.qualification]}</span> : 'Not screened yet'}</dd>
      </dl>
      {c.handoff ? (
        <>
          <h3>Handoff</h3>
          <p>{REASONS[c.handoff.reason] ?? c.handoff.reason}</p>
        </>
      ) : null}
      <h3>Screening</h3>
      {c.candidate.screening.length ? (
        <dl className="screening">
          {c.candidate.screening.map((a) => (
            <div key={a.questionId}>
              <dt>{a.question}</dt>
              <dd>
                {a.answer}
                {a.source && a.source !== a.answer ? <q className="source" title="What the candidate wrote">{a.source}</q> : null}
              </dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="muted">No answers yet.</p>
      )}
      {c.candidate.openQuestions.length ? (
        <>
          <h3>Open questions</h3>
          <ul className="open-questions">
            {c.candidate.openQuestions.map((q) => (
              <li key={q.at + q.text}>{q.text}</li>
            ))}
          </ul>
        </>
      ) : null}
      {useCurrentUser()?.role === 'ADMIN' ? <PrivacyActions candidateId={c.candidate.id} name={c.candidate.name ?? 'this candidate'} /> : null}
      <h3>History</h3>
      {c.events.length ? (
        <ul className="events">
          {c.events.map((e) => (
            e.type === 'ASSIGN' ? (
              <li key={`${e.type}-${e.at}`}>
                <AssignmentEventText event={e} /> · {new Date(e.at).toLocaleString()}
              </li>
            ) : (
            <li key={`${e.type}-${e.at}`}>
              {e.type.toLowerCase()}{' '}
              {e.by ? `by ${e.by}` : e.reason === 'whatsapp_business_app' ? 'from the WhatsApp Business app' : e.reason ? `(${e.reason})` : ''} ·{' '}
              {new Date(e.at).toLocaleString()}
            </li>
            )
          ))}
        </ul>
      ) : (
        <p className="muted">Nothing yet.</p>
      )}
    </aside>
  );
}

function PrivacyActions({ candidateId, name }: { candidateId: string; name: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  async function erase() {
    if (!window.confirm(`Erase everything about ${name}? Messages, answers and files are deleted for good.`)) return;
    try {
      await fetchJson(`/api/candidates/${candidateId}`, { method: 'DELETE' });
      router.push('/conversations');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }
  return (
    <>
      <h3>Personal data</h3>
      <div className="stack">
        <a className="button" href={`/api/candidates/${candidateId}/export`}>
          Download their data (JSON)
        </a>
        <button className="button danger" onClick={erase}>
          Erase this candidate
        </button>
        {error ? <p className="error" role="alert">{error}</p> : null}
      </div>
    </>
  );
}
