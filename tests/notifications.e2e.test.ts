// Notifications in a real browser: a recruiter signed in on instance B, who allowed
// notifications, is told when a candidate writes in their conversation on instance A (both
// instances on one database), hears the chime, sees the count in the tab's title, and opens
// the conversation from the notification.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sandbox } from '../dev/sandbox/server';
import { createUser } from '../lib/auth/users';
import { db } from '../lib/db/client';
import { ROOT, startApp, type RunningApp } from './helpers/app-server';
import { launchBrowser } from './helpers/browser';
import { useIsolatedDatabase } from './helpers/isolated-database';
import { until } from './helpers/sandbox';
import { TEST_SECRETS } from './helpers/secrets';
import { uniquePhone } from './helpers/webhook';

const databaseUrl = await useIsolatedDatabase();
const password = 'a-long-recruiter-password';
// SAVE_SCREENSHOTS=1 refreshes the README's screenshot; otherwise it goes to test-results.
const SCREENSHOTS = path.join(ROOT, process.env.SAVE_SCREENSHOTS ? 'docs/screenshots' : 'test-results/screenshots');
let sandbox: Sandbox;
let appA: RunningApp;
let appB: RunningApp;
let browser: Browser;
let bram: { id: string; email: string };

beforeAll(async () => {
  sandbox = await new Sandbox({ apiKey: 'e2e-notify-key' }).start();
  const env = {
    ...TEST_SECRETS,
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '5',
    THREESIXTY_DIALOG_BASE_URL: sandbox.url,
    THREESIXTY_DIALOG_API_KEY: sandbox.apiKey,
    OUTBOX_POLL_INTERVAL_MS: '200',
    TRUSTED_PROXY_HOPS: '1',
    LOG_LEVEL: 'error',
  };
  // A receives the webhooks and runs the worker; B only serves the dashboard.
  [appA, appB] = await Promise.all([startApp({ env }), startApp({ env: { ...env, WORKER: 'off' } })]);
  sandbox.webhook = { url: `${appA.url}/webhook/whatsapp`, headers: { 'X-Webhook-Secret': TEST_SECRETS.WHATSAPP_WEBHOOK_SECRET }, appSecret: TEST_SECRETS.WHATSAPP_APP_SECRET };
  bram = await createUser({ email: 'bram@agency.test', name: 'Bram de Boer', password });
  browser = await launchBrowser();
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([appA?.stop(), appB?.stop()]);
  await sandbox?.stop();
});

// Every browser notification the page makes, kept for the test (and still shown).
const CAPTURE = `
  window.__notifications = [];
  window.__chimes = 0;
  const Original = window.Notification;
  class Captured extends Original {
    constructor(title, options) {
      super(title, options);
      window.__notifications.push({ title, body: options && options.body, tag: options && options.tag });
      window.__lastNotification = this;
    }
  }
  Object.defineProperty(Captured, 'permission', { get: () => Original.permission });
  Captured.requestPermission = (...args) => Original.requestPermission(...args);
  window.Notification = Captured;
  const start = OscillatorNode.prototype.start;
  OscillatorNode.prototype.start = function (...args) { window.__chimes += 1; return start.apply(this, args); };
`;

async function signIn(app: RunningApp, email: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, extraHTTPHeaders: { 'x-forwarded-for': `10.8.${Math.floor(Math.random() * 250)}.1` } });
  await context.grantPermissions(['notifications'], { origin: app.url });
  await context.addInitScript(CAPTURE);
  const page = await context.newPage();
  await page.goto(`${app.url}/sign-in`);
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(password);
  await page.locator('button[type=submit]').click();
  await page.waitForURL(/\/conversations/);
  return { context, page };
}

describe('notifications in the dashboard', () => {
  it('tell a recruiter on instance B what happened on instance A, with the count in the title', async () => {
    const waId = uniquePhone();
    const { wamid } = await sandbox.inbound({ from: waId, name: 'Sanne de Vries', text: 'Hoi, ik zoek werk als kapper' });
    const first = await until(() => db().message.findUnique({ where: { wamid } }), (m) => m?.processedAt != null, 15_000);
    const conversationId = first!.conversationId;
    await db().conversation.update({ where: { id: conversationId }, data: { assigneeId: bram.id, mode: 'HUMAN', status: 'NEEDS_HUMAN' } });

    const { context, page } = await signIn(appB, bram.email);
    // The page has its list of notifications (none yet) and its live stream before the candidate writes.
    await page.waitForResponse((response) => response.url().endsWith('/api/notifications'));
    // Opening and closing the bell is the click browsers want before a page may play sound.
    const bell = page.getByRole('button', { name: /^Meldingen/ });
    await bell.click();
    await page.getByRole('dialog').waitFor();
    await bell.click();
    await page.waitForTimeout(500);

    await sandbox.inbound({ from: waId, name: 'Sanne de Vries', text: 'Mijn nummer is 0612345678, bel me' });
    const shown = await until(() => page.evaluate(() => (window as any).__notifications as { title: string; body: string }[]), (list) => list.length > 0, 15_000);
    // Dutch (DASHBOARD_LOCALE) for a user without a language of their own; the name and the reason only.
    expect(shown).toEqual([{ title: 'Nieuw bericht', body: 'Sanne de Vries heeft je een bericht gestuurd.', tag: `conversation-${conversationId}` }]);
    expect(await page.evaluate(() => (window as any).__chimes)).toBeGreaterThan(0);
    await until(() => page.title(), (title) => title.startsWith('(1) '), 5000);
    await expect(page.getByTestId('notification-count').textContent()).resolves.toBe('1');
    // Shown in an open dashboard: no Web Push for it.
    const [notification] = await db().notification.findMany({ where: { userId: bram.id } });
    await until(() => db().notification.findUniqueOrThrow({ where: { id: notification!.id } }), (n) => n.pushedAt !== null, 5000);

    await bell.click();
    await page.getByRole('dialog').getByText('Sanne de Vries heeft je een bericht gestuurd.').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'notifications.png') });

    // Clicking it opens the conversation and reads it.
    await page.evaluate(() => (window as any).__lastNotification.onclick());
    await page.waitForURL(new RegExp(`/conversations/${conversationId}$`));
    await until(() => page.title(), (title) => !title.startsWith('('), 5000);
    expect(await page.getByTestId('notification-count').count()).toBe(0);
    expect((await db().notification.findUniqueOrThrow({ where: { id: notification!.id } })).readAt).not.toBeNull();
    await context.close();
  });

  it('tell the recruiter a handoff on instance A is assigned to, signed in on instance B', async () => {
    const { context, page } = await signIn(appB, bram.email);
    await page.waitForResponse((response) => response.url().endsWith('/api/notifications'));
    const before = await page.evaluate(() => ((window as any).__notifications as unknown[]).length);
    // The candidate asks for a person: the bot hands over on A, round robin gives it to Bram
    // (the only available recruiter), and B's open dashboard tells him.
    const waId = uniquePhone();
    await sandbox.inbound({ from: waId, name: 'Noor Bakker', text: 'Hoi, ik wil graag een medewerker spreken' });
    const shown = await until(
      () => page.evaluate(() => (window as any).__notifications as { title: string; body: string }[]),
      (list) => list.length > before,
      20_000,
    );
    expect(shown.at(-1)).toMatchObject({ title: 'Aan jou toegewezen', body: 'Noor Bakker is aan jou toegewezen.' });
    const conversation = await db().conversation.findFirstOrThrow({ where: { contact: { waId } } });
    expect(conversation).toMatchObject({ status: 'NEEDS_HUMAN', assigneeId: bram.id });
    // Read, so the next test starts from an empty bell.
    await db().notification.updateMany({ where: { userId: bram.id, readAt: null }, data: { readAt: new Date() } });
    await context.close();
  }, 60_000);

  it('list them under the bell, with the settings', async () => {
    const waId = uniquePhone();
    const { wamid } = await sandbox.inbound({ from: waId, name: '<img src=x onerror=alert(1)>', text: 'Hallo' });
    const first = await until(() => db().message.findUnique({ where: { wamid } }), (m) => m?.processedAt != null, 15_000);
    await db().notification.create({ data: { userId: bram.id, conversationId: first!.conversationId, kind: 'window_closing' } });

    const { context, page } = await signIn(appB, bram.email);
    await until(() => page.title(), (title) => title.startsWith('(1) '), 10_000);
    await page.getByRole('button', { name: /^Meldingen/ }).click();
    const panel = page.getByRole('dialog');
    // The name is shown as text, never as HTML.
    await panel.getByText('Het 24-uursvenster van <img src=x onerror=alert(1)> sluit binnen 2 uur en er is nog niet geantwoord.').waitFor();
    expect(await panel.locator('img').count()).toBe(0);
    // Notifications are already allowed; the choices are there (saving them is PATCH /api/users/me).
    await panel.getByRole('button', { name: 'Instellingen voor meldingen' }).click();
    await panel.getByText('Meldingen staan aan in deze browser.').waitFor();
    expect(await panel.getByRole('checkbox').count()).toBe(4);
    // The page's policy lets it register the service worker that shows Web Push.
    expect(await page.evaluate(() => navigator.serviceWorker.register('/sw.js').then((registration) => registration.scope))).toBe(`${appB.url}/`);
    await panel.getByRole('button', { name: 'Alles gelezen' }).click();
    await until(() => page.title(), (title) => !title.startsWith('('), 5000);
    // Signing out (which first unsubscribes this browser from pushes) still signs out.
    await page.getByRole('button', { name: /^(Sign out|Afmelden|Uitloggen)$/ }).click();
    await until(async () => page.url(), (url) => url.includes('/sign-in'), 10_000);
    await page.goto(`${appB.url}/conversations`);
    expect(page.url()).toContain('/sign-in');
    await context.close();
  });
});
