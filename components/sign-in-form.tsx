'use client';

import { signIn } from 'next-auth/react';
import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';

type SignInError = 'tooMany' | 'wrong';

export function SignInForm({ callbackUrl, initialError }: { callbackUrl: string; initialError?: SignInError }) {
  const t = useTranslations('signIn');
  const [error, setError] = useState<SignInError | undefined>(initialError);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(undefined);
    const result = await signIn('credentials', {
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
      redirect: false,
    });
    setPending(false);
    if (result?.ok && !result.error) window.location.assign(callbackUrl);
    else if (result?.error === 'TooManyAttempts') setError('tooMany');
    else setError('wrong');
  }

  return (
    <form
      onSubmit={onSubmit}
      aria-labelledby="sign-in-title"
      style={{ width: '100%', maxWidth: 360, background: 'var(--card)', border: '1px solid var(--border)', borderRadius: 12, padding: 24, display: 'grid', gap: 14 }}
    >
      <h1 id="sign-in-title" style={{ margin: 0, fontSize: 22 }}>{t('title')}</h1>
      <p style={{ margin: 0, color: 'var(--muted)' }}>{t('subtitle')}</p>
      <label style={{ display: 'grid', gap: 4 }}>
        {t('email')}
        <input name="email" type="email" autoComplete="username" required style={inputStyle} />
      </label>
      <label style={{ display: 'grid', gap: 4 }}>
        {t('password')}
        <input name="password" type="password" autoComplete="current-password" required style={inputStyle} />
      </label>
      {error ? (
        <p role="alert" style={{ margin: 0, color: '#c0392b' }}>
          {t(error)}
        </p>
      ) : null}
      <button type="submit" disabled={pending} style={{ ...inputStyle, background: 'var(--accent)', color: '#fff', border: 0, cursor: 'pointer' }}>
        {pending ? t('pending') : t('submit')}
      </button>
    </form>
  );
}

const inputStyle = { font: 'inherit', padding: '10px 12px', borderRadius: 8, border: '1px solid var(--border)' } as const;
