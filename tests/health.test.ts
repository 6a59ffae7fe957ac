// GET /api/health says whether the app can reach its database.
import { describe, expect, it } from 'vitest';
import { startApp } from './helpers/app-server';
import { TEST_SECRETS } from './helpers/secrets';
import { baseUrl } from './helpers/webhook';

describe('health', () => {
  it('answers 200 when the database is reachable', async () => {
    const response = await fetch(`${baseUrl()}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', database: 'ok' });
  });

  it('answers 503 when it is not, without leaking the connection string', async () => {
    const app = await startApp({
      expectHealth: 503,
      env: { ...TEST_SECRETS, DATABASE_URL: 'postgresql://nobody:hunter2@127.0.0.1:1/none', LOG_LEVEL: 'error' },
    });
    try {
      const response = await fetch(`${app.url}/api/health`);
      expect(response.status).toBe(503);
      const text = await response.text();
      expect(JSON.parse(text)).toMatchObject({ status: 'degraded', database: 'unreachable' });
      expect(text).not.toContain('hunter2');
      expect(app.output()).not.toContain('hunter2');
    } finally {
      await app.stop();
    }
  });
});
