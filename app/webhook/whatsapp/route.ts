import { ApiError, handleApiError, jsonResponse, readBody } from '@/lib/http/errors';
import { env } from '@/lib/env';
import { ingestWebhook } from '@/lib/ingest/store';
import { announceInbound } from '@/lib/ingest/processing';
import { log } from '@/lib/log';
import { clientIp, limit, tooManyRequests } from '@/lib/http/rate-limit';
import { PayloadError, parseWebhookPayload } from '@/lib/ingest/payload';
import {
  SIGNATURE_HEADERS,
  hasValidSharedSecret,
  hasValidSignature,
  verificationChallenge,
} from '@/lib/ingest/webhook-auth';

export const dynamic = 'force-dynamic';

// GET /webhook/whatsapp - Meta-style verification handshake (hub.mode/hub.verify_token/hub.challenge)
export async function GET(request: Request) {
  const challenge = verificationChallenge(new URL(request.url).searchParams, env().WHATSAPP_VERIFY_TOKEN);
  if (challenge === null) {
    return new Response('Forbidden', { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }
  return new Response(challenge, { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

const unauthorized = () => new ApiError(401, 'unauthorized', 'Missing or wrong webhook secret or signature.');

// Deliveries being handled by this instance right now.
let inFlight = 0;

// POST /webhook/whatsapp - receive messages and statuses from 360Dialog
export async function POST(request: Request) {
  // When deliveries pile up (a slow database), the excess is refused before its body is
  // read: 360Dialog delivers it again, memory stays bounded, and nobody waits into a timeout.
  if (inFlight >= env().WEBHOOK_MAX_IN_FLIGHT) {
    return jsonResponse({ error: { code: 'overloaded', message: 'Too many deliveries at once; please retry.' } }, 503, { 'retry-after': '1' });
  }
  inFlight += 1;
  try {
    return await handle(request);
  } finally {
    inFlight -= 1;
  }
}

async function handle(request: Request): Promise<Response> {
  const response = await receive(request);
  // Failed authentication is limited per IP; 360Dialog's authenticated deliveries never are.
  if (response.status === 401) {
    const result = await limit('webhookAuthFailure', clientIp(request.headers)).catch(() => null);
    if (result && !result.success) return tooManyRequests(result);
  }
  return response;
}

async function receive(request: Request): Promise<Response> {
  try {
    const config = env();
    const url = new URL(request.url);
    // Authenticate before looking at the body.
    if (!hasValidSharedSecret(request.headers, url, config.WHATSAPP_WEBHOOK_SECRET)) throw unauthorized();
    if (config.WHATSAPP_APP_SECRET && !SIGNATURE_HEADERS.some((name) => request.headers.has(name))) {
      throw unauthorized();
    }
    const contentType = request.headers.get('content-type') ?? '';
    if (!/^application\/json\s*(;|$)/i.test(contentType)) {
      throw new ApiError(415, 'unsupported_media_type', 'Send the webhook as application/json.');
    }
    const raw = await readBody(request, config.WEBHOOK_MAX_BODY_BYTES);
    if (!hasValidSignature(request.headers, raw, config.WHATSAPP_APP_SECRET)) throw unauthorized();

    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
    } catch {
      throw new ApiError(400, 'malformed_json', 'The body is not valid UTF-8 JSON.');
    }
    let batch;
    try {
      batch = parseWebhookPayload(json);
    } catch (error) {
      if (error instanceof PayloadError) {
        throw new ApiError(422, 'invalid_payload', 'The body is not a 360Dialog webhook payload.', error.issues);
      }
      throw error;
    }

    let result;
    try {
      result = await ingestWebhook(batch);
    } catch (error) {
      // Nothing was stored; 503 makes 360Dialog deliver it again later.
      log.error('webhook could not be stored', { error, messages: batch.messages.length, statuses: batch.statuses.length });
      throw new ApiError(503, 'unavailable', 'The message could not be stored; please retry.', undefined, {
        'retry-after': '5',
      });
    }
    // Committed: a worker answers them (a NOTIFY on 'inbound', sent with the live events a few ms later).
    if (result.storedMessageIds.length > 0) announceInbound();
    return jsonResponse({
      ok: true,
      stored: result.storedMessageIds.length,
      duplicates: result.duplicateMessages,
      statuses: result.statuses,
      duplicateStatuses: result.duplicateStatuses,
      events: result.events,
    });
  } catch (error) {
    return handleApiError(error, { route: 'POST /webhook/whatsapp' });
  }
}
