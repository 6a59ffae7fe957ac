// next-intl's request configuration (wired in next.config.js): the signed-in user's own
// language, else the agency's DASHBOARD_LOCALE. No locale in the URL: a recruiter's choice is
// stored on their account (PATCH /api/users/me).
import { getRequestConfig } from 'next-intl/server';
import { cache } from 'react';
import { sessionUser } from '../auth/page-session';
import { db } from '../db/client';
import { env } from '../env';
import { isLocale, type Locale } from './locales';
import { messagesFor } from './messages';

/** The dashboard's language for this request. */
export const requestLocale = cache(async (): Promise<Locale> => {
  const user = await sessionUser().catch(() => null);
  if (user) {
    const row = await db().user.findUnique({ where: { id: user.id }, select: { locale: true } });
    if (isLocale(row?.locale)) return row.locale;
  }
  return env().DASHBOARD_LOCALE;
});

export default getRequestConfig(async () => {
  const locale = await requestLocale();
  return {
    locale,
    messages: messagesFor(locale),
    // The agency is in the Netherlands/Belgium; every user sees its times.
    timeZone: 'Europe/Amsterdam',
    // The request's time, which the browser's first render also uses (components/format.ts).
    now: new Date(),
  };
});
