// A user's own dashboard language (users.locale): what lib/i18n/request.ts reads on every
// request, so the choice follows them to every device and the next sign-in.
import { z } from 'zod';
import { db } from '../db/client';
import { LOCALES, type Locale } from './locales';

export const localeChange = z.object({ locale: z.enum(LOCALES) }).strict();

export async function setUserLocale(userId: string, locale: Locale): Promise<{ locale: Locale }> {
  await db().user.update({ where: { id: userId }, data: { locale } });
  return { locale };
}
