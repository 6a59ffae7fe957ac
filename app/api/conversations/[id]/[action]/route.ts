import { z } from 'zod';
import type { SessionUser } from '@/lib/auth/session';
import { markRead } from '@/lib/conversations/read-model';
import { handBack, reopen, resolve, takeOver } from '@/lib/conversations/transitions';
import { withUser } from '@/lib/http/with-user';

export const dynamic = 'force-dynamic';

const params = z.object({ id: z.uuid(), action: z.enum(['takeover', 'handback', 'resolve', 'reopen', 'read']) });

const ACTIONS: Record<z.output<typeof params>['action'], (id: string, user: SessionUser) => Promise<object>> = {
  takeover: takeOver,
  handback: handBack,
  resolve: (id, user) => resolve(id, user).then(() => ({})),
  reopen: (id, user) => reopen(id, user).then(() => ({})),
  read: (id) => markRead(id).then(() => ({})),
};

// POST /api/conversations/:id/(takeover|handback|resolve|reopen|read) - who talks to the candidate; mark as read
export const POST = withUser(async ({ user, params: { id, action } }) => ({ ok: true, ...(await ACTIONS[action](id, user)) }), {
  params,
  notFound: 'There is no such conversation or action.',
});
