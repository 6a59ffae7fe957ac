// npm run candidate:erase -- <wa_id or BSUID>
// Deletes everything about one candidate (GDPR erasure), recorded in audit_log without the content.
import nextEnv from '@next/env';
import { db } from '../lib/db/client';
import { normaliseWaId } from '../lib/ingest/fields';
import { eraseCandidate } from '../lib/privacy/candidates';
import { ROOT, runningEmbeddedDatabaseUrl } from './lib/local-config';

nextEnv.loadEnvConfig(ROOT);
process.env.DATABASE_URL ??= runningEmbeddedDatabaseUrl();
process.env.WHATSAPP_WEBHOOK_SECRET ??= 'not-used-by-this-command';
const identity = normaliseWaId(process.argv[2]);
if (!identity) {
  console.error('usage: npm run candidate:erase -- <whatsapp number or business-scoped user id>');
  process.exit(2);
}
if (!process.env.DATABASE_URL) {
  console.error('DATABASE_URL is not set and the embedded database is not running (start it with `npm run dev`).');
  process.exit(1);
}
const contact = await db().contact.findFirst({ where: { OR: [{ identity }, { waId: identity }, { userId: identity }] } });
if (!contact) {
  console.error(`No candidate with ${identity}.`);
  process.exit(1);
}
const { messages } = await eraseCandidate(contact.id, null);
console.log(`Erased the candidate and ${messages} message(s).`);
process.exit(0);
