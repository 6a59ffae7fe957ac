import { z } from 'zod';
import { changeMySettings, mySettings } from '@/lib/auth/settings';
import { withUser } from '@/lib/http/with-user';
import { publishCommitted } from '@/lib/live/events';

export const dynamic = 'force-dynamic';

// GET /api/users/me - the signed-in user's settings: available, locale, notification choices
export const GET = withUser(async ({ user }) => ({ user: await mySettings(user.id) }));

// PATCH /api/users/me {"available"?, "locale"?, "notifications"?} - any subset; an unknown key is 400
export const PATCH = withUser(
  async ({ user, body }) => {
    const settings = await changeMySettings(user.id, body);
    // Available or away shows in colleagues' assign lists.
    publishCommitted([{ type: 'users' }]);
    return { user: settings };
  },
  { body: z.unknown() },
);
