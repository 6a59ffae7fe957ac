'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import type { PricingSettings } from '@/lib/costs/settings';
import { fetchJson } from '@/lib/swr/fetcher';

const CATEGORIES = ['marketing', 'utility', 'authentication', 'service'] as const;

export function PricingForm({ settings }: { settings: PricingSettings }) {
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
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <details className="settings">
      <summary>Pricing settings</summary>
      <form onSubmit={submit} className="grid-form">
        <label>
          Pricing model
          <select name="model" className="input" defaultValue={settings.model}>
            <option value="per_message">Per delivered message (since July 2025)</option>
            <option value="per_conversation">Per 24-hour conversation</option>
          </select>
        </label>
        <label>
          Platform fee per month (EUR)
          <input name="platformFeePerMonth" type="number" step="0.01" min="0" className="input" defaultValue={settings.platformFeePerMonth} />
        </label>
        {(['perMessage', 'perConversation'] as const).map((prefix) => (
          <fieldset key={prefix}>
            <legend>{prefix === 'perMessage' ? 'Per message (EUR)' : 'Per conversation (EUR)'}</legend>
            {CATEGORIES.map((c) => (
              <label key={c}>
                {c}
                <input name={`${prefix}.${c}`} type="number" step="0.0001" min="0" className="input" defaultValue={settings[prefix][c]} />
              </label>
            ))}
          </fieldset>
        ))}
        <fieldset>
          <legend>Planner</legend>
          <label>
            Leads per week <input name="planner.leadsPerWeek" type="number" min="0" className="input" defaultValue={settings.planner.leadsPerWeek} />
          </label>
          <label>
            Conversations per lead
            <input name="planner.conversationsPerLead" type="number" step="0.1" min="0" className="input" defaultValue={settings.planner.conversationsPerLead} />
          </label>
          <label>
            Price per conversation (EUR)
            <input name="planner.pricePerConversation" type="number" step="0.0001" min="0" className="input" defaultValue={settings.planner.pricePerConversation} />
          </label>
        </fieldset>
        <button className="button primary">Save pricing</button>
        {error ? <p className="error" role="alert">{error}</p> : null}
        {saved ? <p role="status">Saved.</p> : null}
      </form>
    </details>
  );
}
