'use client';

// In the admin's users table: which vacancies a recruiter handles (their handoffs come by
// round robin). None ticked: every vacancy no available recruiter specialises in.
import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import useSWR from 'swr';
import { fetchJson } from '@/lib/swr/fetcher';
import { checkbox, checkboxes } from './assignment-styles';

type Vacancy = { id: string; label: { nl: string; en: string } };
type UsersAnswer = { users: { id: string; name: string; role: string; vacancies?: string[] }[]; vacancies?: Vacancy[] };

export function UserVacanciesHeading() {
  return <th scope="col">{useTranslations('assignment')('vacancies')}</th>;
}

export function UserVacancies({ userId }: { userId: string }) {
  const t = useTranslations('assignment');
  const locale = useLocale() === 'en' ? 'en' : 'nl';
  const { data, mutate } = useSWR<UsersAnswer>('/api/users', fetchJson);
  const [error, setError] = useState<string | null>(null);
  // Shown ticked at once; the saved list replaces it when the request is done.
  const [pending, setPending] = useState<string[] | null>(null);
  const user = data?.users.find((u) => u.id === userId);
  if (!user || !data?.vacancies) return null;
  const chosen = new Set(pending ?? user.vacancies ?? []);

  async function toggle(id: string) {
    const next = chosen.has(id) ? [...chosen].filter((v) => v !== id) : [...chosen, id];
    setError(null);
    setPending(next);
    try {
      await fetchJson(`/api/users/${userId}`, { method: 'PATCH', body: JSON.stringify({ vacancies: next }) });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      await mutate();
      setPending(null);
    }
  }

  return (
    <fieldset style={checkboxes} title={t('vacanciesHint')}>
      <legend className="sr-only">{t('vacancies')}</legend>
      {data.vacancies.map((v) => (
        <label key={v.id} style={checkbox}>
          <input type="checkbox" checked={chosen.has(v.id)} onChange={() => toggle(v.id)} />
          {v.label[locale]}
        </label>
      ))}
      {chosen.size === 0 ? <span className="muted small">{t('allVacancies')}</span> : null}
      {error ? (
        <span className="error" role="alert">
          {error}
        </span>
      ) : null}
    </fieldset>
  );
}
