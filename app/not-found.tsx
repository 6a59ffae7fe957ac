import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import Link from 'next/link';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('common'))('notFoundTitle') };
}

export default async function NotFound() {
  const t = await getTranslations('common');
  return (
    <main className="centered" role="alert">
      <h1>{t('notFoundTitle')}</h1>
      <p>{t('notFound')}</p>
      <Link href="/conversations" className="button">
        {t('toConversations')}
      </Link>
    </main>
  );
}
