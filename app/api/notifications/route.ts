import { withUser } from '@/lib/http/with-user';
import { listNotifications } from '@/lib/notifications/inbox';

export const dynamic = 'force-dynamic';

// GET /api/notifications - my notifications, newest first (at most 50), and how many are unread
export const GET = withUser(async ({ user }) => listNotifications(user.id));
