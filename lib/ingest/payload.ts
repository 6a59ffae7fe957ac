// The webhook payloads 360Dialog delivers, validated with zod and normalised into one
// shape. Two generations exist:
//   Cloud API: { object, entry: [{ id, changes: [{ field, value: { metadata, contacts, messages, statuses } }] }] }
//   On-Premise (legacy): top-level { contacts, messages } or { statuses }
// Only a body that is neither shape is refused (PayloadError, 422). Inside it every item is
// read on its own: what is understood is stored, what is not is kept whole as a webhook event
// with the reason (WebhookBatch.events), so that an authenticated delivery is never refused
// for its content (360Dialog would deliver it again for days, and lose it anyway).
//  - a known message type missing what defines it is stored as unsupported;
//  - a timestamp that cannot be true (not a number, before 2009, more than a day ahead) is
//    replaced by the time of receipt (the payload keeps what was sent);
//  - senders known only by their business-scoped user id (BSUID) are identified by it;
//  - edits and deletions (`edit`, `revoke`) are changes to an earlier message, echoes
//    (`smb_message_echoes`) messages the business typed in the WhatsApp Business app.
import type { z } from 'zod';
import { DomainError } from '../errors';
import { MAX_ITEMS, MEDIA_TYPES, cloudPayload, contact, messageBase, status, typeBodies } from './payload-schema';
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
  /** The sender's business-scoped user id (BSUID), when known. */
  fromUserId: string | null;
  occurredAt: Date;
  type: string;
  unsupported: boolean;
  /** Searchable text: the body, a caption, a button title, a reaction emoji... */
  text: string | null;
  contextWamid: string | null;
  media: { id: string | null; mimeType: string | null; sha256: string | null; filename: string | null } | null;
  /** Sent in a WhatsApp group: stored and shown, never answered by the bot. */
  groupId: string | null;
  raw: Record<string, unknown>;
}

/** A candidate edited (`edit`) or deleted (`revoke`) one of their earlier messages. */
export interface MessageChange {
  kind: 'edit' | 'revoke';
  /** The id of the edit/revoke itself. */
  wamid: string;
  originalWamid: string;
  occurredAt: Date;
  /** An edit's new content (text null when it has none WhatsApp lets us read). */
  text: string | null;
  raw: Record<string, unknown>;
}

/** A message the business sent from the WhatsApp Business app on the same number (coexistence). */
export interface EchoMessage {
  wamid: string;
  /** The candidate it went to: phone number and/or BSUID. */
  toWaId: string | null;
  toUserId: string | null;
  occurredAt: Date;
  type: string;
  unsupported: boolean;
  text: string | null;
  /** An echo of a deletion in the app: the id of the message deleted. */
  revokes: string | null;
  /** An echo of an edit in the app: the id of the message edited (`text` is its new text). */
  edits: string | null;
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

export interface WebhookEventInput {
  field: string;
  payload: unknown;
  /** Why it is kept rather than applied; null for changes that are events by nature. */
  reason: string | null;
}

export interface WebhookBatch {
  shape: 'cloud' | 'legacy';
  contacts: InboundContact[];
  messages: InboundMessage[];
  statuses: InboundStatus[];
  /** Edits and deletions of earlier inbound messages. */
  changes: MessageChange[];
  /** Messages typed in the WhatsApp Business app (shown as outbound). */
  echoes: EchoMessage[];
  /** Changes that are neither messages nor statuses, and what was not understood, kept as they came. */
  events: WebhookEventInput[];
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
  return trimmed === '' ? null : trimmed;
}

/** A phone number (digits, perhaps with +, spaces, dashes): what WhatsApp calls a wa_id. */
export function isPhoneNumber(value: string | null | undefined): boolean {
  return typeof value === 'string' && /^\+?[\d\s().-]+$/.test(value.trim()) && /\d/.test(value);
}

/**
 * Who a `from`/`wa_id` and a `from_user_id`/`user_id` name: a phone number is the wa_id;
 * anything else in the phone number's place (a BSUID such as "US.13491208655302741918") is a
 * user id, never stored as a phone number. Empty strings are nothing.
 */
export function identityOf(phone: unknown, userId: unknown): { waId: string | null; userId: string | null } {
  const p = typeof phone === 'string' ? phone.trim() : '';
  const u = typeof userId === 'string' ? userId.trim() : '';
  if (isPhoneNumber(p)) return { waId: normaliseWaId(p), userId: u || null };
  return { waId: null, userId: u || p || null };
}

// 2009-01-01, before WhatsApp existed: anything earlier cannot be a message's time.
const EARLIEST_SECONDS = 1_230_768_000;
// A sender's clock a little ahead is believable; a day ahead is not.
const FUTURE_TOLERANCE_SECONDS = 86_400;

/**
 * A WhatsApp timestamp (epoch seconds, number or digit string) as a date; one that cannot be
 * true (not a number, before 2009, more than a day ahead) is replaced by the time of receipt.
 */
export function timestampOf(value: unknown, receivedAt: Date): Date {
  const seconds = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d{1,15}\s*$/.test(value) ? Number(value) : NaN;
  const latest = receivedAt.getTime() / 1000 + FUTURE_TOLERANCE_SECONDS;
  if (!Number.isFinite(seconds) || seconds < EARLIEST_SECONDS || seconds > latest) return receivedAt;
  return new Date(Math.floor(seconds) * 1000);
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

const isObject = (value: unknown): value is Record<string, any> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Reads one change's items; `keep` records what is not understood. */
class Reader {
  constructor(
    readonly batch: WebhookBatch,
    readonly receivedAt: Date,
  ) {}

  keep(field: string, payload: unknown, reason: string) {
    this.batch.events.push({ field, payload: payload ?? null, reason });
  }

  contacts(value: Record<string, any>): InboundContact[] {
    const found: InboundContact[] = [];
    for (const item of Array.isArray(value.contacts) ? value.contacts.slice(0, MAX_ITEMS) : []) {
      const parsed = contact.safeParse(item);
      if (!parsed.success) continue;
      const who = identityOf(parsed.data.wa_id, parsed.data.user_id);
      found.push({ ...who, name: parsed.data.profile?.name ?? null, username: parsed.data.profile?.username ?? null });
    }
    this.batch.contacts.push(...found);
    return found;
  }

  /** A message from the candidate: stored, applied (edit/revoke) or kept with the reason. */
  message(item: unknown, contacts: InboundContact[], where: string) {
    const base = messageBase.safeParse(item);
    if (!base.success) return this.keep('messages', item, `not understood: ${describe(base.error, where).join('; ')}`);
    const raw = base.data;
    // The sender: from (a phone number, or a BSUID in its place), from_user_id, or else the
    // only contact of the change.
    let sender = identityOf(raw.from, raw.from_user_id);
    if (!sender.waId && !sender.userId && contacts.length === 1) {
      sender = { waId: contacts[0]!.waId, userId: contacts[0]!.userId };
    }
    if (!sender.waId && !sender.userId) return this.keep('messages', item, `${where}: the message names no sender`);
    const occurredAt = timestampOf(raw.timestamp, this.receivedAt);
    const type = raw.type;

    if (type === 'edit' || type === 'revoke') {
      const body = (raw as any)[type];
      const original = isObject(body) && typeof body.original_message_id === 'string' ? body.original_message_id.trim() : '';
      if (original) {
        const edited = type === 'edit' && isObject(body.message) ? body.message : null;
        const editedType = typeof edited?.type === 'string' ? edited.type : null;
        const checked = editedType && Object.hasOwn(typeBodies, editedType)
          ? typeBodies[editedType as KnownMessageType].safeParse(edited)
          : null;
        this.batch.changes.push({
          kind: type,
          wamid: raw.id,
          originalWamid: original,
          occurredAt,
          text: checked?.success ? textOf(editedType!, checked.data) : null,
          raw: { ...raw, ...sender },
        });
        return;
      }
      // Without the message it changes it is a message WhatsApp shaped differently: stored as unsupported.
    }

    const known = Object.hasOwn(typeBodies, type) ? typeBodies[type as KnownMessageType] : undefined;
    const checked = known?.safeParse(raw);
    const body = checked?.success ? (checked.data as Record<string, any>) : null;
    const interactiveKnown = type !== 'interactive' || ['button_reply', 'list_reply'].includes(body?.interactive?.type);
    const mediaBody = body && MEDIA_TYPES.has(type) ? body[type] : null;
    this.batch.messages.push({
      wamid: raw.id,
      from: sender.waId,
      fromUserId: sender.userId,
      occurredAt,
      type,
      unsupported: !body || !interactiveKnown,
      text: body ? textOf(type, body) : null,
      contextWamid: raw.context?.id ?? null,
      media: mediaBody
        ? {
            id: mediaBody.id ?? null,
            mimeType: mediaBody.mime_type ?? null,
            sha256: mediaBody.sha256 ?? null,
            filename: mediaBody.filename ?? null,
          }
        : null,
      groupId: typeof raw.group_id === 'string' && raw.group_id.trim() ? raw.group_id.trim() : null,
      raw: item as Record<string, unknown>,
    });
  }

  status(item: unknown, where: string) {
    const parsed = status.safeParse(item);
    if (!parsed.success) return this.keep('statuses', item, `not understood: ${describe(parsed.error, where).join('; ')}`);
    const raw = parsed.data;
    const first = raw.errors?.[0];
    const code = first?.code === null || first?.code === undefined ? null : Number(first.code);
    const rawStatus = raw.status.toLowerCase();
    this.batch.statuses.push({
      wamid: raw.id,
      rawStatus,
      // A status this app does not know (even "__proto__") is recorded and moves nothing.
      status: STATUS_NAMES.get(rawStatus) ?? null,
      occurredAt: timestampOf(raw.timestamp, this.receivedAt),
      // An empty recipient_id ("", sent to a BSUID) is no recipient: the user id is.
      recipientId: normaliseWaId(raw.recipient_id) ?? (raw.recipient_user_id?.trim() || null),
      error: first
        ? {
            code: Number.isSafeInteger(code) && Math.abs(code!) < 2 ** 31 ? code : null,
            title: first.title ?? first.message ?? null,
            detail: first.error_data?.details ?? first.details ?? null,
          }
        : null,
      pricing: raw.pricing ?? null,
      callbackData: raw.biz_opaque_callback_data ?? null,
      conversation: raw.conversation ?? null,
      raw: item as Record<string, unknown>,
    });
  }

  /** A `messages` change (or a legacy body). */
  messagesValue(value: unknown, prefix: string) {
    if (!isObject(value)) return this.keep('messages', value, 'a messages change that is not an object');
    const lists = ['contacts', 'messages', 'statuses'] as const;
    for (const key of lists) {
      if (value[key] !== undefined && value[key] !== null && !Array.isArray(value[key])) {
        return this.keep('messages', value, `"${key}" is not a list`);
      }
      if (Array.isArray(value[key]) && value[key].length > MAX_ITEMS) {
        return this.keep('messages', value, `more than ${MAX_ITEMS} ${key} in one change`);
      }
    }
    const contacts = this.contacts(value);
    (value.messages ?? []).forEach((item: unknown, index: number) => this.message(item, contacts, `${prefix}messages.${index}`));
    (value.statuses ?? []).forEach((item: unknown, index: number) => this.status(item, `${prefix}statuses.${index}`));
    if (Array.isArray(value.errors) ? value.errors.length > 0 : value.errors) {
      this.batch.events.push({ field: 'errors', payload: value.errors, reason: null });
    }
    // What else the change holds (user_actions, ...): kept whole, with what was not understood.
    const other = Object.keys(value).filter((key) => !UNDERSTOOD_KEYS.has(key));
    const empty = !value.messages?.length && !value.statuses?.length && !value.errors;
    if (other.length > 0) this.keep('messages', value, `not understood: ${other.join(', ')}`);
    else if (empty) this.keep('messages', value, 'a messages change with no messages or statuses');
  }

  /** smb_message_echoes: what the business typed in the WhatsApp Business app. */
  echoes(value: unknown, business: string | null) {
    const list = isObject(value) && Array.isArray(value.message_echoes) ? value.message_echoes.slice(0, MAX_ITEMS) : [];
    for (const item of list) {
      const base = messageBase.safeParse(item);
      if (!base.success) continue;
      const raw = base.data as Record<string, any>;
      // The candidate is `to`; should a payload name the business there, it is `from`.
      const toIsBusiness = business !== null && normaliseWaId(raw.to) === business;
      const to = identityOf(toIsBusiness ? raw.from : raw.to, raw.to_user_id);
      if (!to.waId && !to.userId) continue;
      const type = raw.type as string;
      const changed = (kind: 'edit' | 'revoke') =>
        type === kind && isObject(raw[kind]) && typeof raw[kind].original_message_id === 'string' && raw[kind].original_message_id.trim()
          ? (raw[kind].original_message_id.trim() as string)
          : null;
      const revokes = changed('revoke');
      const edits = changed('edit');
      // An edit carries the new message; anything else is its own body.
      const body: Record<string, any> = edits && isObject(raw.edit.message) ? raw.edit.message : raw;
      const bodyType = typeof body.type === 'string' ? body.type : type;
      const known = Object.hasOwn(typeBodies, bodyType) ? typeBodies[bodyType as KnownMessageType] : undefined;
      const checked = known?.safeParse(body);
      this.batch.echoes.push({
        wamid: raw.id,
        toWaId: to.waId,
        toUserId: to.userId,
        occurredAt: timestampOf(raw.timestamp, this.receivedAt),
        type,
        unsupported: !checked?.success,
        text: checked?.success ? textOf(bodyType, checked.data) : null,
        revokes,
        edits,
        raw: item,
      });
    }
  }
}

// The keys of a messages change this file reads (metadata and messaging_product say nothing to store).
const UNDERSTOOD_KEYS = new Set(['messaging_product', 'metadata', 'contacts', 'messages', 'statuses', 'errors', 'biz_opaque_callback_data']);

const STATUS_NAMES = new Map<string, KnownStatus>([
  ['sent', 'SENT'],
  ['delivered', 'DELIVERED'],
  ['read', 'READ'],
  ['failed', 'FAILED'],
]);

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

const emptyBatch = (shape: WebhookBatch['shape']): WebhookBatch => ({
  shape,
  contacts: [],
  messages: [],
  statuses: [],
  changes: [],
  echoes: [],
  events: [],
});

/**
 * Reads a parsed JSON body: what it holds, and what it holds that is not understood (as
 * events with the reason). Throws a PayloadError only for a body that is not a WhatsApp
 * payload at all.
 */
export function parseWebhookPayload(input: unknown, receivedAt = new Date()): WebhookBatch {
  const body = storableJson(input);
  if (!isObject(body)) throw new PayloadError(['the body must be a JSON object']);
  if ('entry' in body || 'object' in body) {
    const parsed = cloudPayload.safeParse(body);
    if (!parsed.success) throw new PayloadError(describe(parsed.error, ''));
    const batch = emptyBatch('cloud');
    const reader = new Reader(batch, receivedAt);
    parsed.data.entry.forEach((entry, e) => {
      if (!isObject(entry) || !Array.isArray(entry.changes)) return reader.keep('entry', entry, `entry.${e}: no list of changes`);
      entry.changes.slice(0, MAX_ITEMS).forEach((change: unknown, c: number) => {
        const where = `entry.${e}.changes.${c}.value.`;
        if (!isObject(change) || typeof change.field !== 'string' || change.field.trim() === '') {
          return reader.keep('unknown', change, `entry.${e}.changes.${c}: a change without a field`);
        }
        const field = change.field.trim().slice(0, 128);
        const value = change.value ?? null;
        if (field === 'messages') return reader.messagesValue(value, where);
        // Everything else is an event by nature; echoes are shown in the conversation besides.
        batch.events.push({ field, payload: value, reason: null });
        if (field === 'smb_message_echoes') {
          const business = isObject(value) ? normaliseWaId(value.metadata?.display_phone_number) : null;
          reader.echoes(value, business);
        }
      });
    });
    return batch;
  }
  if (!['messages', 'statuses', 'errors'].some((key) => key in body)) {
    throw new PayloadError(['expected a Cloud API envelope ({object, entry}) or a legacy payload with messages or statuses']);
  }
  const batch = emptyBatch('legacy');
  new Reader(batch, receivedAt).messagesValue(body, '');
  return batch;
}
