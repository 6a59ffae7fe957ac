// Configuration errors name the variable and say what is wrong.
import { describe, expect, it } from 'vitest';
import { ConfigError, appNodeOptions, parseEnv } from '../lib/env';

const valid = { DATABASE_URL: 'postgresql://localhost:5432/app', WHATSAPP_WEBHOOK_SECRET: 'a-long-enough-secret' };

function problems(source: Record<string, string | undefined>): string {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return '';
}

describe('configuration', () => {
  it('accepts a minimal configuration and fills in the defaults', () => {
    const env = parseEnv(valid);
    expect(env.PORT).toBe(3000);
    expect(env.THREESIXTY_DIALOG_BASE_URL).toBe('https://waba-v2.360dialog.io');
    expect(env.WEBHOOK_MAX_BODY_BYTES).toBe(1024 * 1024);
    expect(env.WEBHOOK_MAX_IN_FLIGHT).toBe(1000);
    expect(env.APP_MAX_HEAP_MB).toBe(256);
  });

  it("gives the server process a heap limit, unless it is turned off or NODE_OPTIONS has one", () => {
    expect(appNodeOptions(parseEnv(valid).APP_MAX_HEAP_MB)).toBe('--max-old-space-size=256');
    expect(appNodeOptions(parseEnv({ ...valid, APP_MAX_HEAP_MB: '512' }).APP_MAX_HEAP_MB, '--enable-source-maps')).toBe(
      '--enable-source-maps --max-old-space-size=512',
    );
    expect(appNodeOptions(parseEnv({ ...valid, APP_MAX_HEAP_MB: '0' }).APP_MAX_HEAP_MB, '--trace-gc')).toBe('--trace-gc');
    expect(appNodeOptions(256, '--max-old-space-size=1024')).toBe('--max-old-space-size=1024');
    expect(problems({ ...valid, APP_MAX_HEAP_MB: '64' })).toMatch(/APP_MAX_HEAP_MB must be 0 \(Node decides\) or at least 128/);
    expect(problems({ ...valid, APP_MAX_HEAP_MB: 'lots' })).toMatch(/APP_MAX_HEAP_MB/);
  });

  it('names a missing DATABASE_URL', () => {
    expect(problems({ ...valid, DATABASE_URL: undefined })).toMatch(/DATABASE_URL is not set/);
  });

  it('names every invalid variable at once', () => {
    const message = problems({ ...valid, DATABASE_URL: 'mysql://x', PORT: 'eighty', THREESIXTY_DIALOG_BASE_URL: 'not a url' });
    expect(message).toMatch(/DATABASE_URL/);
    expect(message).toMatch(/PORT/);
    expect(message).toMatch(/THREESIXTY_DIALOG_BASE_URL/);
  });

  it('refuses to run the webhook without any secret, or with a short one', () => {
    expect(problems({ ...valid, WHATSAPP_WEBHOOK_SECRET: undefined })).toMatch(/WHATSAPP_WEBHOOK_SECRET \(or WHATSAPP_APP_SECRET\) must be set/);
    expect(problems({ ...valid, WHATSAPP_WEBHOOK_SECRET: 'short' })).toMatch(/at least 16 characters/);
    expect(problems({ ...valid, WHATSAPP_WEBHOOK_SECRET: undefined, WHATSAPP_APP_SECRET: 'app-secret' })).toBe('');
  });

  it('does not echo secret values in its messages', () => {
    expect(problems({ ...valid, WHATSAPP_WEBHOOK_SECRET: 'tiny-secret' })).not.toContain('tiny-secret');
  });
});
