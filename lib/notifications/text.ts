// The words of a notification, in the user's language (namespace `notifications`): the
// candidate's name and the reason, never what they wrote nor their number. Shared by the
// dashboard (components/notifications-center.tsx) and Web Push (lib/notifications/push.ts).
import { createTranslator } from 'next-intl';
import type { NotificationKind } from '../definitions';
import type { Locale } from '../i18n/locales';

type Messages = Record<string, unknown>;

export function notificationText(locale: Locale, messages: Messages, kind: NotificationKind, name: string | null): { title: string; body: string } {
  const t = createTranslator({ locale, messages: messages as never, namespace: 'notifications' as never }) as unknown as (
    key: string,
    values?: Record<string, string>,
  ) => string;
  return { title: t(`title.${kind}`), body: t(`body.${kind}`, { name: name ?? t('someone') }) };
}
