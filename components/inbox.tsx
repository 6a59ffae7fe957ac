'use client';

import { useTranslations } from 'next-intl';
import { useLiveEvents } from '@/lib/swr/use-live-events';
import { ConversationList } from './conversation-list';
import { ConversationView } from './conversation-view';

/** The recruiters' workspace: the list beside the open conversation (one at a time on a phone). */
export function Inbox({ selectedId }: { selectedId: string | null }) {
  const t = useTranslations('conversations');
  const live = useLiveEvents();
  return (
    <div className={`inbox ${selectedId ? 'has-selection' : ''}`}>
      <ConversationList selectedId={selectedId} live={live} />
      {selectedId ? (
        <ConversationView key={selectedId} id={selectedId} />
      ) : (
        <section className="placeholder" aria-label={t('noneSelected')}>
          <p>{t('pick')}</p>
        </section>
      )}
    </div>
  );
}
