import { z } from 'zod';
import { changeLabel, deleteLabel } from '@/lib/labels/manage-labels';
import { labelChange } from '@/lib/labels/schemas';
import { withAdmin } from '@/lib/http/with-user';

export const dynamic = 'force-dynamic';

const params = z.object({ id: z.uuid() });
const notFound = 'There is no such label.';

// PATCH /api/labels/:id {"name"?, "color"?} - rename or recolour a label (admins only)
export const PATCH = withAdmin(async ({ params, body }) => ({ label: await changeLabel(params.id, body) }), { params, notFound, body: labelChange });

// DELETE /api/labels/:id - delete a label, taking it off every conversation (admins only)
export const DELETE = withAdmin(async ({ params }) => ({ ok: true, ...(await deleteLabel(params.id)) }), { params, notFound });
