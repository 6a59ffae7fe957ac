'use client';

import { useState, type FormEvent } from 'react';
import useSWR from 'swr';
import { fetchJson } from '@/lib/swr/fetcher';
import { UserVacancies, UserVacanciesHeading } from './user-vacancies';

type User = { id: string; email: string; name: string; role: 'ADMIN' | 'RECRUITER'; active: boolean };

export function UsersAdmin({ currentUserId }: { currentUserId: string }) {
  const { data, error, mutate } = useSWR<{ users: User[] }>('/api/users', fetchJson);
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
      setSaved(`${values.name} can now sign in.`);
      void mutate();
    } catch (e) {
      setFormError(e instanceof Error ? e.message : String(e));
    }
  }

  async function change(user: User, patch: Partial<Pick<User, 'role' | 'active'>>) {
    setFormError(null);
    try {
      await fetchJson(`/api/users/${user.id}`, { method: 'PATCH', body: JSON.stringify(patch) });
      void mutate();
    } catch (e) {
      setFormError(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <main className="page">
      <h1>Users</h1>
      {error ? <p className="error">{error.message}</p> : null}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
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
                  aria-label={`Role of ${u.name}`}
                  value={u.role}
                  disabled={u.id === currentUserId}
                  onChange={(e) => change(u, { role: e.target.value as User['role'] })}
                >
                  <option value="RECRUITER">Recruiter</option>
                  <option value="ADMIN">Admin</option>
                </select>
              </td>
              <td>
                <button className="button" disabled={u.id === currentUserId} onClick={() => change(u, { active: !u.active })}>
                  {u.active ? 'Deactivate' : 'Activate'}
                </button>
              </td>
              <td>{u.role === 'RECRUITER' ? <UserVacancies userId={u.id} /> : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Export screening results</h2>
      <form className="stack" method="get" action="/api/exports/screenings">
        <label>
          From <input type="date" name="from" className="input" required />
        </label>
        <label>
          To (not included) <input type="date" name="to" className="input" required />
        </label>
        <button type="submit" className="button">
          Download CSV
        </button>
      </form>
      <h2>Add a user</h2>
      <form className="stack" onSubmit={add}>
        <label>
          Name <input name="name" className="input" required maxLength={120} />
        </label>
        <label>
          Email <input name="email" type="email" className="input" required />
        </label>
        <label>
          Role
          <select name="role" className="input" defaultValue="RECRUITER">
            <option value="RECRUITER">Recruiter</option>
            <option value="ADMIN">Admin</option>
          </select>
        </label>
        <label>
          Password (at least 12 characters) <input name="password" type="password" className="input" required minLength={12} autoComplete="new-password" />
        </label>
        <button type="submit" className="button primary">
          Add user
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
