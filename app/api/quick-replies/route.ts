import { jsonResponse } from '@/lib/http/responses';
import { withAdmin, withUser } from '@/lib/http/with-user';
import { createQuickReply, listQuickReplies, quickReplyInput, quickReplyQuery } from '@/lib/quick-replies/quick-replies';

export const dynamic = 'force-dynamic';

// GET /api/quick-replies?q=&language=&conversation= - search the quick replies; with a conversation, filled in for it
export const GET = withUser(async ({ user, query }) => ({ quickReplies: await listQuickReplies(query, user) }), { query: quickReplyQuery });

// POST /api/quick-replies - a new quick reply {shortcut, language, title, body} (admins only)
export const POST = withAdmin(async ({ user, body }) => jsonResponse({ quickReply: await createQuickReply(body, user) }, 201), { body: quickReplyInput });
