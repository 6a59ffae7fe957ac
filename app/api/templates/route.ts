import { withUser } from '@/lib/http/with-user';
import { approvedTemplates } from '@/lib/whatsapp/templates';

export const dynamic = 'force-dynamic';

// GET /api/templates - the approved message templates of the WhatsApp number
export const GET = withUser(async () => ({ templates: await approvedTemplates() }));
