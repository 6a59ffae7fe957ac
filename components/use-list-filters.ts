'use client';

// The conversation list's filters and search live in the URL's query
// (/conversations?assignee=me&label=…&status=NEEDS_HUMAN&q=…): a filtered view can be
// bookmarked, survives a reload, and the browser's back button goes to the filters before.
// Choosing a filter adds a history entry; typing in the search replaces the current one.
// The address bar itself is the store (read on every change we make and on back/forward):
// the router's search params missed a back step to an entry made before a reload.
import { useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';

/** The query parameters of the list, in the order they are written. */
export const LIST_PARAMS = ['filter', 'q', 'status', 'assignee', 'vacancy', 'qualification', 'label'] as const;
export type ListParam = (typeof LIST_PARAMS)[number];

function listParams(from: URLSearchParams): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of LIST_PARAMS) for (const value of from.getAll(name)) if (value !== '') params.append(name, value);
  if (params.get('filter') === 'all') params.delete('filter');
  return params;
}

const CHANGED = 'list-filters-changed';

function subscribe(onChange: () => void) {
  window.addEventListener('popstate', onChange);
  window.addEventListener(CHANGED, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(CHANGED, onChange);
  };
}
const currentSearch = () => window.location.search;

function go(params: URLSearchParams, mode: 'push' | 'replace') {
  const query = params.toString();
  const url = `${window.location.pathname}${query ? `?${query}` : ''}`;
  if (mode === 'push') window.history.pushState(null, '', url);
  else window.history.replaceState(null, '', url);
  window.dispatchEvent(new Event(CHANGED));
}

export function useListFilters() {
  // On the server (and while hydrating): the query the page was requested with.
  const requested = useSearchParams().toString();
  const search = useSyncExternalStore(subscribe, currentSearch, () => (requested ? `?${requested}` : ''));
  const params = useMemo(() => listParams(new URLSearchParams(search)), [search]);
  // A navigation by the router (a link) changes the address after rendering: read it again then.
  useEffect(() => {
    window.dispatchEvent(new Event(CHANGED));
  }, [requested]);
  const queryString = params.toString();
  const suffix = queryString ? `?${queryString}` : '';

  const set = useCallback(
    (name: Exclude<ListParam, 'label'>, value: string | null) => {
      const next = new URLSearchParams(params);
      if (value === null || value === '' || (name === 'filter' && value === 'all')) next.delete(name);
      else next.set(name, value);
      go(listParams(next), name === 'q' ? 'replace' : 'push');
    },
    [params],
  );
  const toggleLabel = useCallback(
    (id: string) => {
      const labels = params.getAll('label');
      const next = new URLSearchParams(params);
      next.delete('label');
      for (const label of labels.includes(id) ? labels.filter((l) => l !== id) : [...labels, id]) next.append('label', label);
      go(next, 'push');
    },
    [params],
  );
  /** Takes the filter bar's filters off (the tab and the search stay). */
  const clear = useCallback(() => {
    const next = new URLSearchParams();
    for (const name of ['filter', 'q'] as const) for (const value of params.getAll(name)) next.append(name, value);
    go(next, 'push');
  }, [params]);

  // The search box: typed freely, written to the URL 250 ms after the last key.
  const urlSearch = params.get('q') ?? '';
  const [typed, setTyped] = useState(urlSearch);
  const written = useRef(urlSearch);
  useEffect(() => {
    // Back/forward or a link changed it: show what the URL says.
    if (urlSearch !== written.current) {
      written.current = urlSearch;
      setTyped(urlSearch);
    }
  }, [urlSearch]);
  useEffect(() => {
    const timer = setTimeout(() => {
      const value = typed.trim();
      if (value === written.current) return;
      written.current = value;
      set('q', value);
    }, 250);
    return () => clearTimeout(timer);
  }, [typed, set]);

  return {
    params,
    /** "?…" to keep the filters on a link (to a conversation, back to the list), or "". */
    suffix,
    /** The list's API URL for these filters. */
    key: `/api/conversations${suffix}`,
    filter: params.get('filter') ?? 'all',
    setFilter: (value: string) => set('filter', value),
    search: typed,
    setSearch: setTyped,
    query: urlSearch,
    labels: params.getAll('label'),
    set,
    toggleLabel,
    clear,
    /** Any of the filter bar's filters set. */
    filtered: ['status', 'assignee', 'vacancy', 'qualification', 'label'].some((name) => params.has(name)),
  };
}
