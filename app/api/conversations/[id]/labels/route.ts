import { z } from 'zod';
import { setConversationLabels } from '@/lib/labels/conversation-labels';
import { conversationLabelsInput } from '@/lib/labels/schemas';
import { withUser } from '@/lib/http/with-user';

export const dynamic = 'force-dynamic';

// PUT /api/conversations/:id/labels {"labels": ["<label id>", …]} - replaces the conversation's labels (anyone signed in)
export const PUT = withUser(async ({ params, body }) => setConversationLabels(params.id, body.labels), {
  params: z.object({ id: z.uuid() }),
  notFound: 'There is no such conversation.',
  body: conversationLabelsInput,
});
