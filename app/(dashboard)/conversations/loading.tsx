import { getTranslations } from 'next-intl/server';

export default async function Loading() {
  const t = await getTranslations('common');
  return (
    <div className="centered" role="status" aria-live="polite">
      {t('loading')}
    </div>
  );
}
