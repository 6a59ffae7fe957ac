// What can go wrong in the domain, in the domain's words. Modules in lib/ throw a
// DomainError (or a class of their own that extends it) with a `kind`; lib/http/errors.ts
// answers each kind with one HTTP status. `code` is the machine-readable reason clients get
// (`window_closed`, `media_gone`), the kind by default.
export type ErrorKind =
  | 'malformed' // the request could not be read (not JSON)
  | 'invalid' // it was read, but is not valid (a zod schema, a domain rule)
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict' // the state does not allow it (someone else has the conversation)
  | 'too_large'
  | 'unsupported_media_type'
  | 'upstream' // 360Dialog failed
  | 'unavailable'; // try again later

export interface DomainErrorOptions {
  code?: string;
  /** Shown to the client: field paths, who holds a conversation. Never internals. */
  details?: unknown;
  retryAfterSeconds?: number;
}

export class DomainError extends Error {
  readonly code: string;
  readonly details: unknown;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly kind: ErrorKind,
    message: string,
    options: DomainErrorOptions = {},
  ) {
    super(message);
    this.name = 'DomainError';
    this.code = options.code ?? kind;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/**
 * A family of domain errors with codes of their own, each code answered as one kind:
 * `class OutboxError extends codedError('OutboxError', { window_closed: 'conflict' }) {}`.
 */
export function codedError<C extends string>(name: string, kinds: Record<C, ErrorKind>) {
  return class extends DomainError {
    declare readonly code: C;

    constructor(code: C, message: string) {
      super(kinds[code], message, { code });
      this.name = name;
    }
  };
}

/** Throws a not_found DomainError: `return (await find(id)) ?? notFound('There is no such user.')`. */
export function notFound(message: string): never {
  throw new DomainError('not_found', message);
}
