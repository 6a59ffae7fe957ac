// npm run user:create -- --email anna@agency.nl --name "Anna" --role admin [--password ...]
// Without --password a strong one is generated and shown once.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import nextEnv from '@next/env';
import { z } from 'zod';
import { UserExistsError, createUser } from '../lib/auth/users';
import { ROOT, runningEmbeddedDatabaseUrl } from './lib/local-config';

nextEnv.loadEnvConfig(ROOT);
process.env.DATABASE_URL ??= runningEmbeddedDatabaseUrl();
process.env.WHATSAPP_WEBHOOK_SECRET ??= 'not-used-by-this-command';
const { values } = parseArgs({
  options: {
    email: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string', default: 'recruiter' },
    password: { type: 'string' },
  },
});
if (!process.env.DATABASE_URL) {
  console.error('DATABASE_URL is not set and the embedded database is not running (start it with `npm run dev`).');
  process.exit(1);
}
const password = values.password ?? randomBytes(12).toString('base64url');
try {
  const user = await createUser({
    email: values.email ?? '',
    name: values.name ?? '',
    role: (values.role ?? '').toUpperCase() as 'ADMIN' | 'RECRUITER',
    password,
  });
  console.log(`Created ${user.role.toLowerCase()} ${user.name} <${user.email}>.`);
  if (!values.password) console.log(`Password (shown once): ${password}`);
  process.exit(0);
} catch (error) {
  if (error instanceof z.ZodError) {
    for (const issue of error.issues) console.error(`--${issue.path.join('.')}: ${issue.message}`);
    console.error('usage: npm run user:create -- --email EMAIL --name NAME [--role admin|recruiter] [--password PASSWORD]');
  } else if (error instanceof UserExistsError) console.error(error.message);
  else console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
