// Configuration errors stop the app with a sentence; secrets, password hashes and webhook
// bodies stay out of logs and responses.
import { describe, expect, it } from 'vitest';
import { cloudPayload, exampleMessage } from '../dev/examples';
import { startApp } from './helpers/app-server';
import { useIsolatedDatabase } from './helpers/isolated-database';
import { TEST_SECRETS } from './helpers/secrets';

const databaseUrl = await useIsolatedDatabase();

describe('configuration errors', () => {
  it('stop the app at start with a sentence naming the variable', async () => {
    const failure = await startApp({ env: { ...TEST_SECRETS, DATABASE_URL: databaseUrl, PORT: undefined, THREESIXTY_DIALOG_BASE_URL: 'not a url', WHATSAPP_WEBHOOK_SECRET: 'short' }, timeoutMs: 30_000 }).then(
      () => null,
      (error: Error) => error.message,
    );
    expect(failure).toMatch(/exited with 1/);
    expect(failure).toMatch(/THREESIXTY_DIALOG_BASE_URL/);
    expect(failure).toMatch(/WHATSAPP_WEBHOOK_SECRET must be at least 16 characters long/);
    expect(failure).not.toContain('short\n');
  });
});

describe('what the app writes to its log', () => {
  it('holds no secret, no password hash and no message content, even when things go wrong', async () => {
    const app = await startApp({ env: { ...TEST_SECRETS, DATABASE_URL: databaseUrl, LOG_LEVEL: 'debug', THREESIXTY_DIALOG_BASE_URL: 'http://127.0.0.1:9', THREESIXTY_DIALOG_API_KEY: 'api-key-that-must-not-leak' } });
    try {
      const secretText = 'mijn BSN is 123456789';
      const body = JSON.stringify(cloudPayload({ messages: [exampleMessage('text', { text: secretText })] }));
      const post = (headers: Record<string, string>, payload = body) =>
        fetch(`${app.url}/webhook/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: payload });
      await post({ 'x-webhook-secret': 'a-wrong-secret-value-123' });
      await post({ 'x-webhook-secret': TEST_SECRETS.WHATSAPP_WEBHOOK_SECRET, 'x-hub-signature-256': 'sha256=00' });
      await post({ 'x-webhook-secret': TEST_SECRETS.WHATSAPP_WEBHOOK_SECRET }, '{"entry": "broken", "text": "' + secretText + '"}');
      await fetch(`${app.url}/api/auth/callback/credentials`, { method: 'POST', body: 'email=a@b.c&password=hunter2-password' });
      await new Promise((resolve) => setTimeout(resolve, 500));
      const log = app.output();
      for (const secret of [...Object.values(TEST_SECRETS).filter((v) => v.length > 8), 'api-key-that-must-not-leak', 'a-wrong-secret-value-123', 'hunter2-password']) {
        expect(log).not.toContain(secret);
      }
      expect(log).not.toContain(secretText);
      expect(log).not.toMatch(/scrypt\$/);
    } finally {
      await app.stop();
    }
  });
});
