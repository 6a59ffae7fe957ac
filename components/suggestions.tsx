'use client';

// What the quick-reply picker (/) and the mention picker (@) share: finding the word being
// typed at the caret, replacing it, and a list of suggestions worked with the keyboard
// (up/down to move, Enter or Tab to choose, Escape to close) or the mouse.
import { useEffect, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface Token {
  /** Where the trigger character is in the text. */
  start: number;
  /** What follows it, up to the caret. */
  query: string;
}

/** The token `pattern` finds right before the caret (`pattern` must end with `$` and capture the query in group 2 after a prefix in group 1). */
export function tokenAt(text: string, caret: number, pattern: RegExp): Token | null {
  const match = pattern.exec(text.slice(0, caret));
  if (!match) return null;
  return { start: match.index + match[1]!.length, query: match[2]! };
}

/** `text` with the token (up to `caret`) replaced by `insert`, and where the caret goes. */
export function replaceToken(text: string, token: Token, caret: number, insert: string): { text: string; caret: number } {
  return { text: text.slice(0, token.start) + insert + text.slice(caret), caret: token.start + insert.length };
}

export function useSuggestionKeys<T>(items: readonly T[], open: boolean, pick: (item: T) => void, close: () => void) {
  const [active, setActive] = useState(0);
  useEffect(() => setActive(0), [items, open]);
  /** Handles the key when the list is open; true when it did (the textarea must then do nothing). */
  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>): boolean {
    if (!open) return false;
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
      return true;
    }
    if (items.length === 0) return false;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current) => (current + step + items.length) % items.length);
      return true;
    }
    if ((event.key === 'Enter' && !event.shiftKey) || event.key === 'Tab') {
      event.preventDefault();
      pick(items[Math.min(active, items.length - 1)]!);
      return true;
    }
    return false;
  }
  return { active, setActive, onKeyDown };
}

export function SuggestionList<T>({
  id,
  label,
  items,
  active,
  keyOf,
  render,
  onPick,
  onHover,
  empty,
}: {
  id: string;
  label: string;
  items: readonly T[];
  active: number;
  keyOf: (item: T) => string;
  render: (item: T) => ReactNode;
  onPick: (item: T) => void;
  onHover: (index: number) => void;
  empty?: ReactNode;
}) {
  return (
    <ul className="suggestions" role="listbox" id={id} aria-label={label}>
      {items.length === 0 && empty ? <li className="suggestion empty-suggestion">{empty}</li> : null}
      {items.map((item, index) => (
        <li
          key={keyOf(item)}
          id={`${id}-${index}`}
          role="option"
          aria-selected={index === active}
          className="suggestion"
          // mousedown, not click: the textarea keeps its focus and caret.
          onMouseDown={(event) => {
            event.preventDefault();
            onPick(item);
          }}
          onMouseEnter={() => onHover(index)}
        >
          {render(item)}
        </li>
      ))}
    </ul>
  );
}
