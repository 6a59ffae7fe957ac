import { withUser } from '@/lib/http/with-user';
import { localeChange, setUserLocale } from '@/lib/i18n/user-locale';

export const dynamic = 'force-dynamic';

// PATCH /api/users/me - the signed-in user's own settings: {"locale": "nl" | "en"}
export const PATCH = withUser(async ({ user, body }) => ({ user: { id: user.id, ...(await setUserLocale(user.id, body.locale)) } }), {
  body: localeChange,
});
