'use client';

// The signed-in user's own settings (GET /api/users/me), shared by every component that shows
// or changes them: one request, and a change made in one is seen by all.
import useSWR from 'swr';
import type { UserSettings } from '../definitions';
import { fetchJson } from './fetcher';

/** The settings as GET /api/users/me answers them. */
export type MySettings = UserSettings;

export const MY_SETTINGS_URL = '/api/users/me';

export function useMySettings() {
  const swr = useSWR<{ user: MySettings }>(MY_SETTINGS_URL, fetchJson);
  /** PATCHes `change`; the answer becomes the settings every component sees. */
  async function change(patch: Partial<Pick<MySettings, 'available' | 'locale'>> & { notifications?: Partial<MySettings['notifications']> }) {
    const updated = await fetchJson<{ user: MySettings }>(MY_SETTINGS_URL, { method: 'PATCH', body: JSON.stringify(patch) });
    await swr.mutate(updated, { revalidate: false });
    return updated.user;
  }
  return { settings: swr.data?.user, error: swr.error as Error | undefined, change };
}
