'use client';

// A note's text box: typing @ opens a list of colleagues whose name matches what follows;
// choosing one writes "@Full Name " (lib/notes/mentions.ts reads it back when the note is saved).
import { useTranslations } from 'next-intl';
import { useMemo, useRef, useState, type KeyboardEvent, type TextareaHTMLAttributes } from 'react';
import type { Colleague } from '@/lib/notes/mentions';
import { replaceToken, SuggestionList, tokenAt, useSuggestionKeys, type Token } from './suggestions';
import './workspace-notes.css';

// "@", then up to three words of a name.
const AT = /(^|[^\p{L}\p{N}_])@([^@\s]{0,40}(?: [^@\s]{1,40}){0,2})$/u;

type Props = TextareaHTMLAttributes<HTMLTextAreaElement> & {
  colleagues: readonly Colleague[];
  value: string;
  onText: (text: string) => void;
  listId: string;
};

export function MentionTextarea({ colleagues, value, onText, listId, onKeyDown, ...props }: Props) {
  const t = useTranslations('notes');
  const area = useRef<HTMLTextAreaElement>(null);
  const [token, setToken] = useState<Token | null>(null);
  const items = useMemo(() => {
    if (!token) return [];
    const query = token.query.toLowerCase();
    return colleagues.filter((c) => c.name.toLowerCase().startsWith(query) || c.name.toLowerCase().includes(` ${query}`)).slice(0, 8);
  }, [token, colleagues]);
  const open = token !== null && items.length > 0;

  function pick(colleague: Colleague) {
    const textarea = area.current;
    if (!token || !textarea) return;
    const next = replaceToken(value, token, textarea.selectionStart, `@${colleague.name} `);
    onText(next.text);
    setToken(null);
    requestAnimationFrame(() => {
      textarea.focus();
      textarea.setSelectionRange(next.caret, next.caret);
    });
  }

  const keys = useSuggestionKeys(items, open, pick, () => setToken(null));

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
        aria-activedescendant={open ? `${listId}-${keys.active}` : undefined}
        onChange={(event) => {
          onText(event.target.value);
          setToken(tokenAt(event.target.value, event.target.selectionStart, AT));
        }}
        onBlur={() => setToken(null)}
        onKeyDown={(event: KeyboardEvent<HTMLTextAreaElement>) => {
          if (!keys.onKeyDown(event)) onKeyDown?.(event);
        }}
      />
      {open ? (
        <SuggestionList
          id={listId}
          label={t('mentionList')}
          items={items}
          active={keys.active}
          keyOf={(c) => c.id}
          onPick={pick}
          onHover={keys.setActive}
          render={(c) => <span className="suggestion-title">@{c.name}</span>}
        />
      ) : null}
    </div>
  );
}
