'use client';

import { useTranslations } from 'next-intl';

export default function DashboardError({ reset }: { error: Error; reset: () => void }) {
  const t = useTranslations('common');
  return (
    <div className="centered" role="alert">
      <p>{t('pageError')}</p>
      <button className="button" onClick={reset}>
        {t('tryAgain')}
      </button>
    </div>
  );
}
