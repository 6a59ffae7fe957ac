// Webhook payloads shaped exactly like the examples in Meta's WhatsApp Cloud API webhook
// reference and 360Dialog's documentation (the legacy shape is the seed document's).
// Used by `npm run webhook:send` and by the tests.
import { randomBytes } from 'node:crypto';

export const EXAMPLE_MESSAGE_TYPES = [
  'text',
  'image',
  'document',
  'audio',
  'voice',
  'video',
  'sticker',
  'location',
  'contacts',
  'button_reply',
  'list_reply',
  'button',
  'reaction',
  'system',
  'unsupported',
  'unknown',
] as const;
export type ExampleMessageType = (typeof EXAMPLE_MESSAGE_TYPES)[number];

export interface ExampleOptions {
  from?: string;
  name?: string;
  text?: string;
  wamid?: string;
  timestamp?: number;
  /** The wamid a reaction or a reply refers to. */
  refersTo?: string;
  /** The id of the button or list row tapped (button_reply, list_reply, button). */
  replyId?: string;
  /** The place a `location` message shares (a dropped pin has no name or address). */
  location?: { latitude: number; longitude: number; name?: string; address?: string };
}

export function newWamid(): string {
  return `wamid.${randomBytes(24).toString('base64')}`;
}

const media = (mime: string, extra: Record<string, unknown> = {}) => ({
  id: randomBytes(8).readBigUInt64BE().toString(),
  mime_type: mime,
  sha256: randomBytes(32).toString('base64'),
  ...extra,
});

/** One entry of `messages[]` as WhatsApp sends it. */
export function exampleMessage(type: ExampleMessageType, options: ExampleOptions = {}): Record<string, unknown> {
  const base = {
    from: options.from ?? '31612345678',
    id: options.wamid ?? newWamid(),
    timestamp: String(options.timestamp ?? Math.floor(Date.now() / 1000)),
  };
  const text = options.text;
  switch (type) {
    case 'text':
      return { ...base, type, text: { body: text ?? 'Hoi! Ik ben op zoek naar een baan als kapper' } };
    case 'image':
      return { ...base, type, image: media('image/jpeg', { caption: text ?? 'Mijn diploma' }) };
    case 'document':
      return { ...base, type, document: media('application/pdf', { caption: text ?? 'Mijn CV', filename: 'cv.pdf' }) };
    case 'audio':
      return { ...base, type, audio: media('audio/ogg; codecs=opus', { voice: true }) };
    case 'voice':
      // The On-Premise API reported voice notes as their own type.
      return { ...base, type, voice: media('audio/ogg; codecs=opus') };
    case 'video':
      return { ...base, type, video: media('video/mp4', { caption: text ?? 'Voorstelvideo' }) };
    case 'sticker':
      return { ...base, type, sticker: media('image/webp', { animated: false }) };
    case 'location': {
      const { latitude, longitude, name, address } = options.location ?? {
        latitude: 52.370216,
        longitude: 4.895168,
        name: text ?? 'Salon Centraal',
        address: 'Damrak 1, Amsterdam',
      };
      return {
        ...base,
        // A location shared in answer to a location request refers to it.
        ...(options.refersTo ? { context: { from: '31201234567', id: options.refersTo } } : {}),
        type,
        location: { latitude, longitude, ...(name !== undefined ? { name } : {}), ...(address !== undefined ? { address } : {}) },
      };
    }
    case 'contacts':
      return {
        ...base,
        type,
        contacts: [
          {
            name: { formatted_name: text ?? 'Jan de Vries', first_name: 'Jan', last_name: 'de Vries' },
            phones: [{ phone: '+31 6 1111 2222', wa_id: '31611112222', type: 'CELL' }],
            emails: [{ email: 'jan@example.com', type: 'WORK' }],
          },
        ],
      };
    case 'button_reply':
      return {
        ...base,
        type: 'interactive',
        context: { from: '31201234567', id: options.refersTo ?? newWamid() },
        interactive: { type: 'button_reply', button_reply: { id: options.replyId ?? 'role_hairdresser', title: text ?? 'Kapper' } },
      };
    case 'list_reply':
      return {
        ...base,
        type: 'interactive',
        context: { from: '31201234567', id: options.refersTo ?? newWamid() },
        interactive: {
          type: 'list_reply',
          list_reply: { id: options.replyId ?? 'hours_32_40', title: text ?? '32-40 uur', description: 'Fulltime' },
        },
      };
    case 'button':
      return {
        ...base,
        type,
        context: { from: '31201234567', id: options.refersTo ?? newWamid() },
        button: { payload: options.replyId ?? 'INTERESTED', text: text ?? 'Ja, ik heb interesse' },
      };
    case 'reaction':
      return { ...base, type, reaction: { message_id: options.refersTo ?? newWamid(), emoji: text ?? '👍' } };
    case 'system':
      return {
        ...base,
        type,
        system: {
          body: text ?? `User ${options.name ?? 'Sarah'} changed from ${base.from} to 31687654321`,
          wa_id: '31687654321',
          type: 'user_changed_number',
        },
      };
    case 'unsupported':
      return {
        ...base,
        type,
        errors: [
          {
            code: 131051,
            title: 'Message type unknown',
            message: 'Message type unknown',
            error_data: { details: 'Message type is currently not supported.' },
          },
        ],
      };
    case 'unknown':
      return { ...base, type: 'hologram', hologram: { id: 'h-1' } };
  }
}

export function exampleContact(options: ExampleOptions = {}) {
  return { profile: { name: options.name ?? 'Sarah' }, wa_id: options.from ?? '31612345678' };
}

export interface ExampleStatusOptions {
  wamid: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  recipient?: string;
  timestamp?: number;
  /** Adds Meta's per-message pricing object (PMP, as billed since July 2025). */
  pricing?: { category: string; type?: string; billable?: boolean; model?: 'PMP' | 'CBP' };
  errorCode?: number;
}

/** One entry of `statuses[]` as WhatsApp sends it. */
export function exampleStatus(options: ExampleStatusOptions): Record<string, unknown> {
  const status: Record<string, unknown> = {
    id: options.wamid,
    status: options.status,
    timestamp: String(options.timestamp ?? Math.floor(Date.now() / 1000)),
    recipient_id: options.recipient ?? '31612345678',
  };
  if (options.pricing) {
    status.conversation = {
      id: randomBytes(16).toString('hex'),
      expiration_timestamp: String((options.timestamp ?? Math.floor(Date.now() / 1000)) + 86400),
      origin: { type: options.pricing.category },
    };
    status.pricing = {
      billable: options.pricing.billable ?? options.pricing.type !== 'free_customer_service',
      pricing_model: options.pricing.model ?? 'PMP',
      category: options.pricing.category,
      type: options.pricing.type ?? 'regular',
    };
  }
  if (options.status === 'failed') {
    const code = options.errorCode ?? 131047;
    status.errors = [
      {
        code,
        title: code === 131047 ? 'Re-engagement message' : 'Message failed to send',
        message: code === 131047 ? 'Re-engagement message' : 'Message failed to send',
        error_data: {
          details:
            code === 131047
              ? 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.'
              : 'Message could not be delivered.',
        },
        href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
      },
    ];
  }
  return status;
}

export interface ValueParts {
  contacts?: unknown[];
  messages?: unknown[];
  statuses?: unknown[];
}

/** The Cloud API envelope 360Dialog forwards from Meta. */
export function cloudPayload(parts: ValueParts, phoneNumber = '31201234567') {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: phoneNumber, phone_number_id: '106540352242922' },
              ...parts,
            },
            field: 'messages',
          },
        ],
      },
    ],
  };
}

/** The On-Premise shape the seed document shows: `+` in front of phone numbers, no envelope. */
/** A Cloud API delivery holding one change of any field (history, smb_message_echoes, ...). */
export function cloudChange(field: string, value: Record<string, unknown>, phoneNumber = '31201234567') {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            value: { messaging_product: 'whatsapp', metadata: { display_phone_number: phoneNumber, phone_number_id: '106540352242922' }, ...value },
            field,
          },
        ],
      },
    ],
  };
}

/** A candidate edits one of their messages: `type: "edit"` carrying the new message. */
export function exampleEdit(originalWamid: string, text: string, options: ExampleOptions = {}): Record<string, unknown> {
  return {
    from: options.from ?? '31612345678',
    id: options.wamid ?? newWamid(),
    timestamp: String(options.timestamp ?? Math.floor(Date.now() / 1000)),
    type: 'edit',
    edit: { original_message_id: originalWamid, message: { type: 'text', text: { body: text } } },
  };
}

/** A candidate deletes one of their messages (or, as an echo, the business one of its own). */
export function exampleRevoke(originalWamid: string, options: ExampleOptions = {}): Record<string, unknown> {
  return {
    from: options.from ?? '31612345678',
    id: options.wamid ?? newWamid(),
    timestamp: String(options.timestamp ?? Math.floor(Date.now() / 1000)),
    type: 'revoke',
    revoke: { original_message_id: originalWamid },
  };
}

/**
 * An echo: a message the business typed in the WhatsApp Business app on the same number
 * (coexistence), as the `smb_message_echoes` change carries it.
 */
export function exampleEcho(to: string, text: string, options: { wamid?: string; business?: string; timestamp?: number } = {}) {
  return {
    from: options.business ?? '31201234567',
    to,
    id: options.wamid ?? newWamid(),
    timestamp: String(options.timestamp ?? Math.floor(Date.now() / 1000)),
    type: 'text',
    text: { body: text },
  };
}

export function legacyPayload(parts: ValueParts) {
  const plus = (value: unknown) => (typeof value === 'string' && /^\d+$/.test(value) ? `+${value}` : value);
  return {
    ...(parts.messages ? { messages: parts.messages.map((m: any) => ({ ...m, from: plus(m.from) })) } : {}),
    ...(parts.contacts ? { contacts: parts.contacts.map((c: any) => ({ ...c, wa_id: plus(c.wa_id) })) } : {}),
    ...(parts.statuses ? { statuses: parts.statuses } : {}),
  };
}

/** The seed document's own example, unchanged. */
export const SEED_EXAMPLE = {
  messages: [
    {
      from: '+31612345678',
      id: 'wamid.HBgNMzE2MTIzNDU2NzgVAgA...',
      timestamp: '1710123456',
      type: 'text',
      text: { body: 'Hoi! Ik ben op zoek naar een baan als kapper' },
    },
  ],
  contacts: [{ profile: { name: 'Sarah' }, wa_id: '+31612345678' }],
};
