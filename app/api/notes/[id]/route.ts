import { z } from 'zod';
import { withUser } from '@/lib/http/with-user';
import { deleteNote, editNote, noteInput } from '@/lib/notes/notes';

export const dynamic = 'force-dynamic';

const params = z.object({ id: z.uuid() });
const notFound = 'There is no such note.';

// PATCH /api/notes/:id - the author changes a note's text {body}
export const PATCH = withUser(async ({ user, params, body }) => ({ note: await editNote(params.id, user, body) }), { params, notFound, body: noteInput });

// DELETE /api/notes/:id - the author deletes a note
export const DELETE = withUser(async ({ user, params }) => {
  await deleteNote(params.id, user);
  return { ok: true };
}, { params, notFound });
