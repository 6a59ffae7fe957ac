import { withUser } from '@/lib/http/with-user';
import { eventStream } from '@/lib/live/stream';

export const dynamic = 'force-dynamic';

// GET /api/events - server-sent events: what changed, for every open dashboard
export const GET = withUser(async ({ request }) => eventStream(request.signal));
