// Why a change to a conversation is refused.
import { DomainError } from '../errors';

export class ConversationNotFoundError extends DomainError {
  constructor() {
    super('not_found', 'There is no such conversation.');
    this.name = 'ConversationNotFoundError';
  }
}

/** Someone else has the conversation, or it is not in a state that allows the change. */
export class ConversationConflictError extends DomainError {
  constructor(
    message: string,
    readonly holder: { id: string; name: string } | null = null,
  ) {
    super('conflict', message, { details: holder ? { holder } : undefined });
    this.name = 'ConversationConflictError';
  }
}
