'use client';

import { useTranslations } from 'next-intl';
import type { TimelineMessage } from '@/lib/definitions';
import { useClock } from './format';

// Everything a candidate or we can send, rendered as text or with the browser's own media
// elements: never as HTML, so nothing a candidate writes can run in a recruiter's browser.
function Body({ m }: { m: TimelineMessage }) {
  const t = useTranslations('message');
  const p = (m.payload ?? {}) as Record<string, any>;
  if (m.deletedAt) {
    return <p className="muted deleted">{m.direction === 'INBOUND' ? t('deletedByCandidate') : t('deleted')}</p>;
  }
  const media = m.hasMedia ? `/api/media/${m.id}` : null;
  switch (m.type) {
    case 'image':
    case 'sticker':
      return (
        <>
          {media ? <img src={media} alt={m.text ?? t('photoAlt')} className="media" loading="lazy" /> : <em>{t('photo')}</em>}
          {m.text ? <p>{m.text}</p> : null}
        </>
      );
    case 'video':
      return media ? <video src={media} controls className="media" /> : <em>{t('video')}</em>;
    case 'audio':
    case 'voice':
      return media ? <audio src={media} controls aria-label={t('voiceLabel')} /> : <em>{t('voice')}</em>;
    case 'document':
      return media ? (
        <a href={media} className="doc" download>
          {t('document', { name: m.mediaFilename ?? t('file') })}
        </a>
      ) : (
        <em>
          {t('documentMissing')} {m.text}
        </em>
      );
    case 'location': {
      const l = p.location ?? {};
      const href = `https://www.openstreetmap.org/?mlat=${Number(l.latitude)}&mlon=${Number(l.longitude)}#map=16/${Number(l.latitude)}/${Number(l.longitude)}`;
      return (
        <a href={href} target="_blank" rel="noopener noreferrer">
          {t('location', { place: m.text ?? t('sharedPlace') })}
        </a>
      );
    }
    case 'contacts':
      return <p>{t('contact', { name: m.text ?? t('noName') })}</p>;
    case 'interactive':
      if (m.direction === 'OUTBOUND' && p.interactive?.type === 'location_request_message') {
        return (
          <>
            <p>{m.text}</p>
            <div className="options">
              <span className="option">📍 {t('locationRequested')}</span>
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
      return <p><span className="muted">{t('template')} · </span>{m.text}</p>;
    case 'system':
      return <p className="muted">{m.text ?? t('system')}</p>;
    case 'text':
      return <p>{m.text}</p>;
    default:
      return <p className="muted">{m.unsupported ? t('unsupported') : (m.text ?? `[${m.type}]`)}</p>;
  }
}

// The status of our messages: a symbol, and its words (message.ticks.<STATUS>) for its title.
const TICKS: Record<string, string> = {
  QUEUED: '🕓',
  SENDING: '🕓',
  SENT: '✓',
  DELIVERED: '✓✓',
  READ: '✓✓',
  FAILED: '!',
  CANCELLED: '⊘',
};

export function MessageBubble({ message: m }: { message: TimelineMessage & { pending?: boolean; failedLocally?: string } }) {
  const t = useTranslations('message');
  const clock = useClock();
  const outbound = m.direction === 'OUTBOUND';
  const tick = TICKS[m.status];
  const tickLabel = t.has(`ticks.${m.status}`) ? t(`ticks.${m.status}`) : m.status;
  const author = outbound
    ? m.author === 'BOT'
      ? t('bot')
      : m.fromBusinessApp
        ? t('fromBusinessApp')
        : (m.authorName ?? t('recruiter'))
    : m.groupId
      ? t('inGroup')
      : null;
  const sendError = m.error?.category && t.has(`sendErrors.${m.error.category}`) ? t(`sendErrors.${m.error.category}`) : m.error?.sentence;
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
        <div className="reactions" aria-label={t('reactions')}>
          {m.reactions.map((r) => (
            <span key={r.at}>{r.emoji}</span>
          ))}
        </div>
      ) : null}
      <div className="meta">
        <time dateTime={m.at}>{clock(m.at)}</time>
        {m.editedAt && !m.deletedAt ? (
          <span className="edited" title={t('editedAt', { time: clock(m.editedAt) })}>
            {t('edited', { time: clock(m.editedAt) })}
          </span>
        ) : null}
        {outbound && tick ? (
          <span className={`tick ${m.status.toLowerCase()}`} title={tickLabel} aria-label={tickLabel}>
            {tick}
          </span>
        ) : null}
      </div>
      {m.error && (m.status === 'FAILED' || m.status === 'QUEUED') ? (
        <div className="send-error" role="note">
          {sendError}
          {m.error.code ? ` (${m.error.code}${m.error.title ? `: ${m.error.title}` : ''})` : ''}
        </div>
      ) : null}
      {m.failedLocally ? <div className="send-error">{m.failedLocally}</div> : null}
    </li>
  );
}
