// The zod schemas of the webhook payloads 360Dialog delivers (both generations); payload.ts
// normalises what they accept into one shape. Optional fields may also be null: WhatsApp
// sends `"payload": null` and the like.
import { z } from 'zod';

export const id = z.string().trim().min(1).max(512);
const shortText = z.string().max(4096);
const epochSeconds = z.union([z.string().regex(/^\d{1,12}$/), z.number().int().nonnegative()]);

export const media = z.looseObject({
  id: id.nullish(),
  link: z.string().max(4096).nullish(),
  mime_type: z.string().max(255).nullish(),
  sha256: z.string().max(255).nullish(),
  caption: z.string().max(65536).nullish(),
  filename: z.string().max(1024).nullish(),
  voice: z.boolean().nullish(),
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
      name: z.string().max(1024).nullish(),
      address: z.string().max(2048).nullish(),
      url: z.string().max(4096).nullish(),
    }),
  }),
  contacts: z.looseObject({
    contacts: z
      .array(
        z.looseObject({
          name: z.looseObject({ formatted_name: z.string().max(1024).nullish() }).nullish(),
          phones: z.array(z.looseObject({ phone: z.string().max(255).nullish(), wa_id: z.string().max(255).nullish() })).nullish(),
        }),
      )
      .max(257),
  }),
  interactive: z.looseObject({
    interactive: z.looseObject({
      type: z.string().max(64),
      button_reply: z.looseObject({ id: z.string().max(1024), title: shortText }).nullish(),
      list_reply: z
        .looseObject({ id: z.string().max(1024), title: shortText, description: shortText.nullish() })
        .nullish(),
    }),
  }),
  button: z.looseObject({ button: z.looseObject({ payload: z.string().max(4096).nullish(), text: shortText }) }),
  reaction: z.looseObject({ reaction: z.looseObject({ message_id: id, emoji: z.string().max(64).nullish() }) }),
  system: z.looseObject({
    system: z.looseObject({
      body: z.string().max(4096).nullish(),
      type: z.string().max(64).nullish(),
      wa_id: z.string().max(255).nullish(),
      new_wa_id: z.string().max(255).nullish(),
    }),
  }),
} as const;

export type KnownMessageType = keyof typeof typeBodies;
export const MEDIA_TYPES = new Set(['image', 'video', 'audio', 'voice', 'document', 'sticker']);

// What every message has; the sender (`from`, `from_user_id`, or the only contact) and the
// timestamp are read by payload.ts, which tolerates them empty, missing or impossible.
export const messageBase = z.looseObject({
  id,
  from: z.string().max(255).nullish(),
  from_user_id: z.string().max(255).nullish(),
  timestamp: z.unknown(),
  type: z.string().trim().min(1).max(64),
  context: z.looseObject({ from: z.string().max(255).nullish(), id: z.string().max(512).nullish() }).nullish(),
  group_id: z.string().max(512).nullish(),
});

export const contact = z.looseObject({
  wa_id: z.string().max(255).nullish(),
  user_id: z.string().max(255).nullish(),
  profile: z.looseObject({ name: z.string().max(1024).nullish(), username: z.string().max(255).nullish() }).nullish(),
});

const statusError = z.looseObject({
  code: z.union([z.number(), z.string()]).nullish(),
  title: z.string().max(1024).nullish(),
  message: z.string().max(4096).nullish(),
  details: z.string().max(4096).nullish(),
  error_data: z.looseObject({ details: z.string().max(4096).nullish() }).nullish(),
});

export const status = z.looseObject({
  id,
  status: z.string().trim().min(1).max(64),
  timestamp: z.unknown(),
  recipient_id: z.string().max(255).nullish(),
  recipient_user_id: z.string().max(255).nullish(),
  conversation: z
    .looseObject({
      id: z.string().max(512).nullish(),
      expiration_timestamp: epochSeconds.nullish().catch(null),
      origin: z.looseObject({ type: z.string().max(64).nullish() }).nullish(),
    })
    .nullish()
    .catch(null),
  pricing: z
    .looseObject({
      pricing_model: z.string().max(64).nullish(),
      category: z.string().max(64).nullish(),
      type: z.string().max(64).nullish(),
      billable: z.boolean().nullish(),
    })
    .nullish()
    .catch(null),
  errors: z.array(statusError).max(50).nullish().catch(null),
  // What the sender attached to the message (the outbox: the message's own id), echoed back.
  biz_opaque_callback_data: z.string().max(512).nullish().catch(null),
});

export const MAX_ITEMS = 1000;

// The envelope: what makes a body a WhatsApp payload at all. What is inside a change is read
// item by item (payload.ts), so that one item WhatsApp shaped differently never costs the rest.
export const cloudPayload = z.looseObject({
  object: z.string().max(128),
  entry: z.array(z.unknown()).min(1).max(MAX_ITEMS),
});
