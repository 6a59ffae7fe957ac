'use client';

import { useLiveEvents } from '@/lib/swr/use-live-events';
import { ConversationList } from './conversation-list';
import { ConversationView } from './conversation-view';

/** The recruiters' workspace: the list beside the open conversation (one at a time on a phone). */
export function Inbox({ selectedId }: { selectedId: string | null }) {
  const live = useLiveEvents();
  return (
    <div className={`inbox ${selectedId ? 'has-selection' : ''}`}>
      <ConversationList selectedId={selectedId} live={live} />
      {selectedId ? (
        <ConversationView key={selectedId} id={selectedId} />
      ) : (
        <section className="placeholder" aria-label="No conversation selected">
          <p>Pick a conversation. Those that need a person come first.</p>
        </section>
      )}
    </div>
  );
}
