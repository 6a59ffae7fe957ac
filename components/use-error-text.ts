'use client';
// The API answers with error codes (lib/http/errors.ts); the dashboard says them in the
// user's language. A code without a text here (a new one) shows the API's own sentence.
import { useTranslations } from 'next-intl';
import { FetchError } from '@/lib/swr/fetcher';

export function useErrorText(): (error: unknown) => string {
  const t = useTranslations('errors');
  return (error) => {
    if (!(error instanceof FetchError)) return t('network');
    // The person an error is about (who has the conversation, who is away), for its sentence.
    const details = error.details as { holder?: { name?: unknown }; user?: { name?: unknown } } | undefined;
    const named = details?.holder?.name ?? details?.user?.name;
    const name = typeof named === 'string' && named ? named : null;
    if (error.code === 'conflict' && name) return t('heldBy', { name });
    if (error.code && t.has(`codes.${error.code}`)) return t(`codes.${error.code}`, { name: name ?? t('colleague') });
    return error.message || t('status', { status: error.status });
  };
}
