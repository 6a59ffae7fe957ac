'use client';

// Available / away, in the top bar: away users get no new candidates from the round robin.
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useMySettings } from '@/lib/swr/use-my-settings';
import { dot } from './assignment-styles';

export function AvailabilityToggle() {
  const t = useTranslations('assignment');
  const { settings, change } = useMySettings();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!settings) return null;
  const available = settings.available;

  async function toggle() {
    setBusy(true);
    setError(null);
    try {
      await change({ available: !available });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <button
      type="button"
      role="switch"
      aria-checked={available}
      aria-label={t('availabilityLabel')}
      title={error ?? (available ? t('availableHint') : t('awayHint'))}
      className="button ghost"
      data-testid="availability"
      disabled={busy}
      onClick={toggle}
    >
      <span style={dot(available)} aria-hidden="true" />
      {available ? t('available') : t('awayStatus')}
    </button>
  );
}
