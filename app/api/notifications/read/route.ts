import { withUser } from '@/lib/http/with-user';
import { markRead } from '@/lib/notifications/inbox';
import { readBody } from '@/lib/notifications/schemas';

export const dynamic = 'force-dynamic';

// POST /api/notifications/read - {ids} | {conversationId} | {all: true}: mark my notifications read
export const POST = withUser(async ({ user, body }) => ({ ok: true, ...(await markRead(user.id, body)) }), { body: readBody });
