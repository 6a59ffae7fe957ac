'use client';

// The reply box with quick replies: typing / at the start of a word opens a list of the
// quick replies whose shortcut, title or text matches what follows, the conversation's
// language first; choosing one replaces "/sal" with its text, variables filled in for this
// candidate by the server (GET /api/quick-replies?conversation=).
import { useTranslations } from 'next-intl';
import { useRef, useState, type KeyboardEvent, type TextareaHTMLAttributes } from 'react';
import useSWR from 'swr';
import type { ConversationDetail, QuickReplyOption } from '@/lib/definitions';
import { fetchJson } from '@/lib/swr/fetcher';
import { replaceToken, SuggestionList, tokenAt, useSuggestionKeys, type Token } from './suggestions';
import './workspace-notes.css';

const SLASH = /(^|\s)\/([^\s/]{0,40})$/;

type Props = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'onChange'> & {
  conversation: ConversationDetail;
  value: string;
  onText: (text: string) => void;
};

export function QuickReplyTextarea({ conversation, value, onText, onKeyDown, ...props }: Props) {
  const t = useTranslations('quickReplies');
  const area = useRef<HTMLTextAreaElement>(null);
  const [token, setToken] = useState<Token | null>(null);
  const key = token ? `/api/quick-replies?conversation=${conversation.id}&q=${encodeURIComponent(token.query)}` : null;
  const { data, isLoading } = useSWR<{ quickReplies: QuickReplyOption[] }>(key, fetchJson, { keepPreviousData: true });
  const items = token ? (data?.quickReplies ?? []) : [];
  const listId = `quick-replies-${conversation.id}`;

  function look(text: string, caret: number) {
    setToken(tokenAt(text, caret, SLASH));
  }

  function pick(reply: QuickReplyOption) {
    const textarea = area.current;
    if (!token || !textarea) return;
    const next = replaceToken(value, token, textarea.selectionStart, reply.filled ?? reply.body);
    onText(next.text);
    setToken(null);
    requestAnimationFrame(() => {
      textarea.focus();
      textarea.setSelectionRange(next.caret, next.caret);
    });
  }

  const keys = useSuggestionKeys(items, token !== null, pick, () => setToken(null));
  const open = token !== null && (items.length > 0 || !isLoading);

  return (
    <div className="suggesting">
      <textarea
        {...props}
        ref={area}
        value={value}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open && items.length ? `${listId}-${keys.active}` : undefined}
        onChange={(event) => {
          onText(event.target.value);
          look(event.target.value, event.target.selectionStart);
        }}
        onSelect={(event) => {
          const target = event.currentTarget;
          if (token) look(target.value, target.selectionStart);
        }}
        onBlur={() => setToken(null)}
        onKeyDown={(event: KeyboardEvent<HTMLTextAreaElement>) => {
          if (!keys.onKeyDown(event)) onKeyDown?.(event);
        }}
      />
      {open ? (
        <SuggestionList
          id={listId}
          label={t('pickerLabel')}
          items={items}
          active={keys.active}
          keyOf={(reply) => reply.id}
          onPick={pick}
          onHover={keys.setActive}
          empty={t('none', { query: token.query })}
          render={(reply) => (
            <>
              <span className="suggestion-title">
                <strong>/{reply.shortcut}</strong> <span className="badge">{reply.language}</span> {reply.title}
              </span>
              <span className="suggestion-text">{reply.filled ?? reply.body}</span>
            </>
          )}
        />
      ) : null}
    </div>
  );
}
