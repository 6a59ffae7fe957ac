// npm run db:migrate
// Applies prisma/migrations to DATABASE_URL (or to the embedded database while
// `npm run dev`/`npm start` runs it), recording them in _prisma_migrations like
// `prisma migrate deploy`.
import nextEnv from '@next/env';
import { migrate } from '../lib/db/migrations';
import { ROOT, runningEmbeddedDatabaseUrl } from './lib/local-config';

nextEnv.loadEnvConfig(ROOT);
const url = process.env.DATABASE_URL ?? runningEmbeddedDatabaseUrl();
if (!url) {
  console.error(
    'DATABASE_URL is not set and the embedded database is not running. Set DATABASE_URL, or just run ' +
      '`npm run dev`: it applies the migrations to the embedded database itself.',
  );
  process.exit(1);
}
try {
  const result = await migrate(url, { log: (line) => console.log(line) });
  console.log(`${result.applied.length} migration(s) applied, ${result.alreadyApplied.length} already applied.`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
