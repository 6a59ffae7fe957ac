// The dashboard's first render in the browser matches the HTML the server sent, whatever
// arrives first. The top bar (its own script) opens the tab's live connection; the inbox's
// script can come later, after the connection is up. The inbox must still hydrate with the
// state the server rendered ("offline") and only then show "live", or React throws away the
// server's HTML with a hydration error.
import type { Browser, Route } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestUser } from './helpers/auth';
import { launchBrowser } from './helpers/browser';
import { baseUrl } from './helpers/webhook';

let browser: Browser;
let user: Awaited<ReturnType<typeof createTestUser>>;

beforeAll(async () => {
  browser = await launchBrowser();
  user = await createTestUser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

it('hydrates the inbox without a mismatch when the live connection opened before its script ran', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });

  await page.goto(`${baseUrl()}/sign-in`);
  await page.getByLabel('E-mailadres').fill(user.email);
  await page.getByLabel('Wachtwoord').fill(user.password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL(/\/conversations/);
  await page.locator('.live.on').waitFor();

  // Reload with the conversation list's script held back until the live stream has answered.
  let streamAnswered!: () => void;
  const answered = new Promise<void>((resolve) => (streamAnswered = resolve));
  page.on('response', (response) => {
    if (new URL(response.url()).pathname === '/api/events' && response.status() === 200) streamAnswered();
  });
  let heldBack = 0;
  await page.route(/\/_next\/static\/chunks\/.+\.js$/, async (route: Route) => {
    const response = await route.fetch();
    const body = await response.text();
    // The list's own words (message keys survive minifying); everything else goes at once.
    if (body.includes('liveTitle')) {
      heldBack++;
      await answered;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await route.fulfill({ response, body });
  });
  await page.reload();
  await page.getByRole('heading', { name: 'Gesprekken' }).waitFor();
  await page.locator('.live.on').waitFor({ timeout: 15_000 });
  expect(heldBack).toBeGreaterThan(0);
  expect(problems).toEqual([]);
  await context.close();
}, 60_000);
