// Read receipts and typing indicators in the sandbox: `POST /messages` with
// `{messaging_product, status: 'read', message_id, typing_indicator?: {type: 'text'}}`.
// Like the API, only a message the business received can be marked read: here, one the
// sandbox itself delivered to the app. Kept apart from the messages the app sent.
import type { Rejection } from './validate';

export interface SandboxRead {
  /** The candidate's message that was marked read. */
  messageId: string;
  /** The candidate's wa_id (who wrote that message). */
  to: string;
  /** A typing indicator was asked for too. */
  typing: boolean;
  at: string;
}

const invalid = (details: string): Rejection => ({ httpStatus: 400, code: 100, title: 'Invalid parameter', details });

/** A `POST /messages` body that changes a message's status (a read receipt) instead of sending one. */
export function isReadRequest(body: unknown): boolean {
  return typeof body === 'object' && body !== null && 'status' in body;
}

export class ReadReceipts {
  readonly reads: SandboxRead[] = [];
  /** wamid of every message delivered to the app → the candidate who wrote it. */
  private readonly senders = new Map<string, string>();

  /** Remembers a candidate's message the sandbox delivered, so that it can be marked read. */
  delivered(wamid: string, from: string): void {
    this.senders.set(wamid, from.replace(/^\+/, ''));
  }

  /** Validates a read receipt like the API; records it when accepted. */
  accept(body: any): Rejection | SandboxRead {
    if (body.messaging_product !== 'whatsapp') return invalid('messaging_product must be "whatsapp".');
    if (body.status !== 'read') return invalid('status must be "read".');
    if (typeof body.message_id !== 'string' || body.message_id === '') return invalid('The parameter message_id is required.');
    const to = this.senders.get(body.message_id);
    if (to === undefined) return invalid(`message_id ${JSON.stringify(body.message_id)} is not a message this number received.`);
    const indicator = body.typing_indicator;
    if (indicator !== undefined && (typeof indicator !== 'object' || indicator === null || indicator.type !== 'text')) {
      return invalid('typing_indicator.type must be "text".');
    }
    const read: SandboxRead = { messageId: body.message_id, to, typing: indicator !== undefined, at: new Date().toISOString() };
    this.reads.push(read);
    return read;
  }

  list(to?: string | null): SandboxRead[] {
    const waId = to?.replace(/^\+/, '');
    return this.reads.filter((r) => !waId || r.to === waId);
  }

  clear(): void {
    this.reads.length = 0;
  }
}
