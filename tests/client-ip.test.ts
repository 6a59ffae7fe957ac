// The client's address: the socket's, or the X-Forwarded-For entry TRUSTED_PROXY_HOPS
// points at; never what a client claims. Worked out by the web server in front of Next.js
// (scripts/web.ts), checked here as a function and over HTTP on an app that trusts one
// proxy (this test plays that proxy).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { clientAddress, clientIp, normalizeAddress } from '../lib/http/client-ip';
import { startApp, type RunningApp } from './helpers/app-server';
import { TEST_SECRETS } from './helpers/secrets';

describe('the client address', () => {
  it('is the socket\'s without trusted proxies, whatever X-Forwarded-For says', () => {
    expect(clientAddress({ socketAddress: '::ffff:192.0.2.7', forwardedFor: '198.51.100.1', hops: 0 })).toBe('192.0.2.7');
    expect(clientAddress({ socketAddress: '2001:DB8::1', forwardedFor: undefined, hops: 0 })).toBe('2001:db8::1');
  });

  it('is the N-th X-Forwarded-For entry from the right with N trusted proxies', () => {
    // One reverse proxy: it appended the address it saw; what is left of it is the client's claim.
    expect(clientAddress({ socketAddress: '10.0.0.2', forwardedFor: '203.0.113.9, 198.51.100.4', hops: 1 })).toBe('198.51.100.4');
    // A load balancer and a proxy: the balancer wrote the client, the proxy the balancer.
    expect(clientAddress({ socketAddress: '10.0.0.3', forwardedFor: '203.0.113.9, 198.51.100.4, 10.0.0.2', hops: 2 })).toBe('198.51.100.4');
    // Several header lines are one list.
    expect(clientAddress({ socketAddress: '10.0.0.3', forwardedFor: ['203.0.113.9', '198.51.100.4, 10.0.0.2'], hops: 2 })).toBe('198.51.100.4');
    // Fewer entries than proxies: the leftmost a proxy of ours wrote; none: the socket.
    expect(clientAddress({ socketAddress: '10.0.0.3', forwardedFor: '198.51.100.4', hops: 2 })).toBe('198.51.100.4');
    expect(clientAddress({ socketAddress: '10.0.0.3', forwardedFor: undefined, hops: 2 })).toBe('10.0.0.3');
    // Not an address at the trusted place: nobody in particular, never the claim.
    expect(clientAddress({ socketAddress: '10.0.0.3', forwardedFor: 'evil, unknown', hops: 1 })).toBe('unknown');
  });

  it('reads addresses with ports and brackets, and nothing else', () => {
    expect(normalizeAddress('[2001:db8::5]:443')).toBe('2001:db8::5');
    expect(normalizeAddress('192.0.2.1:8080')).toBe('192.0.2.1');
    expect(normalizeAddress('<script>')).toBeNull();
    expect(normalizeAddress('')).toBeNull();
  });

  it('is read by the app from the header the web server wrote, and only with its token', () => {
    const previous = process.env.WEB_CLIENT_ADDRESS_TOKEN;
    try {
      // An app started without the web server (a bare `next start`) has no token: nothing sent is believed.
      delete process.env.WEB_CLIENT_ADDRESS_TOKEN;
      expect(clientIp({ 'x-client-address': '192.0.2.9', 'x-client-address-token': '' })).toBe('unknown');
      expect(clientIp({ 'x-client-address': '192.0.2.9' })).toBe('unknown');
      process.env.WEB_CLIENT_ADDRESS_TOKEN = 'server-made-token-0123456789';
      const token = { 'x-client-address-token': 'server-made-token-0123456789' };
      expect(clientIp(new Headers({ 'x-client-address': '192.0.2.9', 'x-forwarded-for': '198.51.100.1', ...token }))).toBe('192.0.2.9');
      expect(clientIp(new Headers({ 'x-forwarded-for': '198.51.100.1', ...token }))).toBe('unknown');
      expect(clientIp({ 'x-client-address': '192.0.2.9', ...token })).toBe('192.0.2.9');
      expect(clientIp({ 'x-client-address': '192.0.2.9', 'x-client-address-token': 'server-made-token-0123456788' })).toBe('unknown');
    } finally {
      if (previous === undefined) delete process.env.WEB_CLIENT_ADDRESS_TOKEN;
      else process.env.WEB_CLIENT_ADDRESS_TOKEN = previous;
    }
  });
});

describe('behind one trusted proxy, over HTTP', () => {
  let app: RunningApp;

  beforeAll(async () => {
    app = await startApp({
      env: {
        ...TEST_SECRETS,
        DATABASE_URL: inject('databaseUrl'),
        DATABASE_POOL_SIZE: '3',
        THREESIXTY_DIALOG_BASE_URL: inject('sandboxUrl'),
        THREESIXTY_DIALOG_API_KEY: 'test-sandbox-key',
        TRUSTED_PROXY_HOPS: '1',
        WORKER: 'off',
        LOG_LEVEL: 'error',
      },
    });
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
  });

  it('limits the address the proxy saw, not what the client put in front of it', async () => {
    const into = Date.now() % 60_000;
    if (into > 45_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - into + 200));
    const statuses: number[] = [];
    for (let i = 0; i < 110; i++) {
      // The client forges an entry (and the app's own header); the proxy appends the real address.
      const response = await fetch(`${app.url}/api/health`, { headers: { 'x-forwarded-for': `10.1.${i}.1, 198.51.100.77`, 'x-client-address': `10.2.${i}.1` } });
      statuses.push(response.status);
      await response.arrayBuffer();
    }
    expect(statuses.slice(0, 100).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(100)).toEqual(Array(10).fill(429));
    // Another client behind the same proxy has a budget of its own.
    const other = await fetch(`${app.url}/api/health`, { headers: { 'x-forwarded-for': '198.51.100.78' } });
    expect(other.status).toBe(200);
  }, 60_000);
});
