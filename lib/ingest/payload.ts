// The webhook payloads 360Dialog delivers, validated with zod and normalised into one
// shape. Two generations exist:
//   Cloud API: { object, entry: [{ id, changes: [{ field, value: { metadata, contacts, messages, statuses } }] }] }
//   On-Premise (legacy): top-level { contacts, messages } or { statuses }
// Unknown message types are kept and flagged, never rejected; a payload that is neither
// shape, or a known message type missing what defines it, is rejected with the reason.
import type { z } from 'zod';
import { DomainError } from '../errors';
import { MEDIA_TYPES, cloudPayload, legacyPayload, messageBase, messagesValue, status, typeBodies } from './payload-schema';
import type { KnownMessageType } from './payload-schema';

export type { KnownMessageType };

export type KnownStatus = 'SENT' | 'DELIVERED' | 'READ' | 'FAILED';

export interface InboundContact {
  waId: string | null;
  userId: string | null;
  name: string | null;
  username: string | null;
}

export interface InboundMessage {
  wamid: string;
  /** wa_id of the sender, digits only; null when WhatsApp withheld the number. */
  from: string | null;
  fromUserId: string | null;
  occurredAt: Date;
  type: string;
  unsupported: boolean;
  /** Searchable text: the body, a caption, a button title, a reaction emoji... */
  text: string | null;
  contextWamid: string | null;
  media: { id: string | null; mimeType: string | null; sha256: string | null; filename: string | null } | null;
  raw: Record<string, unknown>;
}

export interface InboundStatus {
  wamid: string;
  rawStatus: string;
  status: KnownStatus | null;
  occurredAt: Date;
  recipientId: string | null;
  error: { code: number | null; title: string | null; detail: string | null } | null;
  pricing: Record<string, unknown> | null;
  conversation: Record<string, unknown> | null;
  /** biz_opaque_callback_data: for our own messages, the id of the message in `messages`. */
  callbackData: string | null;
  raw: Record<string, unknown>;
}

export interface WebhookBatch {
  shape: 'cloud' | 'legacy';
  contacts: InboundContact[];
  messages: InboundMessage[];
  statuses: InboundStatus[];
  /** Changes that are neither messages nor statuses, kept as they came. */
  events: { field: string; payload: unknown }[];
}

/** JSON that is not a 360Dialog payload; `issues` name the fields that are wrong. */
export class PayloadError extends DomainError {
  constructor(readonly issues: string[]) {
    super('invalid', 'The body is not a 360Dialog webhook payload.', { code: 'invalid_payload', details: issues });
    this.name = 'PayloadError';
  }
}

function describe(error: z.ZodError, prefix: string): string[] {
  return error.issues.slice(0, 10).map((issue) => {
    const where = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    return where ? `${where}: ${issue.message}` : issue.message;
  });
}

/** Phone numbers arrive as "+31612345678" (legacy) or "31612345678" (Cloud): keep digits. */
export function normaliseWaId(value: string | undefined | null): string | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\+?[\d\s().-]+$/.test(trimmed)) {
    const digits = trimmed.replace(/\D/g, '');
    return digits === '' ? null : digits;
  }
  return trimmed;
}

function toDate(seconds: string | number): Date {
  return new Date(Number(seconds) * 1000);
}

function textOf(type: string, message: Record<string, any>): string | null {
  switch (type) {
    case 'text':
      return message.text.body;
    case 'image':
    case 'video':
    case 'audio':
    case 'voice':
    case 'document':
    case 'sticker':
      return message[type].caption ?? (type === 'document' ? message.document.filename : undefined) ?? null;
    case 'location': {
      const { name, address, latitude, longitude } = message.location;
      return [name, address].filter(Boolean).join(', ') || `${latitude}, ${longitude}`;
    }
    case 'contacts':
      return (
        message.contacts
          .map((card: any) => card.name?.formatted_name ?? card.phones?.[0]?.phone)
          .filter(Boolean)
          .join(', ') || null
      );
    case 'interactive':
      return message.interactive.button_reply?.title ?? message.interactive.list_reply?.title ?? null;
    case 'button':
      return message.button.text;
    case 'reaction':
      return message.reaction.emoji ?? null;
    case 'system':
      return message.system.body ?? null;
    default:
      return null;
  }
}

function normaliseMessage(raw: z.infer<typeof messageBase>, where: string): InboundMessage {
  const type = raw.type;
  const known = Object.hasOwn(typeBodies, type) ? typeBodies[type as KnownMessageType] : undefined;
  if (known) {
    const checked = known.safeParse(raw);
    if (!checked.success) throw new PayloadError(describe(checked.error, where));
  }
  const interactiveKnown =
    type !== 'interactive' || ['button_reply', 'list_reply'].includes((raw as any).interactive?.type);
  const from = normaliseWaId(raw.from);
  const fromUserId = raw.from_user_id ?? null;
  if (!from && !fromUserId) throw new PayloadError([`${where}: a message needs "from" or "from_user_id"`]);
  const mediaBody = MEDIA_TYPES.has(type) ? (raw as any)[type] : null;
  return {
    wamid: raw.id,
    from,
    fromUserId,
    occurredAt: toDate(raw.timestamp),
    type,
    unsupported: !known || !interactiveKnown,
    text: known ? textOf(type, raw) : null,
    contextWamid: raw.context?.id ?? null,
    media: mediaBody
      ? {
          id: mediaBody.id ?? null,
          mimeType: mediaBody.mime_type ?? null,
          sha256: mediaBody.sha256 ?? null,
          filename: mediaBody.filename ?? null,
        }
      : null,
    raw,
  };
}

// A Map, not an object: a status such as "constructor" or "__proto__" is an unknown status.
const STATUS_NAMES = new Map<string, KnownStatus>([
  ['sent', 'SENT'],
  ['delivered', 'DELIVERED'],
  ['read', 'READ'],
  ['failed', 'FAILED'],
]);

function normaliseStatus(raw: z.infer<typeof status>): InboundStatus {
  const first = raw.errors?.[0];
  return {
    wamid: raw.id,
    rawStatus: raw.status.toLowerCase(),
    status: STATUS_NAMES.get(raw.status.toLowerCase()) ?? null,
    occurredAt: toDate(raw.timestamp),
    recipientId: normaliseWaId(raw.recipient_id) ?? raw.recipient_user_id ?? null,
    error: first
      ? {
          code: first.code ?? null,
          title: first.title ?? first.message ?? null,
          detail: first.error_data?.details ?? first.details ?? null,
        }
      : null,
    pricing: raw.pricing ?? null,
    callbackData: raw.biz_opaque_callback_data ?? null,
    conversation: raw.conversation ?? null,
    raw,
  };
}

function addValue(batch: WebhookBatch, value: z.infer<typeof messagesValue>, where: string) {
  for (const item of value.contacts ?? []) {
    batch.contacts.push({
      waId: normaliseWaId(item.wa_id),
      userId: item.user_id ?? null,
      name: item.profile?.name ?? null,
      username: item.profile?.username ?? null,
    });
  }
  (value.messages ?? []).forEach((message, index) =>
    batch.messages.push(normaliseMessage(message, `${where}messages.${index}`)),
  );
  for (const item of value.statuses ?? []) batch.statuses.push(normaliseStatus(item));
  if (value.errors?.length) batch.events.push({ field: 'errors', payload: value.errors });
}

/**
 * PostgreSQL cannot store NUL characters or unpaired UTF-16 surrogates (valid JSON can
 * carry both): replace them with U+FFFD rather than refuse a candidate's message.
 */
export function storableJson(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.toWellFormed().replaceAll('\u0000', '\uFFFD');
  if (value === null || typeof value !== 'object' || depth > 64) return value;
  if (Array.isArray(value)) return value.map((item) => storableJson(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [storableJson(key) as string, storableJson(item, depth + 1)]),
  );
}

/** Validates a parsed JSON body and returns what it holds, or throws a PayloadError. */
export function parseWebhookPayload(input: unknown): WebhookBatch {
  const body = storableJson(input);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new PayloadError(['the body must be a JSON object']);
  }
  if ('entry' in body || 'object' in body) {
    const parsed = cloudPayload.safeParse(body);
    if (!parsed.success) throw new PayloadError(describe(parsed.error, ''));
    const batch: WebhookBatch = { shape: 'cloud', contacts: [], messages: [], statuses: [], events: [] };
    parsed.data.entry.forEach((entry, e) =>
      entry.changes.forEach((change, c) => {
        const where = `entry.${e}.changes.${c}.value`;
        if (change.field !== 'messages') {
          batch.events.push({ field: change.field, payload: change.value ?? null });
          return;
        }
        const value = messagesValue.safeParse(change.value);
        if (!value.success) throw new PayloadError(describe(value.error, where));
        addValue(batch, value.data, `${where}.`);
      }),
    );
    return batch;
  }
  const parsed = legacyPayload.safeParse(body);
  if (!parsed.success) throw new PayloadError(describe(parsed.error, ''));
  const batch: WebhookBatch = { shape: 'legacy', contacts: [], messages: [], statuses: [], events: [] };
  addValue(batch, parsed.data, '');
  return batch;
}
