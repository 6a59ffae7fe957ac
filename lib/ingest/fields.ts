// Reading single values of a webhook payload: who sent it (phone number or business-scoped
// user id), when, the searchable text of a message, and JSON PostgreSQL can store.

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

export function textOf(type: string, message: Record<string, any>): string | null {
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
