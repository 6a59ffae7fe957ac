// The one shape every webhook payload is read into (lib/ingest/payload.ts), and what the
// webhook's statement (lib/ingest/store.ts) and the status rules (lib/statuses) work on.
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
