// The one mapping from errors to HTTP, used by every route wrapper (with-user.ts,
// with-webhook.ts). A DomainError is answered with the status of its kind and
// {"error": {"code", "message", "details"}}; a ZodError is an invalid request (422) with
// the paths that are wrong; anything else is logged and answered with a generic 500: no
// stack traces, no SQL.
import { z } from 'zod';
import { isDatabaseBusy } from '../db/client';
import { DomainError, type ErrorKind } from '../errors';
import { log } from '../log';
import { jsonResponse } from './responses';

export const ERROR_STATUS: Record<ErrorKind, number> = {
  malformed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported_media_type: 415,
  invalid: 422,
  upstream: 502,
  unavailable: 503,
};

function known(error: unknown): DomainError | null {
  if (error instanceof DomainError) return error;
  if (error instanceof z.ZodError) {
    const details = error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    return new DomainError('invalid', 'The request is not valid.', { code: 'invalid_input', details });
  }
  // A statement past its timeout, or no connection free in time: 503, try again shortly.
  if (isDatabaseBusy(error)) return new DomainError('unavailable', 'The database is busy; please try again shortly.', { code: 'database_busy', retryAfterSeconds: 2 });
  return null;
}

/** The response for anything a route handler threw; `route` names it in the log. */
export function errorResponse(error: unknown, route: string): Response {
  const domain = known(error);
  if (domain) {
    const body = { error: { code: domain.code, message: domain.message, ...(domain.details ? { details: domain.details } : {}) } };
    const headers = domain.retryAfterSeconds ? { 'retry-after': String(domain.retryAfterSeconds) } : undefined;
    return jsonResponse(body, ERROR_STATUS[domain.kind], headers);
  }
  log.error('unhandled error', { route, error });
  return jsonResponse({ error: { code: 'internal_error', message: 'Something went wrong on our side.' } }, 500);
}
