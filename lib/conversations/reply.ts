// What a recruiter may send: free text, or an approved template with its values (the only
// thing WhatsApp takes outside the 24-hour window).
import { z } from 'zod';
import { DomainError } from '../errors';
import { approvedTemplates } from '../whatsapp/templates';
import type { OutboundContent } from '../whatsapp/outbound';

export const replyInput = z.union([
  z.object({ text: z.string().trim().min(1, 'Write a message first.').max(4096, 'WhatsApp allows at most 4096 characters.') }),
  z.object({
    template: z.object({
      name: z.string().min(1).max(512),
      language: z.string().min(2).max(16),
      parameters: z.array(z.string().trim().min(1, 'Fill in every field of the template.').max(1024)).max(20),
    }),
  }),
]);
export type ReplyInput = z.output<typeof replyInput>;

/** The message to queue for a reply; refuses a template that is not approved or lacks values. */
export async function replyContent(input: ReplyInput): Promise<OutboundContent> {
  if ('text' in input) return { type: 'text', body: input.text };
  const wanted = input.template;
  const template = (await approvedTemplates()).find((t) => t.name === wanted.name && t.language === wanted.language);
  if (!template) throw new DomainError('invalid', 'That template is not approved for this WhatsApp number.', { code: 'unknown_template' });
  if (wanted.parameters.length !== template.parameterCount) {
    throw new DomainError('invalid', `This template needs ${template.parameterCount} values.`, { code: 'template_parameters' });
  }
  return {
    type: 'template',
    name: template.name,
    language: template.language,
    category: template.category,
    components: template.parameterCount ? [{ type: 'body', parameters: wanted.parameters.map((text) => ({ type: 'text' as const, text })) }] : [],
  };
}
