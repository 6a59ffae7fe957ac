'use client';

import type { ConversationDetail } from './conversation-view';
import { QUALIFICATIONS, REASONS } from './format';

type Answer = { label: string; value: unknown };

export function CandidatePanel({ conversation: c }: { conversation: ConversationDetail }) {
  const answers = Object.entries((c.candidate.answers ?? {}) as Record<string, Answer>).filter(([key]) => key !== 'cv');
  const summary = c.handoff?.summary as { answers?: { question: string; answer: string }[] } | null | undefined;
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
      {summary?.answers?.length ? (
        <dl>
          {summary.answers.map((a) => (
            <div key={a.question}>
              <dt>{a.question}</dt>
              <dd>{a.answer}</dd>
            </div>
          ))}
        </dl>
      ) : answers.length ? (
        <dl>
          {answers.map(([key, a]) => (
            <div key={key}>
              <dt>{key.replace(/_/g, ' ')}</dt>
              <dd>{a.label}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="muted">No answers yet.</p>
      )}
      <h3>History</h3>
      {c.events.length ? (
        <ul className="events">
          {c.events.map((e) => (
            <li key={`${e.type}-${e.at}`}>
              {e.type.toLowerCase()} {e.by ? `by ${e.by}` : e.reason ? `(${e.reason})` : ''} · {new Date(e.at).toLocaleString()}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Nothing yet.</p>
      )}
    </aside>
  );
}
