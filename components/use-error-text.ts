'use client';
// The API answers with error codes (lib/http/errors.ts); the dashboard says them in the
// user's language. A code without a text here (a new one) shows the API's own sentence.
import { useTranslations } from 'next-intl';
import { FetchError } from '@/lib/swr/fetcher';

export function useErrorText(): (error: unknown) => string {
  const t = useTranslations('errors');
  return (error) => {
    if (!(error instanceof FetchError)) return t('network');
    const holder = (error.details as { holder?: { name?: unknown } } | undefined)?.holder;
    if (error.code === 'conflict' && holder && typeof holder.name === 'string' && holder.name) return t('heldBy', { name: holder.name });
    if (error.code && t.has(`codes.${error.code}`)) return t(`codes.${error.code}`);
    return error.message || t('status', { status: error.status });
  };
}
