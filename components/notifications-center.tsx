'use client';

// The signed-in user's notifications while the dashboard is open: the bell in the top bar
// with the unread count (also in the tab's title: "(3) Inbox"), a browser notification with a
// chime for each new one (when the user allowed them), and the list. A notification arrives
// as a live event meant for this user only (app/api/events); the tab then reads the list
// (names are never in the event) and tells the server it showed it, so no Web Push follows.
// Clicking one opens its conversation; a conversation on screen has its notifications read.
import { useFormatter, useTranslations } from 'next-intl';
import { usePathname, useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import useSWR from 'swr';
import type { NotificationItem, NotificationKind } from '@/lib/definitions';
import { fetchJson } from '@/lib/swr/fetcher';
import { useLiveEvents, useLiveRefresh, type LiveChange } from '@/lib/swr/use-live-events';
import { useTicking } from './format';
import { NotificationSettings, subscribePush } from './notification-settings';
import { playChime, unlockSound } from './notification-sound';
import styles from './notifications.module.css';

interface NotificationList {
  notifications: NotificationItem[];
  unreadCount: number;
  prefs: Record<NotificationKind, boolean>;
}

const API = '/api/notifications';
const TITLE_COUNT = /^\(\d+\) /;

const post = (path: string, body: unknown) => fetchJson(path, { method: 'POST', body: JSON.stringify(body) });

/** Keeps "(n) " in front of whatever title the page has (Next.js sets it again on navigation). */
function useTitleCount(count: number) {
  useEffect(() => {
    const apply = () => {
      const base = document.title.replace(TITLE_COUNT, '');
      const wanted = count > 0 ? `(${count}) ${base}` : base;
      if (document.title !== wanted) document.title = wanted;
    };
    apply();
    const observer = new MutationObserver(apply);
    observer.observe(document.head, { childList: true, subtree: true, characterData: true });
    return () => observer.disconnect();
  }, [count]);
}

// Drawn here: the dashboard uses system fonts only, which may have no emoji.
function BellIcon() {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" style={{ verticalAlign: 'middle' }}>
      <path d="M6 16V11a6 6 0 0 1 12 0v5l2 2H4z" />
      <path d="M10 20a2 2 0 0 0 4 0" />
    </svg>
  );
}

export function NotificationsCenter({ isAdmin }: { isAdmin: boolean }) {
  const t = useTranslations('notifications');
  const format = useFormatter();
  const now = useTicking(30_000);
  const router = useRouter();
  const pathname = usePathname();
  useLiveEvents();
  const { data, mutate } = useSWR<NotificationList>(API, fetchJson);
  const [open, setOpen] = useState(false);
  const [settings, setSettings] = useState(false);
  // Ids this tab knows of: the first list is history, only later ones are announced.
  const known = useRef<Set<string> | null>(null);

  const mine = useCallback((change: LiveChange) => change.type === 'notification' || change.type === 'notifications_read', []);
  const refresh = useCallback(() => void mutate(), [mutate]);
  useLiveRefresh(mine, refresh);

  const text = useCallback(
    (item: NotificationItem) => ({ title: t(`title.${item.kind}`), body: t(`body.${item.kind}`, { name: item.name ?? t('someone') }) }),
    [t],
  );

  const openConversation = useCallback(
    (conversationId: string) => {
      setOpen(false);
      router.push(`/conversations/${conversationId}`);
      void post(`${API}/read`, { conversationId }).then(() => mutate());
    },
    [router, mutate],
  );

  // New notifications: a browser notification and a chime, then "shown" for the server.
  useEffect(() => {
    if (!data) return;
    if (known.current === null) {
      known.current = new Set(data.notifications.map((item) => item.id));
      return;
    }
    const fresh = data.notifications.filter((item) => !known.current!.has(item.id) && item.readAt === null);
    for (const item of data.notifications) known.current.add(item.id);
    if (fresh.length === 0) return;
    playChime();
    if (typeof window !== 'undefined' && 'Notification' in window && Notification.permission === 'granted') {
      for (const item of fresh) {
        const { title, body } = text(item);
        const shown = new Notification(title, { body, tag: `conversation-${item.conversationId}` });
        shown.onclick = () => {
          window.focus();
          openConversation(item.conversationId);
          shown.close();
        };
      }
    }
    void post(`${API}/delivered`, { ids: fresh.map((item) => item.id) }).catch(() => {});
  }, [data, text, openConversation]);

  // The conversation on screen: its notifications are read.
  const onScreen = /^\/conversations\/([0-9a-f-]{36})$/i.exec(pathname)?.[1];
  const unreadHere = onScreen !== undefined && data?.notifications.some((item) => item.conversationId === onScreen && item.readAt === null);
  useEffect(() => {
    if (onScreen && unreadHere) void post(`${API}/read`, { conversationId: onScreen }).then(() => mutate());
  }, [onScreen, unreadHere, mutate]);

  // A browser that allowed notifications before gets Web Push without asking again.
  useEffect(() => {
    if (typeof window !== 'undefined' && 'Notification' in window && Notification.permission === 'granted') void subscribePush().catch(() => {});
  }, []);

  const unread = data?.unreadCount ?? 0;
  useTitleCount(unread);

  return (
    <div className={styles.bell}>
      <button
        type="button"
        className="button ghost"
        aria-expanded={open}
        aria-label={`${t('bell')}: ${t('bellUnread', { count: unread })}`}
        onClick={() => {
          unlockSound();
          setOpen(!open);
        }}
      >
        <BellIcon />
        {unread > 0 && <span className={styles.count} data-testid="notification-count">{unread}</span>}
      </button>
      {open && (
        <div className={styles.panel} role="dialog" aria-label={t('bell')}>
          <div className={styles.head}>
            <h2>{t('bell')}</h2>
            <span className={styles.tools}>
              <button type="button" className="button ghost" onClick={() => void post(`${API}/read`, { all: true }).then(() => mutate())}>
                {t('markAllRead')}
              </button>
              <button type="button" className="button ghost" aria-expanded={settings} onClick={() => setSettings(!settings)}>
                <span aria-hidden="true">{t('settingsButton')}</span>
                <span className="sr-only">{t('settings')}</span>
              </button>
            </span>
          </div>
          {settings && data && <NotificationSettings prefs={data.prefs} isAdmin={isAdmin} onSaved={refresh} />}
          {data && data.notifications.length === 0 && <p className="empty">{t('empty')}</p>}
          <ul className={styles.list}>
            {data?.notifications.map((item) => {
              const { title, body } = text(item);
              return (
                <li key={item.id}>
                  <button type="button" className={`${styles.entry} ${item.readAt ? '' : styles.unread}`} onClick={() => openConversation(item.conversationId)}>
                    <span>{title}</span>
                    <span className={styles.reason}>{body}</span>
                    <time dateTime={item.createdAt}>{format.relativeTime(new Date(item.createdAt), now)}</time>
                  </button>
                </li>
              );
            })}
          </ul>
        </div>
      )}
    </div>
  );
}
