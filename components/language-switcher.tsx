'use client';
// The user's language, stored on their account (PATCH /api/users/me): every page they open
// from now on, on any device, speaks it.
import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { LOCALES, isLocale } from '@/lib/i18n/locales';
import { fetchJson } from '@/lib/swr/fetcher';
import { useErrorText } from './use-error-text';

export function LanguageSwitcher() {
  const t = useTranslations('shell');
  const locale = useLocale();
  const router = useRouter();
  const errorText = useErrorText();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  async function choose(value: string) {
    if (!isLocale(value) || value === locale) return;
    setError(null);
    try {
      await fetchJson('/api/users/me', { method: 'PATCH', body: JSON.stringify({ locale: value }) });
      startTransition(() => router.refresh());
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <span className="language">
      <select className="input" aria-label={t('language')} value={locale} disabled={pending} onChange={(e) => void choose(e.target.value)}>
        {LOCALES.map((value) => (
          <option key={value} value={value} lang={value}>
            {t(`languages.${value}`)}
          </option>
        ))}
      </select>
      {error ? (
        <span className="error" role="alert">
          {error}
        </span>
      ) : null}
    </span>
  );
}
