// What our side can send, validated against WhatsApp's limits before it is queued, and
// turned into the Cloud API request body of `POST /messages`.
import { z } from 'zod';

const replyTo = z.string().min(1).max(512).optional();
const mediaSource = {
  id: z.string().min(1).max(512).optional(),
  link: z.url({ protocol: /^https?$/ }).max(2048).optional(),
};
const hasSource = (value: { id?: string; link?: string }) => Boolean(value.id) !== Boolean(value.link);
const sourceMessage = { message: 'give exactly one of id (an uploaded media id) or link (an https URL)' };

export const textContent = z.object({
  type: z.literal('text'),
  body: z.string().trim().min(1, 'the message is empty').max(4096, 'WhatsApp allows at most 4096 characters'),
  previewUrl: z.boolean().optional(),
  replyTo,
});

export const mediaContent = z
  .object({
    type: z.enum(['image', 'video', 'audio', 'document', 'sticker']),
    ...mediaSource,
    caption: z.string().max(1024).optional(),
    filename: z.string().max(240).optional(),
    replyTo,
  })
  .refine(hasSource, sourceMessage)
  .refine((m) => m.caption === undefined || !['audio', 'sticker'].includes(m.type), {
    message: 'audio and stickers cannot have a caption',
  })
  .refine((m) => m.filename === undefined || m.type === 'document', { message: 'only documents have a filename' });

const templateParameter = z.union([
  z.object({ type: z.literal('text'), text: z.string().min(1).max(1024) }),
  z.object({ type: z.enum(['image', 'video', 'document']), ...mediaSource }).refine(hasSource, sourceMessage),
  z.object({ type: z.literal('payload'), payload: z.string().min(1).max(256) }),
]);

export const templateContent = z.object({
  type: z.literal('template'),
  name: z.string().min(1).max(512),
  language: z.string().min(2).max(16),
  components: z
    .array(
      z.object({
        type: z.enum(['header', 'body', 'button']),
        sub_type: z.enum(['quick_reply', 'url']).optional(),
        index: z.union([z.string(), z.number()]).optional(),
        parameters: z.array(templateParameter).max(20),
      }),
    )
    .max(10)
    .default([]),
  /** The template's category as approved (marketing, utility, authentication): it decides the price. */
  category: z.string().max(32).optional(),
});

const header = z.string().max(60).optional();
const footer = z.string().max(60).optional();

export const buttonsContent = z.object({
  type: z.literal('buttons'),
  body: z.string().trim().min(1).max(1024),
  header,
  footer,
  buttons: z
    .array(z.object({ id: z.string().min(1).max(256), title: z.string().trim().min(1).max(20) }))
    .min(1)
    .max(3, 'WhatsApp allows at most 3 reply buttons'),
  replyTo,
});

export const listContent = z.object({
  type: z.literal('list'),
  body: z.string().trim().min(1).max(4096),
  header,
  footer,
  button: z.string().trim().min(1).max(20),
  sections: z
    .array(
      z.object({
        title: z.string().max(24).optional(),
        rows: z
          .array(
            z.object({
              id: z.string().min(1).max(200),
              title: z.string().trim().min(1).max(24),
              description: z.string().max(72).optional(),
            }),
          )
          .min(1),
      }),
    )
    .min(1)
    .max(10)
    .refine((sections) => sections.reduce((n, s) => n + s.rows.length, 0) <= 10, {
      message: 'WhatsApp allows at most 10 rows in a list',
    }),
  replyTo,
});

/** Asks the candidate to share a location: WhatsApp shows the body and a "Send location" button. */
export const locationRequestContent = z.object({
  type: z.literal('location_request'),
  body: z.string().trim().min(1, 'the message is empty').max(1024, 'WhatsApp allows at most 1024 characters'),
  replyTo,
});

export const outboundContent = z.union([
  textContent,
  mediaContent,
  templateContent,
  buttonsContent,
  listContent,
  locationRequestContent,
]);
export type OutboundContent = z.infer<typeof outboundContent>;

/** Free-form content: allowed only inside the 24-hour customer-service window. */
export function isFreeForm(content: OutboundContent): boolean {
  return content.type !== 'template';
}

/** The short text kept on the message row (timeline, search, preview). */
export function summary(content: OutboundContent): string | null {
  switch (content.type) {
    case 'text':
      return content.body;
    case 'buttons':
    case 'list':
    case 'location_request':
      return content.body;
    case 'template': {
      const texts = content.components.flatMap((c) =>
        c.parameters.flatMap((p) => (p.type === 'text' ? [p.text] : [])),
      );
      return texts.length > 0 ? `${content.name}: ${texts.join(', ')}` : content.name;
    }
    default:
      return content.caption ?? content.filename ?? null;
  }
}

/**
 * The request body for `POST /messages` of the Cloud API. A phone number goes in `to`; a
 * candidate known only by their business-scoped user id (BSUID) is addressed with
 * `recipient` instead (the Cloud API takes one or the other).
 */
export function toApiPayload(to: string, content: OutboundContent): Record<string, unknown> {
  const address = /^\+?\d+$/.test(to.trim()) ? { to } : { recipient: to };
  const base: Record<string, unknown> = { messaging_product: 'whatsapp', recipient_type: 'individual', ...address };
  const context = 'replyTo' in content && content.replyTo ? { context: { message_id: content.replyTo } } : {};
  switch (content.type) {
    case 'text':
      return { ...base, ...context, type: 'text', text: { body: content.body, preview_url: content.previewUrl ?? false } };
    case 'image':
    case 'video':
    case 'audio':
    case 'document':
    case 'sticker': {
      const media: Record<string, unknown> = content.id ? { id: content.id } : { link: content.link };
      if (content.caption) media.caption = content.caption;
      if (content.filename) media.filename = content.filename;
      return { ...base, ...context, type: content.type, [content.type]: media };
    }
    case 'template':
      return {
        ...base,
        type: 'template',
        template: {
          name: content.name,
          language: { code: content.language },
          components: content.components.map((component) => ({
            ...component,
            parameters: component.parameters.map((p) =>
              p.type === 'image' || p.type === 'video' || p.type === 'document'
                ? { type: p.type, [p.type]: p.id ? { id: p.id } : { link: p.link } }
                : p,
            ),
          })),
        },
      };
    case 'buttons':
      return {
        ...base,
        ...context,
        type: 'interactive',
        interactive: {
          type: 'button',
          ...(content.header ? { header: { type: 'text', text: content.header } } : {}),
          body: { text: content.body },
          ...(content.footer ? { footer: { text: content.footer } } : {}),
          action: { buttons: content.buttons.map((b) => ({ type: 'reply', reply: { id: b.id, title: b.title } })) },
        },
      };
    case 'list':
      return {
        ...base,
        ...context,
        type: 'interactive',
        interactive: {
          type: 'list',
          ...(content.header ? { header: { type: 'text', text: content.header } } : {}),
          body: { text: content.body },
          ...(content.footer ? { footer: { text: content.footer } } : {}),
          action: { button: content.button, sections: content.sections },
        },
      };
    case 'location_request':
      return {
        ...base,
        ...context,
        type: 'interactive',
        interactive: { type: 'location_request_message', body: { text: content.body }, action: { name: 'send_location' } },
      };
  }
}
