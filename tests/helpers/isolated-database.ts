// A database of this test file's own (each test file runs in its own process): for tests
// whose background workers must not see, or be seen by, the shared test app.
import { afterAll } from 'vitest';
import { db } from '../../lib/db/client';
import { migrate } from '../../lib/db/migrations';
import { createDatabase, dropDatabase } from './database';

export async function useIsolatedDatabase(): Promise<string> {
  const database = await createDatabase('wa_iso');
  await migrate(database.url);
  process.env.DATABASE_URL = database.url;
  afterAll(async () => {
    await db().$disconnect();
    await dropDatabase(database.name);
  });
  return database.url;
}
