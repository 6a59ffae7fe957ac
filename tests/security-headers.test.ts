// Security headers on pages, API routes and the webhook alike.
import { describe, expect, it } from 'vitest';
import { baseUrl } from './helpers/webhook';

describe('security headers', () => {
  it.each(['/sign-in', '/api/health', '/api/conversations', '/webhook/whatsapp'])('are sent with %s', async (path) => {
    const response = await fetch(`${baseUrl()}${path}`, { redirect: 'manual' });
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(response.headers.get('x-powered-by')).toBeNull();
  });
});
