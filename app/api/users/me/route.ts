import { z } from 'zod';
import { changeMySettings, mySettings } from '@/lib/auth/settings';
import { withUser } from '@/lib/http/with-user';

export const dynamic = 'force-dynamic';

// GET /api/users/me - the signed-in user's settings: available, locale, notification choices
export const GET = withUser(async ({ user }) => ({ user: await mySettings(user.id) }));

// PATCH /api/users/me {"available"?, "locale"?, "notifications"?} - any subset; an unknown key is 400
export const PATCH = withUser(async ({ user, body }) => ({ user: await changeMySettings(user.id, body) }), { body: z.unknown() });
