'use client';

import type { TimelineMessage } from '@/lib/definitions';
import { clock } from './format';

// Everything a candidate or we can send, rendered as text or with the browser's own media
// elements: never as HTML, so nothing a candidate writes can run in a recruiter's browser.
function Body({ m }: { m: TimelineMessage }) {
  const p = (m.payload ?? {}) as Record<string, any>;
  if (m.deletedAt) {
    return <p className="muted deleted">{m.direction === 'INBOUND' ? 'The candidate deleted this message.' : 'This message was deleted.'}</p>;
  }
  const media = m.hasMedia ? `/api/media/${m.id}` : null;
  switch (m.type) {
    case 'image':
    case 'sticker':
      return (
        <>
          {media ? <img src={media} alt={m.text ?? 'Photo from the candidate'} className="media" loading="lazy" /> : <em>[photo]</em>}
          {m.text ? <p>{m.text}</p> : null}
        </>
      );
    case 'video':
      return media ? <video src={media} controls className="media" /> : <em>[video]</em>;
    case 'audio':
    case 'voice':
      return media ? <audio src={media} controls aria-label="Voice message" /> : <em>[voice message]</em>;
    case 'document':
      return media ? (
        <a href={media} className="doc" download>
          Document: {m.mediaFilename ?? 'file'}
        </a>
      ) : (
        <em>[document] {m.text}</em>
      );
    case 'location': {
      const l = p.location ?? {};
      const href = `https://www.openstreetmap.org/?mlat=${Number(l.latitude)}&mlon=${Number(l.longitude)}#map=16/${Number(l.latitude)}/${Number(l.longitude)}`;
      return (
        <a href={href} target="_blank" rel="noopener noreferrer">
          Location: {m.text ?? 'shared place'}
        </a>
      );
    }
    case 'contacts':
      return <p>Contact card: {m.text ?? 'no name'}</p>;
    case 'interactive':
      if (m.direction === 'OUTBOUND' && p.interactive?.type === 'location_request_message') {
        return (
          <>
            <p>{m.text}</p>
            <div className="options">
              <span className="option">📍 Location requested</span>
            </div>
          </>
        );
      }
      if (m.direction === 'OUTBOUND') {
        const action = p.interactive?.action ?? {};
        const options: string[] = action.buttons?.map((b: any) => b.reply?.title) ?? action.sections?.flatMap((s: any) => s.rows.map((r: any) => r.title)) ?? [];
        return (
          <>
            <p>{m.text}</p>
            <div className="options">{options.map((o) => <span key={o} className="option">{o}</span>)}</div>
          </>
        );
      }
      return <p>↩︎ {m.text}</p>;
    case 'button':
      return <p>↩︎ {m.text}</p>;
    case 'template':
      return <p><span className="muted">Template · </span>{m.text}</p>;
    case 'system':
      return <p className="muted">{m.text ?? 'System message'}</p>;
    case 'text':
      return <p>{m.text}</p>;
    default:
      return <p className="muted">{m.unsupported ? 'A message type WhatsApp or this app cannot show.' : (m.text ?? `[${m.type}]`)}</p>;
  }
}

const TICKS: Record<string, { label: string; symbol: string }> = {
  QUEUED: { label: 'Waiting to be sent', symbol: '🕓' },
  SENDING: { label: 'Sending', symbol: '🕓' },
  SENT: { label: 'Sent', symbol: '✓' },
  DELIVERED: { label: 'Delivered', symbol: '✓✓' },
  READ: { label: 'Read', symbol: '✓✓' },
  FAILED: { label: 'Not delivered', symbol: '!' },
  CANCELLED: { label: 'Cancelled (a recruiter took over)', symbol: '⊘' },
};

export function MessageBubble({ message: m }: { message: TimelineMessage & { pending?: boolean; failedLocally?: string } }) {
  const outbound = m.direction === 'OUTBOUND';
  const tick = TICKS[m.status];
  const author = outbound
    ? m.author === 'BOT'
      ? 'Bot'
      : m.fromBusinessApp
        ? 'Sent from the WhatsApp Business app'
        : (m.authorName ?? 'Recruiter')
    : m.groupId
      ? 'In a WhatsApp group'
      : null;
  return (
    <li
      className={`bubble ${outbound ? 'out' : 'in'} ${m.author === 'BOT' ? 'bot' : ''} ${m.status === 'CANCELLED' ? 'cancelled' : ''} ${m.groupId ? 'group' : ''}`}
      data-status={m.status}
      data-group={m.groupId ? 'true' : undefined}
      data-business-app={m.fromBusinessApp ? 'true' : undefined}
    >
      {author ? <div className="author">{author}</div> : null}
      <Body m={m} />
      {m.reactions.length ? (
        <div className="reactions" aria-label="Reactions">
          {m.reactions.map((r) => (
            <span key={r.at}>{r.emoji}</span>
          ))}
        </div>
      ) : null}
      <div className="meta">
        <time dateTime={m.at}>{clock(m.at)}</time>
        {m.editedAt && !m.deletedAt ? (
          <span className="edited" title={`Edited ${clock(m.editedAt)}`}>
            edited {clock(m.editedAt)}
          </span>
        ) : null}
        {outbound && tick ? (
          <span className={`tick ${m.status.toLowerCase()}`} title={tick.label} aria-label={tick.label}>
            {tick.symbol}
          </span>
        ) : null}
      </div>
      {m.error && (m.status === 'FAILED' || m.status === 'QUEUED') ? (
        <div className="send-error" role="note">
          {m.error.sentence}
          {m.error.code ? ` (${m.error.code}${m.error.title ? `: ${m.error.title}` : ''})` : ''}
        </div>
      ) : null}
      {m.failedLocally ? <div className="send-error">{m.failedLocally}</div> : null}
    </li>
  );
}
