'use client';

// What this user is notified of (PATCH /api/users/me {"notifications": {...}}), and this
// browser's permission: notifications while the dashboard is open, Web Push (public/sw.js)
// while it is closed. Permission is asked from the button, never on page load.
import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import type { NotificationKind } from '@/lib/definitions';
import { fetchJson } from '@/lib/swr/fetcher';
import { unlockSound } from './notification-sound';
import styles from './notifications.module.css';

const KINDS: NotificationKind[] = ['assigned', 'candidate_wrote', 'window_closing', 'mention', 'unassigned'];

type Permission = NotificationPermission | 'unsupported';

function currentPermission(): Permission {
  return typeof window !== 'undefined' && 'Notification' in window ? Notification.permission : 'unsupported';
}

function toBase64Url(buffer: ArrayBuffer): string {
  return btoa(String.fromCharCode(...new Uint8Array(buffer))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Signing out: this browser stops getting the user's pushes (a shared computer would show
 * the next person whose candidates wrote). Never in the way of signing out.
 */
export async function forgetThisBrowser(): Promise<void> {
  try {
    const registration = await navigator.serviceWorker?.getRegistration('/');
    const subscription = await registration?.pushManager.getSubscription();
    if (!subscription) return;
    await fetchJson('/api/push/subscriptions', { method: 'DELETE', body: JSON.stringify({ endpoint: subscription.endpoint }) }).catch(() => {});
    await subscription.unsubscribe();
  } catch {
    // nothing subscribed, or no service workers here
  }
}

/** Subscribes this browser to Web Push when the server sends it; false when it cannot. */
export async function subscribePush(): Promise<boolean> {
  if (!('serviceWorker' in navigator) || !('PushManager' in window)) return false;
  const { publicKey } = await fetchJson<{ publicKey: string | null }>('/api/push/subscriptions');
  if (!publicKey) return false;
  const registration = await navigator.serviceWorker.register('/sw.js');
  await navigator.serviceWorker.ready;
  let subscription = await registration.pushManager.getSubscription();
  // Made with a key the server no longer has (the keys were replaced): subscribe anew.
  const key = subscription?.options.applicationServerKey;
  if (subscription && key && toBase64Url(key) !== publicKey) {
    await subscription.unsubscribe();
    subscription = null;
  }
  subscription ??= await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: publicKey });
  await fetchJson('/api/push/subscriptions', { method: 'POST', body: JSON.stringify(subscription.toJSON()) });
  return true;
}

export function NotificationSettings({ prefs, isAdmin, onSaved }: { prefs: Record<NotificationKind, boolean>; isAdmin: boolean; onSaved: () => void }) {
  const t = useTranslations('notifications');
  const [choices, setChoices] = useState(prefs);
  const [permission, setPermission] = useState<Permission>('default');
  const [push, setPush] = useState<boolean | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  useEffect(() => setPermission(currentPermission()), []);
  useEffect(() => setChoices(prefs), [prefs]);

  const enable = async () => {
    unlockSound();
    if (permission === 'unsupported') return;
    const answer = await Notification.requestPermission();
    setPermission(answer);
    if (answer === 'granted') setPush(await subscribePush().catch(() => false));
  };

  const save = async () => {
    setStatus(null);
    try {
      await fetchJson('/api/users/me', { method: 'PATCH', body: JSON.stringify({ notifications: choices }) });
      setStatus(t('saved'));
      onSaved();
    } catch (error) {
      setStatus(t('saveFailed', { message: error instanceof Error ? error.message : String(error) }));
    }
  };

  return (
    <section className={styles.settings} aria-label={t('settings')}>
      <h3>{t('browser')}</h3>
      {permission === 'granted' ? (
        <p className="small">{t('enabled')}</p>
      ) : permission === 'denied' ? (
        <p className="small">{t('denied')}</p>
      ) : permission === 'unsupported' ? (
        <p className="small">{t('unsupported')}</p>
      ) : (
        <button type="button" className="button primary" onClick={enable}>
          {t('enable')}
        </button>
      )}
      {push !== null && <p className="small muted">{push ? t('pushOn') : t('pushOff')}</p>}
      <h3>{t('settings')}</h3>
      <p className="small muted">{t('settingsIntro')}</p>
      {KINDS.filter((kind) => kind !== 'unassigned' || isAdmin).map((kind) => (
        <label key={kind}>
          <input type="checkbox" checked={choices[kind]} onChange={(event) => setChoices({ ...choices, [kind]: event.target.checked })} />
          {t(`kind.${kind}`)}
        </label>
      ))}
      <div>
        <button type="button" className="button" onClick={save}>
          {t('save')}
        </button>
      </div>
      {status && (
        <p className="small" role="status">
          {status}
        </p>
      )}
    </section>
  );
}
