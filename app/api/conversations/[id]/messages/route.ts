import { z } from 'zod';
import { timeline, timelineQuery } from '@/lib/conversations/read-model';
import { replyContent, replyInput } from '@/lib/conversations/reply';
import { sendReply } from '@/lib/conversations/transitions';
import { jsonResponse } from '@/lib/http/responses';
import { withUser } from '@/lib/http/with-user';

export const dynamic = 'force-dynamic';

const params = z.object({ id: z.uuid() });
const notFound = 'There is no such conversation.';

// GET /api/conversations/:id/messages?before= - the timeline, oldest first
export const GET = withUser(async ({ params, query }) => timeline(params.id, query.before), { params, notFound, query: timelineQuery });

// POST /api/conversations/:id/messages - a recruiter's reply (text, or a template outside the 24-hour window)
export const POST = withUser(
  async ({ user, params, body }) => {
    const message = await sendReply(params.id, user, await replyContent(body));
    // `assignee`: who has the conversation after the reply (a colleague's stays theirs).
    return jsonResponse({ ok: true, id: message.id, assignee: message.assignee }, 201);
  },
  { params, notFound, body: replyInput },
);
