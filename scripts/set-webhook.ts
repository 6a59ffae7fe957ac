// npm run whatsapp:set-webhook -- <url>
// Tells 360Dialog where to deliver messages and statuses, with the shared secret as the
// X-Webhook-Secret header on every delivery (POST /v1/configs/webhook).
import nextEnv from '@next/env';
import { ConfigError, env } from '../lib/env';
import { WhatsAppApiError } from '../lib/whatsapp/errors';
import { WhatsAppClient } from '../lib/whatsapp/client';
import { ROOT } from './lib/local-config';

nextEnv.loadEnvConfig(ROOT);
const target = process.argv[2];
if (!target) {
  console.error('usage: npm run whatsapp:set-webhook -- https://inbox.example.com/webhook/whatsapp');
  process.exit(2);
}
let url: URL;
try {
  url = new URL(target);
} catch {
  console.error(`${target} is not a URL`);
  process.exit(2);
}
const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
if (url.protocol !== 'https:' && !local) {
  console.error('The webhook URL must use https (360Dialog delivers candidates\' messages to it).');
  process.exit(2);
}
try {
  const config = env();
  const headers: Record<string, string> = {};
  if (config.WHATSAPP_WEBHOOK_SECRET) headers['X-Webhook-Secret'] = config.WHATSAPP_WEBHOOK_SECRET;
  await WhatsAppClient.fromEnv().setWebhook(url.toString(), headers);
  console.log(`360Dialog now delivers to ${url}${headers['X-Webhook-Secret'] ? ' with the X-Webhook-Secret header' : ''}.`);
} catch (error) {
  if (error instanceof ConfigError) console.error(error.message);
  else if (error instanceof WhatsAppApiError) console.error(`${error.sentence} (${error.message})`);
  else console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
