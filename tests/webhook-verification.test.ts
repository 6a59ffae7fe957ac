// GET /webhook/whatsapp: the Meta-style handshake answers only the configured token.
import { describe, expect, it } from 'vitest';
import { TEST_SECRETS } from './helpers/secrets';
import { baseUrl } from './helpers/webhook';

const get = (query: string) => fetch(`${baseUrl()}/webhook/whatsapp${query}`);

describe('webhook verification (GET)', () => {
  it('echoes the bare challenge as text/plain when the token matches', async () => {
    const response = await get(
      `?hub.mode=subscribe&hub.verify_token=${TEST_SECRETS.WHATSAPP_VERIFY_TOKEN}&hub.challenge=1158201444`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toBe('1158201444');
  });

  it('refuses a wrong token with 403 and does not echo the challenge', async () => {
    const response = await get('?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444');
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain('1158201444');
  });

  it('refuses a request without the parameters, or with another mode', async () => {
    expect((await get('')).status).toBe(403);
    expect((await get('?hub.challenge=42')).status).toBe(403);
    expect((await get(`?hub.verify_token=${TEST_SECRETS.WHATSAPP_VERIFY_TOKEN}&hub.challenge=42`)).status).toBe(403);
    expect(
      (await get(`?hub.mode=unsubscribe&hub.verify_token=${TEST_SECRETS.WHATSAPP_VERIFY_TOKEN}&hub.challenge=42`)).status,
    ).toBe(403);
  });
});
