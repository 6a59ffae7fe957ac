'use client';

// The admin screen's labels: add, rename, recolour, delete (the API refuses the same name
// twice in any case and answers in words, shown here as they come).
import { useFormatter, useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { FetchError, fetchJson } from '@/lib/swr/fetcher';
import { chipStyle } from './label-chips';
import { useLabels, type LabelWithCount } from './use-labels';
import styles from './labels.module.css';

const PALETTE = ['#2e7d32', '#1565c0', '#c62828', '#6a1b9a', '#ef6c00', '#00838f', '#f9a825', '#5d4037'];

export function LabelsAdmin() {
  const t = useTranslations('labels.admin');
  const format = useFormatter();
  const { labels, error, mutate } = useLabels();
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const [newColor, setNewColor] = useState(PALETTE[0]!);

  async function run(action: () => Promise<unknown>, done: string, name?: string) {
    setMessage(null);
    try {
      await action();
      setMessage({ error: false, text: done });
    } catch (e) {
      const text = e instanceof FetchError && e.code === 'label_exists' && name ? t('exists', { name }) : e instanceof Error ? e.message : String(e);
      setMessage({ error: true, text });
    } finally {
      void mutate();
    }
  }

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get('name') ?? '');
    await run(async () => {
      await fetchJson('/api/labels', { method: 'POST', body: JSON.stringify({ name, color: newColor }) });
      form.reset();
      setNewColor(PALETTE[((labels?.length ?? 0) + 1) % PALETTE.length]!);
    }, t('added', { name: name.trim() }), name.trim());
  }

  function save(label: LabelWithCount, form: HTMLFormElement) {
    const values = new FormData(form);
    return run(
      () => fetchJson(`/api/labels/${label.id}`, { method: 'PATCH', body: JSON.stringify({ name: values.get('name'), color: values.get('color') }) }),
      t('saved'),
      String(values.get('name') ?? '').trim(),
    );
  }

  function remove(label: LabelWithCount) {
    if (!window.confirm(t('confirmDelete', { name: label.name, count: label.openConversations }))) return;
    return run(() => fetchJson(`/api/labels/${label.id}`, { method: 'DELETE' }), t('deleted', { name: label.name }));
  }

  return (
    <section className="page" aria-labelledby="labels-admin-title">
      <h2 id="labels-admin-title">{t('title')}</h2>
      <p className="muted">{t('intro')}</p>
      {error ? <p className="error">{error.message}</p> : null}
      {labels && labels.length === 0 ? <p className="muted">{t('empty')}</p> : null}
      {labels && labels.length > 0 ? (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('name')}</th>
              <th scope="col">{t('open')}</th>
              <th scope="col">{t('actions')}</th>
            </tr>
          </thead>
          <tbody>
            {labels.map((label) => (
              <tr key={`${label.id}:${label.name}:${label.color}`} className={styles.adminRow}>
                <td>
                  <form
                    id={`label-${label.id}`}
                    className={styles.addForm}
                    onSubmit={(e) => {
                      e.preventDefault();
                      void save(label, e.currentTarget);
                    }}
                  >
                    <input type="color" name="color" className={styles.swatch} aria-label={t('colorOf', { name: label.name })} defaultValue={label.color} />
                    <input name="name" className="input" aria-label={t('nameOf', { name: label.name })} defaultValue={label.name} maxLength={40} required />
                    <span className={styles.chip} style={chipStyle(label.color)}>
                      {label.name}
                    </span>
                  </form>
                </td>
                <td>{format.number(label.openConversations)}</td>
                <td>
                  <button type="submit" form={`label-${label.id}`} className="button">
                    {t('save')}
                  </button>{' '}
                  <button type="button" className="button" onClick={() => void remove(label)}>
                    {t('delete')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <h3>{t('add')}</h3>
      <form className={styles.addForm} onSubmit={add}>
        <label>
          {t('name')} <input name="name" className="input" required maxLength={40} />
        </label>
        <label>
          {t('color')}{' '}
          <input type="color" name="color" className={styles.swatch} value={newColor} onChange={(e) => setNewColor(e.target.value)} />
        </label>
        <button type="submit" className="button primary">
          {t('addButton')}
        </button>
      </form>
      {message ? (
        <p className={message.error ? 'error' : undefined} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      ) : null}
    </section>
  );
}
