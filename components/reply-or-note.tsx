'use client';

// Below the timeline: "Reply" (to the candidate, through WhatsApp) or "Note" (for the team
// only, never sent). The tab shows which one the text goes to.
import { useTranslations } from 'next-intl';
import { useState, type ComponentProps } from 'react';
import { Composer } from './composer';
import { NoteComposer } from './note-composer';
import './workspace-notes.css';

export function ReplyOrNote(props: ComponentProps<typeof Composer>) {
  const t = useTranslations('notes');
  const [tab, setTab] = useState<'reply' | 'note'>('reply');
  const id = props.conversation.id;
  return (
    <div className={`reply-or-note writing-${tab}`}>
      <div className="composer-tabs" role="tablist" aria-label={t('tabs.label')}>
        {(['reply', 'note'] as const).map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={`tab-${name}-${id}`}
            aria-selected={tab === name}
            aria-controls={`panel-${name}-${id}`}
            className={`composer-tab tab-${name}`}
            onClick={() => setTab(name)}
          >
            {t(`tabs.${name}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}-${id}`} aria-labelledby={`tab-${tab}-${id}`}>
        {tab === 'reply' ? <Composer {...props} /> : <NoteComposer conversation={props.conversation} />}
      </div>
    </div>
  );
}
