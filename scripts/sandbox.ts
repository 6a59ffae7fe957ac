// npm run sandbox            - run the local 360Dialog sandbox on its own
// npm run sandbox:inbound -- [--from N] [--name NAME] [--type TYPE] [--text TEXT]
//                            - a candidate sends a message through the running sandbox
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import nextEnv from '@next/env';
import { Sandbox } from '../dev/sandbox/server';
import { redeliveryFromEnv } from '../dev/sandbox/webhooks';
import { EXAMPLE_MESSAGE_TYPES } from '../dev/examples';
import { ROOT, SANDBOX_STATE_FILE, readDevSecrets, runningSandboxUrl, writeSandboxState } from './lib/local-config';

nextEnv.loadEnvConfig(ROOT);
const [command = 'serve', ...rest] = process.argv.slice(2);

if (command === 'serve') {
  const { values } = parseArgs({
    args: rest,
    options: { port: { type: 'string' }, webhook: { type: 'string' }, 'api-key': { type: 'string' } },
  });
  const secret = process.env.WHATSAPP_WEBHOOK_SECRET ?? readDevSecrets()?.WHATSAPP_WEBHOOK_SECRET;
  const webhookUrl = values.webhook ?? `http://127.0.0.1:${process.env.PORT ?? 3000}/webhook/whatsapp`;
  let redelivery;
  try {
    redelivery = redeliveryFromEnv(process.env);
  } catch (error) {
    console.error(`${(error as Error).message} (see .env.example)`);
    process.exit(2);
  }
  const sandbox = await new Sandbox({
    port: Number(values.port ?? process.env.SANDBOX_PORT ?? 4545),
    apiKey: values['api-key'] ?? process.env.SANDBOX_API_KEY ?? 'sandbox-api-key',
    webhook: { url: webhookUrl, headers: secret ? { 'X-Webhook-Secret': secret } : {} },
    redelivery,
    log: (line) => console.log(line),
  }).start();
  writeSandboxState(sandbox.url);
  console.log(`360Dialog sandbox on ${sandbox.url} (API key "${sandbox.apiKey}"), webhooks to ${webhookUrl}`);
  console.log('Point the app at it: THREESIXTY_DIALOG_BASE_URL=' + sandbox.url + ' THREESIXTY_DIALOG_API_KEY=' + sandbox.apiKey);
  const stop = async () => {
    rmSync(SANDBOX_STATE_FILE, { force: true });
    await sandbox.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} else if (command === 'inbound') {
  const { values } = parseArgs({
    args: rest,
    options: {
      from: { type: 'string', default: '31612345678' },
      name: { type: 'string', default: 'Sarah' },
      type: { type: 'string', default: 'text' },
      text: { type: 'string' },
      url: { type: 'string' },
    },
  });
  if (!(EXAMPLE_MESSAGE_TYPES as readonly string[]).includes(values.type!)) {
    console.error(`--type must be one of ${EXAMPLE_MESSAGE_TYPES.join(', ')}`);
    process.exit(2);
  }
  const url = values.url ?? process.env.SANDBOX_URL ?? runningSandboxUrl();
  if (!url) {
    console.error('No sandbox is running: start the app with `npm run dev` (no API key) or run `npm run sandbox`.');
    process.exit(1);
  }
  const response = await fetch(`${url}/sandbox/inbound`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from: values.from, name: values.name, type: values.type, text: values.text }),
  });
  console.log(JSON.stringify(await response.json(), null, 2));
} else {
  console.error('usage: npm run sandbox  |  npm run sandbox:inbound -- [--from N] [--name NAME] [--type TYPE] [--text TEXT]');
  process.exit(2);
}
