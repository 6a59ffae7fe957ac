// Security headers on pages, API routes and the webhook alike; the pages' script policy
// with a fresh nonce per response, and the dashboard working in Chromium under it (no
// violation), including when requests meet a 429.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from './helpers/auth';
import { launchBrowser } from './helpers/browser';
import { baseUrl } from './helpers/webhook';

const directive = (csp: string, name: string) => csp.split(';').map((part) => part.trim()).find((part) => part.startsWith(`${name} `)) ?? '';

describe('security headers', () => {
  it.each(['/sign-in', '/api/health', '/api/conversations', '/webhook/whatsapp'])('are sent with %s', async (path) => {
    const response = await fetch(`${baseUrl()}${path}`, { redirect: 'manual' });
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(directive(csp, 'script-src')).not.toContain('unsafe-inline');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('give every page a script nonce of its own, and its scripts carry it', async () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${baseUrl()}/sign-in`);
      const csp = response.headers.get('content-security-policy') ?? '';
      // One policy, not a second looser one beside it.
      expect(csp.split(',').length).toBe(1);
      const scripts = directive(csp, 'script-src');
      expect(scripts).toMatch(/^script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}' 'strict-dynamic'$/);
      const nonce = /'nonce-([^']+)'/.exec(scripts)![1]!;
      nonces.add(nonce);
      const html = await response.text();
      const tags = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
      expect(tags.length).toBeGreaterThan(0);
      for (const tag of tags) expect(tag).toContain(`nonce="${nonce}"`);
    }
    expect(nonces.size).toBe(3);
  });
});

describe('the dashboard in a browser, under the policy', () => {
  let browser: Browser;
  let user: Awaited<ReturnType<typeof createTestUser>>;

  beforeAll(async () => {
    browser = await launchBrowser();
    user = await createTestUser('ADMIN');
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  /** A page that records every CSP violation and script error. */
  async function watchedPage(): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    await page.exposeFunction('reportViolation', (text: string) => problems.push(text));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) =>
        (window as unknown as { reportViolation(text: string): void }).reportViolation(`${event.violatedDirective} ${event.blockedURI}`),
      );
    });
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    return { page, problems };
  }

  async function signIn(page: Page) {
    await page.goto(`${baseUrl()}/sign-in`);
    await page.getByLabel('E-mailadres').fill(user.email);
    await page.getByLabel('Wachtwoord').fill(user.password);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForURL(/\/conversations/);
  }

  it('signs in and shows the conversations, live, the costs and the users, with no violation', async () => {
    const { page, problems } = await watchedPage();
    await signIn(page);
    await page.getByRole('heading', { name: 'Gesprekken' }).waitFor();
    // The event stream is open: the client code ran.
    await page.locator('.live.on').waitFor();
    await page.goto(`${baseUrl()}/costs`);
    await page.waitForLoadState('networkidle');
    await page.goto(`${baseUrl()}/admin/users`);
    await page.getByText(user.email).first().waitFor();
    expect(problems).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('rides out a 429: the list loads after Retry-After, the event stream opens again', async () => {
    const { page, problems } = await watchedPage();
    await signIn(page);
    await page.locator('.live.on').waitFor();
    // From now on, the next answer of each is a rate limit, as a busy server would give.
    let refusedList = 0;
    let refusedStream = 0;
    const tooMany = { status: 429, headers: { 'retry-after': '1', 'content-type': 'application/json' }, body: '{"error":{"code":"rate_limited","message":"Too many requests: try again in 1 seconds."}}' };
    await page.route(/\/api\/conversations(\?|$)/, (route) => (refusedList++ === 0 ? route.fulfill(tooMany) : route.continue()));
    await page.route(/\/api\/events$/, (route) => (refusedStream++ === 0 ? route.fulfill(tooMany) : route.continue()));
    const listLoaded = page.waitForResponse((response) => /\/api\/conversations(\?|$)/.test(response.url()) && response.status() === 200, { timeout: 15_000 });
    await page.reload();
    await page.getByRole('heading', { name: 'Gesprekken' }).waitFor();
    await listLoaded;
    await page.locator('.live.on').waitFor({ timeout: 15_000 });
    expect(refusedList).toBeGreaterThan(1);
    expect(refusedStream).toBeGreaterThan(1);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 60_000);
});
