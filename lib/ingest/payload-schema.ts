// The zod schemas of the webhook payloads 360Dialog delivers (both generations); payload.ts
// normalises what they accept into one shape.
import { z } from 'zod';

export const id = z.string().trim().min(1).max(512);
const shortText = z.string().max(4096);
const epochSeconds = z.union([z.string().regex(/^\d{1,12}$/), z.number().int().nonnegative()]);

export const media = z.looseObject({
  id: id.optional(),
  link: z.string().max(4096).optional(),
  mime_type: z.string().max(255).optional(),
  sha256: z.string().max(255).optional(),
  caption: z.string().max(65536).optional(),
  filename: z.string().max(1024).optional(),
  voice: z.boolean().optional(),
});

// What each known message type must carry. A type not listed here is stored as unsupported.
export const typeBodies = {
  text: z.looseObject({ text: z.looseObject({ body: z.string().max(65536) }) }),
  image: z.looseObject({ image: media }),
  video: z.looseObject({ video: media }),
  audio: z.looseObject({ audio: media }),
  voice: z.looseObject({ voice: media }),
  document: z.looseObject({ document: media }),
  sticker: z.looseObject({ sticker: media }),
  location: z.looseObject({
    location: z.looseObject({
      latitude: z.coerce.number().min(-90).max(90),
      longitude: z.coerce.number().min(-180).max(180),
      name: z.string().max(1024).optional(),
      address: z.string().max(2048).optional(),
      url: z.string().max(4096).optional(),
    }),
  }),
  contacts: z.looseObject({
    contacts: z
      .array(
        z.looseObject({
          name: z.looseObject({ formatted_name: z.string().max(1024).optional() }).optional(),
          phones: z.array(z.looseObject({ phone: z.string().max(255).optional(), wa_id: z.string().max(255).optional() })).optional(),
        }),
      )
      .max(257),
  }),
  interactive: z.looseObject({
    interactive: z.looseObject({
      type: z.string().max(64),
      button_reply: z.looseObject({ id: z.string().max(1024), title: shortText }).optional(),
      list_reply: z
        .looseObject({ id: z.string().max(1024), title: shortText, description: shortText.optional() })
        .optional(),
    }),
  }),
  button: z.looseObject({ button: z.looseObject({ payload: z.string().max(4096).optional(), text: shortText }) }),
  reaction: z.looseObject({ reaction: z.looseObject({ message_id: id, emoji: z.string().max(64).optional() }) }),
  system: z.looseObject({
    system: z.looseObject({
      body: z.string().max(4096).optional(),
      type: z.string().max(64).optional(),
      wa_id: z.string().max(255).optional(),
      new_wa_id: z.string().max(255).optional(),
    }),
  }),
} as const;

export type KnownMessageType = keyof typeof typeBodies;
export const MEDIA_TYPES = new Set(['image', 'video', 'audio', 'voice', 'document', 'sticker']);

export const messageBase = z.looseObject({
  id,
  from: z.string().trim().min(1).max(255).optional(),
  from_user_id: z.string().trim().min(1).max(255).optional(),
  timestamp: epochSeconds,
  type: z.string().trim().min(1).max(64),
  context: z.looseObject({ from: z.string().max(255).optional(), id: z.string().max(512).optional() }).optional(),
});

const contact = z.looseObject({
  wa_id: z.string().trim().min(1).max(255).optional(),
  user_id: z.string().trim().min(1).max(255).optional(),
  profile: z.looseObject({ name: z.string().max(1024).optional(), username: z.string().max(255).optional() }).optional(),
});

const statusError = z.looseObject({
  code: z.coerce.number().int().optional(),
  title: z.string().max(1024).optional(),
  message: z.string().max(4096).optional(),
  details: z.string().max(4096).optional(),
  error_data: z.looseObject({ details: z.string().max(4096).optional() }).optional(),
});

export const status = z.looseObject({
  id,
  status: z.string().trim().min(1).max(64),
  timestamp: epochSeconds,
  recipient_id: z.string().max(255).optional(),
  recipient_user_id: z.string().max(255).optional(),
  conversation: z
    .looseObject({
      id: z.string().max(512).optional(),
      expiration_timestamp: epochSeconds.optional(),
      origin: z.looseObject({ type: z.string().max(64).optional() }).optional(),
    })
    .optional(),
  pricing: z
    .looseObject({
      pricing_model: z.string().max(64).optional(),
      category: z.string().max(64).optional(),
      type: z.string().max(64).optional(),
      billable: z.boolean().optional(),
    })
    .optional(),
  errors: z.array(statusError).max(50).optional(),
  // What the sender attached to the message (the outbox: the message's own id), echoed back.
  biz_opaque_callback_data: z.string().max(512).optional(),
});

const MAX_ITEMS = 1000;

export const messagesValue = z.looseObject({
  messaging_product: z.string().max(64).optional(),
  metadata: z
    .looseObject({ display_phone_number: z.string().max(64).optional(), phone_number_id: z.string().max(64).optional() })
    .optional(),
  contacts: z.array(contact).max(MAX_ITEMS).optional(),
  messages: z.array(messageBase).max(MAX_ITEMS).optional(),
  statuses: z.array(status).max(MAX_ITEMS).optional(),
  errors: z.array(statusError).max(50).optional(),
  // What the sender attached to the message (the outbox: the message's own id), echoed back.
  biz_opaque_callback_data: z.string().max(512).optional(),
});

export const cloudPayload = z.looseObject({
  object: z.string().max(128),
  entry: z
    .array(
      z.looseObject({
        id: z.string().max(128).optional(),
        changes: z.array(z.looseObject({ field: z.string().min(1).max(128), value: z.unknown() })).max(MAX_ITEMS),
      }),
    )
    .min(1)
    .max(MAX_ITEMS),
});

export const legacyPayload = messagesValue.refine(
  (value) => value.messages !== undefined || value.statuses !== undefined || value.errors !== undefined,
  { message: 'expected a Cloud API envelope ({object, entry}) or a legacy payload with messages or statuses' },
);
