import { withUser } from '@/lib/http/with-user';
import { markDelivered } from '@/lib/notifications/inbox';
import { deliveredBody } from '@/lib/notifications/schemas';

export const dynamic = 'force-dynamic';

// POST /api/notifications/delivered - {ids}: an open dashboard showed these, so no Web Push follows
export const POST = withUser(async ({ user, body }) => ({ ok: true, updated: await markDelivered(user.id, body.ids) }), { body: deliveredBody });
