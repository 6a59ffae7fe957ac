import { env } from '@/lib/env';
import { parseWebhookPayload } from '@/lib/ingest/payload';
import { announceInbound } from '@/lib/ingest/processing';
import { storeDelivery } from '@/lib/ingest/store';
import { verificationChallenge } from '@/lib/ingest/webhook-auth';
import { withWebhook } from '@/lib/http/with-webhook';

export const dynamic = 'force-dynamic';

// GET /webhook/whatsapp - Meta-style verification handshake (hub.mode/hub.verify_token/hub.challenge)
export async function GET(request: Request) {
  const challenge = verificationChallenge(new URL(request.url).searchParams, env().WHATSAPP_VERIFY_TOKEN);
  const headers = { 'content-type': 'text/plain; charset=utf-8' };
  return challenge === null ? new Response('Forbidden', { status: 403, headers }) : new Response(challenge, { status: 200, headers });
}

// POST /webhook/whatsapp - receive messages and statuses from 360Dialog; answered as soon as they are stored
export const POST = withWebhook(
  async ({ body: batch }) => {
    const result = await storeDelivery(batch);
    const ids = result.storedMessageIds;
    // Committed: a worker answers them (a NOTIFY on 'inbound', sent with the live events a few ms later).
    if (ids.length > 0) announceInbound();
    return {
      ok: true,
      stored: ids.length,
      duplicates: result.duplicateMessages,
      statuses: result.statuses,
      duplicateStatuses: result.duplicateStatuses,
      events: result.events,
    };
  },
  { body: { parse: parseWebhookPayload } },
);
