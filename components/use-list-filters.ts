'use client';

// The conversation list's filters and search live in the URL's query
// (/conversations?assignee=me&label=…&status=NEEDS_HUMAN&q=…): a filtered view can be
// bookmarked, survives a reload, and the browser's back button goes to the filters before.
// Choosing a filter adds a history entry; typing in the search replaces the current one.
import { useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';

/** The query parameters of the list, in the order they are written. */
export const LIST_PARAMS = ['filter', 'q', 'status', 'assignee', 'vacancy', 'qualification', 'label'] as const;
export type ListParam = (typeof LIST_PARAMS)[number];

function listParams(from: URLSearchParams): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of LIST_PARAMS) for (const value of from.getAll(name)) if (value !== '') params.append(name, value);
  if (params.get('filter') === 'all') params.delete('filter');
  return params;
}

function go(params: URLSearchParams, mode: 'push' | 'replace') {
  const query = params.toString();
  const url = `${window.location.pathname}${query ? `?${query}` : ''}`;
  if (mode === 'push') window.history.pushState(null, '', url);
  else window.history.replaceState(null, '', url);
}

export function useListFilters() {
  const searchParams = useSearchParams();
  const params = useMemo(() => listParams(new URLSearchParams(searchParams.toString())), [searchParams]);
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
  const [search, setSearch] = useState(urlSearch);
  const written = useRef(urlSearch);
  useEffect(() => {
    // Back/forward or a link changed it: show what the URL says.
    if (urlSearch !== written.current) {
      written.current = urlSearch;
      setSearch(urlSearch);
    }
  }, [urlSearch]);
  useEffect(() => {
    const timer = setTimeout(() => {
      const value = search.trim();
      if (value === written.current) return;
      written.current = value;
      set('q', value);
    }, 250);
    return () => clearTimeout(timer);
  }, [search, set]);

  return {
    params,
    /** "?…" to keep the filters on a link (to a conversation, back to the list), or "". */
    suffix,
    /** The list's API URL for these filters. */
    key: `/api/conversations${suffix}`,
    filter: params.get('filter') ?? 'all',
    setFilter: (value: string) => set('filter', value),
    search,
    setSearch,
    query: urlSearch,
    labels: params.getAll('label'),
    set,
    toggleLabel,
    clear,
    /** Any of the filter bar's filters set. */
    filtered: ['status', 'assignee', 'vacancy', 'qualification', 'label'].some((name) => params.has(name)),
  };
}
