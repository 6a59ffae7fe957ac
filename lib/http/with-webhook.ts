// The route wrapper for 360Dialog's deliveries (POST /webhook/whatsapp). In order:
//  - more deliveries at once than WEBHOOK_MAX_IN_FLIGHT: 503 with Retry-After: 1, body not
//    read (360Dialog delivers again; memory stays bounded, nobody waits into a timeout);
//  - the shared secret, and the presence of a signature when an app secret is set: 401
//    before anything else is looked at;
//  - not application/json: 415; a body over WEBHOOK_MAX_BODY_BYTES: 413; the HMAC over
//    the raw bytes: 401; not UTF-8 JSON: 400; `body.parse` refuses it: its error (422);
//  - a 401 counts against the per-IP limit of failed authentications (429 past it);
//    authenticated deliveries are never limited.
// Then the handler, with errors mapped like every route's (lib/http/errors.ts).
import { DomainError } from '../errors';
import { env } from '../env';
import { SIGNATURE_HEADERS, hasValidSharedSecret, hasValidSignature } from '../ingest/webhook-auth';
import { errorResponse } from './errors';
import { clientIp, limit, tooManyRequests } from './rate-limit';
import { readBody } from './read-body';
import { route, routeName, type Result, type RouteHandler } from './route';

export interface WebhookOptions<T> {
  /** Turns the JSON into what the handler gets; throws a DomainError (or a ZodError) when it cannot. */
  body: { parse(json: unknown): T };
}

const unauthorized = () => new DomainError('unauthenticated', 'Missing or wrong webhook secret or signature.', { code: 'unauthorized' });
const overloaded = () =>
  new DomainError('unavailable', 'Too many deliveries at once; please retry.', { code: 'overloaded', retryAfterSeconds: 1 });

export function withWebhook<T>(handler: (delivery: { request: Request; body: T }) => Promise<Result>, options: WebhookOptions<T>): RouteHandler {
  // Deliveries this instance is handling right now.
  let inFlight = 0;
  const receive = route(async (request) => {
    const json = await authenticatedJson(request);
    return handler({ request, body: options.body.parse(json) });
  });
  return async (request, context) => {
    if (inFlight >= env().WEBHOOK_MAX_IN_FLIGHT) return errorResponse(overloaded(), routeName(request, {}));
    inFlight += 1;
    try {
      const response = await receive(request, context);
      if (response.status === 401) {
        const result = await limit('webhookAuthFailure', clientIp(request.headers)).catch(() => null);
        if (result && !result.success) return tooManyRequests(result);
      }
      return response;
    } finally {
      inFlight -= 1;
    }
  };
}

async function authenticatedJson(request: Request): Promise<unknown> {
  const config = env();
  if (!hasValidSharedSecret(request.headers, new URL(request.url), config.WHATSAPP_WEBHOOK_SECRET)) throw unauthorized();
  if (config.WHATSAPP_APP_SECRET && !SIGNATURE_HEADERS.some((name) => request.headers.has(name))) throw unauthorized();
  if (!/^application\/json\s*(;|$)/i.test(request.headers.get('content-type') ?? '')) {
    throw new DomainError('unsupported_media_type', 'Send the webhook as application/json.');
  }
  const raw = await readBody(request, config.WEBHOOK_MAX_BODY_BYTES);
  if (!hasValidSignature(request.headers, raw, config.WHATSAPP_APP_SECRET)) throw unauthorized();
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
  } catch {
    throw new DomainError('malformed', 'The body is not valid UTF-8 JSON.', { code: 'malformed_json' });
  }
}
