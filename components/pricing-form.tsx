'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import type { PricingSettings } from '@/lib/costs/settings';
import { fetchJson } from '@/lib/swr/fetcher';
import { useErrorText } from './use-error-text';

const CATEGORIES = ['marketing', 'utility', 'authentication', 'service'] as const;

export function PricingForm({ settings }: { settings: PricingSettings }) {
  const t = useTranslations('costs');
  const errorText = useErrorText();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const number = (name: string) => Number(form.get(name));
    const rates = (prefix: string) => Object.fromEntries(CATEGORIES.map((c) => [c, number(`${prefix}.${c}`)]));
    setError(null);
    setSaved(false);
    try {
      await fetchJson('/api/costs/settings', {
        method: 'PUT',
        body: JSON.stringify({
          ...settings,
          model: form.get('model'),
          platformFeePerMonth: number('platformFeePerMonth'),
          perMessage: rates('perMessage'),
          perConversation: rates('perConversation'),
          planner: {
            leadsPerWeek: number('planner.leadsPerWeek'),
            conversationsPerLead: number('planner.conversationsPerLead'),
            pricePerConversation: number('planner.pricePerConversation'),
          },
        }),
      });
      setSaved(true);
      router.refresh();
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <details className="settings">
      <summary>{t('settings.title')}</summary>
      <form onSubmit={submit} className="grid-form">
        <label>
          {t('settings.model')}
          <select name="model" className="input" defaultValue={settings.model}>
            <option value="per_message">{t('settings.perMessageModel')}</option>
            <option value="per_conversation">{t('settings.perConversationModel')}</option>
          </select>
        </label>
        <label>
          {t('settings.platformFee', { currency: settings.currency })}
          <input name="platformFeePerMonth" type="number" step="0.01" min="0" className="input" defaultValue={settings.platformFeePerMonth} />
        </label>
        {(['perMessage', 'perConversation'] as const).map((prefix) => (
          <fieldset key={prefix}>
            <legend>{t(`settings.${prefix}`, { currency: settings.currency })}</legend>
            {CATEGORIES.map((c) => (
              <label key={c}>
                {t(`categories.${c}`)}
                <input name={`${prefix}.${c}`} type="number" step="0.0001" min="0" className="input" defaultValue={settings[prefix][c]} />
              </label>
            ))}
          </fieldset>
        ))}
        <fieldset>
          <legend>{t('settings.planner')}</legend>
          <label>
            {t('settings.leadsPerWeek')} <input name="planner.leadsPerWeek" type="number" min="0" className="input" defaultValue={settings.planner.leadsPerWeek} />
          </label>
          <label>
            {t('settings.conversationsPerLead')}
            <input name="planner.conversationsPerLead" type="number" step="0.1" min="0" className="input" defaultValue={settings.planner.conversationsPerLead} />
          </label>
          <label>
            {t('settings.pricePerConversation', { currency: settings.currency })}
            <input name="planner.pricePerConversation" type="number" step="0.0001" min="0" className="input" defaultValue={settings.planner.pricePerConversation} />
          </label>
        </fieldset>
        <button className="button primary">{t('settings.save')}</button>
        {error ? <p className="error" role="alert">{error}</p> : null}
        {saved ? <p role="status">{t('settings.saved')}</p> : null}
      </form>
    </details>
  );
}
