import { z } from 'zod';
import { ApiError, handleApiError, jsonResponse } from '@/lib/http/errors';
import { listMessages } from '@/lib/conversations/read-model';
import { db } from '@/lib/db/client';
import { ConversationConflictError, ConversationNotFoundError, sendReply } from '@/lib/conversations/transitions';
import { OutboxError } from '@/lib/outbox/queue';
import { requireUser } from '@/lib/auth/session';
import { approvedTemplates } from '@/lib/whatsapp/templates';
import type { OutboundContent } from '@/lib/whatsapp/outbound';

export const dynamic = 'force-dynamic';

const idParam = z.uuid();

// GET /api/conversations/:id/messages?before= - the timeline, oldest first
export async function GET(request: Request, props: { params: Promise<{ id: string }> }) {
  try {
    await requireUser();
    const id = idParam.safeParse((await props.params).id);
    if (!id.success || !(await db().conversation.findUnique({ where: { id: id.data }, select: { id: true } }))) {
      throw new ApiError(404, 'not_found', 'There is no such conversation.');
    }
    const before = new URL(request.url).searchParams.get('before');
    const beforeSeq = before && /^\d{1,19}$/.test(before) ? BigInt(before) : undefined;
    return jsonResponse(await listMessages(id.data, { beforeSeq }));
  } catch (error) {
    return handleApiError(error, { route: 'GET /api/conversations/:id/messages' });
  }
}

const reply = z.union([
  z.object({ text: z.string().trim().min(1, 'Write a message first.').max(4096, 'WhatsApp allows at most 4096 characters.') }),
  z.object({
    template: z.object({
      name: z.string().min(1).max(512),
      language: z.string().min(2).max(16),
      parameters: z.array(z.string().trim().min(1, 'Fill in every field of the template.').max(1024)).max(20),
    }),
  }),
]);

// POST /api/conversations/:id/messages - a recruiter's reply (text, or a template outside the 24-hour window)
export async function POST(request: Request, props: { params: Promise<{ id: string }> }) {
  try {
    const user = await requireUser();
    const id = idParam.safeParse((await props.params).id);
    if (!id.success) throw new ApiError(404, 'not_found', 'There is no such conversation.');
    let body: unknown;
    try {
      body = await request.json();
    } catch {
      throw new ApiError(400, 'malformed_json', 'The body is not valid JSON.');
    }
    const input = reply.parse(body);
    let content: OutboundContent;
    if ('text' in input) {
      content = { type: 'text', body: input.text };
    } else {
      const template = (await approvedTemplates()).find((t) => t.name === input.template.name && t.language === input.template.language);
      if (!template) throw new ApiError(422, 'unknown_template', 'That template is not approved for this WhatsApp number.');
      if (input.template.parameters.length !== template.parameterCount) {
        throw new ApiError(422, 'template_parameters', `This template needs ${template.parameterCount} values.`);
      }
      content = {
        type: 'template',
        name: template.name,
        language: template.language,
        category: template.category,
        components: template.parameterCount
          ? [{ type: 'body', parameters: input.template.parameters.map((text) => ({ type: 'text' as const, text })) }]
          : [],
      };
    }
    const message = await sendReply(id.data, user, content);
    return jsonResponse({ ok: true, id: message.id }, 201);
  } catch (error) {
    if (error instanceof ConversationNotFoundError) return handleApiError(new ApiError(404, 'not_found', error.message));
    if (error instanceof ConversationConflictError) {
      return handleApiError(new ApiError(409, 'conflict', error.message, error.holder ? { holder: error.holder } : undefined));
    }
    if (error instanceof OutboxError) {
      const status = error.code === 'window_closed' ? 409 : 422;
      return handleApiError(new ApiError(status, error.code, error.message));
    }
    return handleApiError(error, { route: 'POST /api/conversations/:id/messages' });
  }
}
