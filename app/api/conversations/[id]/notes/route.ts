import { z } from 'zod';
import { jsonResponse } from '@/lib/http/responses';
import { withUser } from '@/lib/http/with-user';
import { createNote, listNotes, noteInput } from '@/lib/notes/notes';

export const dynamic = 'force-dynamic';

const params = z.object({ id: z.uuid() });
const notFound = 'There is no such conversation.';

// GET /api/conversations/:id/notes - the internal notes, oldest first, and who can be mentioned
export const GET = withUser(async ({ user, params }) => listNotes(params.id, user), { params, notFound });

// POST /api/conversations/:id/notes - an internal note {body}; never sent to WhatsApp
export const POST = withUser(async ({ user, params, body }) => jsonResponse({ note: await createNote(params.id, user, body) }, 201), {
  params,
  notFound,
  body: noteInput,
});
