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
import type { InboundContact, KnownMessageType, KnownStatus, WebhookBatch } from './batch';
import { identityOf, normaliseWaId, storableJson, textOf, timestampOf } from './fields';

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
