import { z } from 'zod';
import { withAdmin } from '@/lib/http/with-user';
import { changeQuickReply, deleteQuickReply, quickReplyChange } from '@/lib/quick-replies/quick-replies';

export const dynamic = 'force-dynamic';

const params = z.object({ id: z.uuid() });
const notFound = 'There is no such quick reply.';

// PATCH /api/quick-replies/:id - change a quick reply (admins only)
export const PATCH = withAdmin(async ({ params, body }) => ({ quickReply: await changeQuickReply(params.id, body) }), { params, notFound, body: quickReplyChange });

// DELETE /api/quick-replies/:id - delete a quick reply (admins only)
export const DELETE = withAdmin(async ({ params }) => {
  await deleteQuickReply(params.id);
  return { ok: true };
}, { params, notFound });
