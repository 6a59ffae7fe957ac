// npm run webhook:send -- [options]
// Posts a realistic 360Dialog webhook to a running instance, authenticated like 360Dialog
// does it (X-Webhook-Secret, and an HMAC signature when WHATSAPP_APP_SECRET is set).
// Without options it sends the seed document's example message.
import { parseArgs } from 'node:util';
import nextEnv from '@next/env';
import {
  EXAMPLE_MESSAGE_TYPES,
  SEED_EXAMPLE,
  cloudPayload,
  exampleContact,
  exampleMessage,
  exampleStatus,
  legacyPayload,
  type ExampleMessageType,
} from '../dev/examples';
import { SECRET_HEADER, signBody } from '../lib/ingest/webhook-auth';
import { ROOT, readDevSecrets } from './lib/local-config';

const usage = `usage: npm run webhook:send -- [options]

  (no options)            the seed document's example: Sarah asks about a hairdresser job
  --type TYPE             a message of this type: ${EXAMPLE_MESSAGE_TYPES.join(', ')}
  --text TEXT             the text (or caption, button title, emoji...) of the message
  --from NUMBER           the candidate's number (default 31612345678)
  --name NAME             the candidate's profile name (default Sarah)
  --status STATUS         a status webhook instead: sent, delivered, read or failed (needs --wamid)
  --wamid ID              the message id (of the message sent, or the one a status is about)
  --pricing CATEGORY      with --status: add Meta's pricing object (service, utility, marketing...)
  --shape cloud|legacy    Cloud API envelope (default with --type/--status) or the legacy shape
  --url URL               where to post (default http://localhost:$PORT/webhook/whatsapp)
  --print                 print the payload instead of posting it`;

const { values } = parseArgs({
  options: {
    type: { type: 'string' },
    text: { type: 'string' },
    from: { type: 'string' },
    name: { type: 'string' },
    status: { type: 'string' },
    wamid: { type: 'string' },
    pricing: { type: 'string' },
    shape: { type: 'string' },
    url: { type: 'string' },
    print: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}
nextEnv.loadEnvConfig(ROOT);

function fail(message: string): never {
  console.error(`${message}\n\n${usage}`);
  process.exit(2);
}

function buildPayload(): unknown {
  const shape = values.shape ?? 'cloud';
  if (shape !== 'cloud' && shape !== 'legacy') fail('--shape must be cloud or legacy');
  const wrap = shape === 'cloud' ? cloudPayload : legacyPayload;
  if (values.status) {
    const status = values.status;
    if (!['sent', 'delivered', 'read', 'failed'].includes(status)) fail('--status must be sent, delivered, read or failed');
    if (!values.wamid) fail('--status needs --wamid (the id of the message the status is about)');
    return wrap({
      statuses: [
        exampleStatus({
          wamid: values.wamid,
          status: status as 'sent',
          recipient: values.from,
          pricing: values.pricing ? { category: values.pricing } : undefined,
        }),
      ],
    });
  }
  if (!values.type && !values.text && !values.from && !values.name && !values.shape) return SEED_EXAMPLE;
  const type = (values.type ?? 'text') as ExampleMessageType;
  if (!EXAMPLE_MESSAGE_TYPES.includes(type)) fail(`unknown --type ${type}`);
  const options = { from: values.from, name: values.name, text: values.text, wamid: values.wamid };
  const message = exampleMessage(type, options);
  return wrap(type === 'system' ? { messages: [message] } : { contacts: [exampleContact(options)], messages: [message] });
}

const payload = buildPayload();
const body = JSON.stringify(payload);
if (values.print) {
  console.log(JSON.stringify(payload, null, 2));
  process.exit(0);
}

const local = readDevSecrets();
const secret = process.env.WHATSAPP_WEBHOOK_SECRET ?? (process.env.WHATSAPP_APP_SECRET ? undefined : local?.WHATSAPP_WEBHOOK_SECRET);
const headers: Record<string, string> = { 'content-type': 'application/json' };
if (secret) headers[SECRET_HEADER] = secret;
if (process.env.WHATSAPP_APP_SECRET) headers['x-hub-signature-256'] = `sha256=${signBody(body, process.env.WHATSAPP_APP_SECRET)}`;
const url = values.url ?? `http://localhost:${process.env.PORT ?? 3000}/webhook/whatsapp`;

try {
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  console.log(`${response.status} ${response.statusText}\n${text}`);
  process.exit(response.ok ? 0 : 1);
} catch (error) {
  console.error(`Could not reach ${url}: ${error instanceof Error ? error.message : error}. Is the app running (npm run dev)?`);
  process.exit(1);
}
