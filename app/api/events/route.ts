import { withUser } from '@/lib/http/with-user';
import { eventStream } from '@/lib/live/stream';

export const dynamic = 'force-dynamic';

// GET /api/events - server-sent events: what changed, for every open dashboard (a notification only to its user's)
export const GET = withUser(async ({ request, user }) => eventStream(request.signal, user.id));
