'use client';

import { useCallback } from 'react';
import useSWR from 'swr';
import type { LabelChip } from '@/lib/definitions';
import { fetchJson } from '@/lib/swr/fetcher';
import { useLiveRefresh, type LiveChange } from '@/lib/swr/use-live-events';

export type LabelWithCount = LabelChip & { openConversations: number };

const labelsChanged = (change: LiveChange) => change.type === 'labels';

/** Every label (GET /api/labels), refetched when the list of labels changes. */
export function useLabels() {
  const { data, error, mutate } = useSWR<{ labels: LabelWithCount[] }>('/api/labels', fetchJson);
  useLiveRefresh(labelsChanged, useCallback(() => void mutate(), [mutate]));
  return { labels: data?.labels, error, mutate };
}
