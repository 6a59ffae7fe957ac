'use client';

import { useTranslations } from 'next-intl';
import { useCallback, useState, type FormEvent } from 'react';
import useSWR from 'swr';
import { fetchJson } from '@/lib/swr/fetcher';
import { useLiveRefresh, type LiveChange } from '@/lib/swr/use-live-events';
import { useErrorText } from './use-error-text';
import { UserVacancies, UserVacanciesHeading } from './user-vacancies';

type User = { id: string; email: string; name: string; role: 'ADMIN' | 'RECRUITER'; active: boolean };

const usersChanged = (change: LiveChange) => change.type === 'users';

export function UsersAdmin({ currentUserId }: { currentUserId: string }) {
  const t = useTranslations('users');
  const errorText = useErrorText();
  const { data, error, mutate } = useSWR<{ users: User[] }>('/api/users', fetchJson);
  useLiveRefresh(usersChanged, useCallback(() => void mutate(), [mutate]));
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const values = Object.fromEntries(new FormData(form));
    setFormError(null);
    setSaved(null);
    try {
      await fetchJson('/api/users', { method: 'POST', body: JSON.stringify(values) });
      form.reset();
      setSaved(t('added', { name: String(values.name) }));
      void mutate();
    } catch (e) {
      setFormError(errorText(e));
    }
  }

  async function change(user: User, patch: Partial<Pick<User, 'role' | 'active'>>) {
    setFormError(null);
    try {
      await fetchJson(`/api/users/${user.id}`, { method: 'PATCH', body: JSON.stringify(patch) });
      void mutate();
    } catch (e) {
      setFormError(errorText(e));
    }
  }

  return (
    <main className="page">
      <h1>{t('title')}</h1>
      {error ? <p className="error">{t('loadError', { error: errorText(error) })}</p> : null}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('name')}</th>
            <th scope="col">{t('email')}</th>
            <th scope="col">{t('role')}</th>
            <th scope="col">{t('status')}</th>
            <UserVacanciesHeading />
          </tr>
        </thead>
        <tbody>
          {data?.users.map((u) => (
            <tr key={u.id} className={u.active ? '' : 'inactive'}>
              <td>{u.name}</td>
              <td>{u.email}</td>
              <td>
                <select
                  className="input"
                  aria-label={t('roleOf', { name: u.name })}
                  value={u.role}
                  disabled={u.id === currentUserId}
                  onChange={(e) => change(u, { role: e.target.value as User['role'] })}
                >
                  <option value="RECRUITER">{t('roles.RECRUITER')}</option>
                  <option value="ADMIN">{t('roles.ADMIN')}</option>
                </select>
              </td>
              <td>
                <button className="button" disabled={u.id === currentUserId} onClick={() => change(u, { active: !u.active })}>
                  {u.active ? t('deactivate') : t('activate')}
                </button>
              </td>
              <td>{u.role === 'RECRUITER' ? <UserVacancies userId={u.id} /> : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('export')}</h2>
      <form className="stack" method="get" action="/api/exports/screenings">
        <label>
          {t('from')} <input type="date" name="from" className="input" required />
        </label>
        <label>
          {t('to')} <input type="date" name="to" className="input" required />
        </label>
        <button type="submit" className="button">
          {t('downloadCsv')}
        </button>
      </form>
      <h2>{t('add')}</h2>
      <form className="stack" onSubmit={add}>
        <label>
          {t('name')} <input name="name" className="input" required maxLength={120} />
        </label>
        <label>
          {t('email')} <input name="email" type="email" className="input" required />
        </label>
        <label>
          {t('role')}
          <select name="role" className="input" defaultValue="RECRUITER">
            <option value="RECRUITER">{t('roles.RECRUITER')}</option>
            <option value="ADMIN">{t('roles.ADMIN')}</option>
          </select>
        </label>
        <label>
          {t('password')} <input name="password" type="password" className="input" required minLength={12} autoComplete="new-password" />
        </label>
        <button type="submit" className="button primary">
          {t('addButton')}
        </button>
        {formError ? (
          <p className="error" role="alert">
            {formError}
          </p>
        ) : null}
        {saved ? <p role="status">{saved}</p> : null}
      </form>
    </main>
  );
}
