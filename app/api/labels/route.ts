import { createLabel } from '@/lib/labels/manage-labels';
import { listLabels } from '@/lib/labels/list-labels';
import { newLabelInput } from '@/lib/labels/schemas';
import { jsonResponse } from '@/lib/http/responses';
import { withAdmin, withUser } from '@/lib/http/with-user';

export const dynamic = 'force-dynamic';

// GET /api/labels - every label with its colour and how many open conversations carry it
export const GET = withUser(async () => ({ labels: await listLabels() }));

// POST /api/labels {"name", "color": "#RRGGBB"} - a new label (admins only; 409 for a name that exists in any case)
export const POST = withAdmin(async ({ body }) => jsonResponse({ label: await createLabel(body) }, 201), { body: newLabelInput });
