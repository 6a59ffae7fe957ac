// The dashboard in Dutch and English, in Chromium: a recruiter who never chose a language gets
// the agency's default (nl) end to end, with Dutch dates and amounts; choosing English is stored
// on the account (a reload and a new sign-in keep it); and on a phone the list and a
// conversation fit the screen.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import { Sandbox } from '../dev/sandbox/server';
import { createUser } from '../lib/auth/users';
import { defaultPricing } from '../lib/costs/settings';
import { startApp, type RunningApp } from './helpers/app-server';
import { launchBrowser } from './helpers/browser';
import { useIsolatedDatabase } from './helpers/isolated-database';
import { TEST_SECRETS } from './helpers/secrets';
import { uniquePhone } from './helpers/webhook';

const databaseUrl = await useIsolatedDatabase();
const password = 'a-long-recruiter-password';
let sandbox: Sandbox;
let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  sandbox = await new Sandbox({ apiKey: 'i18n-key', statusDelaysMs: [100, 200, 300] }).start();
  app = await startApp({
    env: {
      ...TEST_SECRETS,
      DATABASE_URL: databaseUrl,
      THREESIXTY_DIALOG_BASE_URL: sandbox.url,
      THREESIXTY_DIALOG_API_KEY: sandbox.apiKey,
      OUTBOX_POLL_INTERVAL_MS: '200',
      TRUSTED_PROXY_HOPS: '1',
      LOG_LEVEL: 'error',
      // The agency's default, as when it is not set.
      DASHBOARD_LOCALE: undefined,
    },
  });
  sandbox.webhook = { url: `${app.url}/webhook/whatsapp`, headers: { 'X-Webhook-Secret': TEST_SECRETS.WHATSAPP_WEBHOOK_SECRET }, appSecret: TEST_SECRETS.WHATSAPP_APP_SECRET };
  await createUser({ email: 'eva@agency.test', name: 'Eva Visser', role: 'ADMIN', password });
  await createUser({ email: 'joost@agency.test', name: 'Joost Smit', password });
  // A platform fee with thousands and cents shows how amounts are written.
  await db().setting.create({ data: { key: 'pricing', value: { ...defaultPricing(), platformFeePerMonth: 1234.5 } } });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await sandbox?.stop();
});

/** Text as a reader sees it: non-breaking spaces (which Intl puts in "€ 1,23") as spaces. */
const plain = (text: string | null) => (text ?? '').replace(/[\u00a0\u202f]/g, ' ').trim();

async function signIn(email: string, viewport = { width: 1300, height: 900 }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, extraHTTPHeaders: { 'x-forwarded-for': `10.8.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` } });
  const page = await context.newPage();
  await page.goto(`${app.url}/sign-in`);
  // Nobody is signed in yet: the agency's default language.
  await page.getByRole('heading', { name: 'Inloggen' }).waitFor();
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL(/\/conversations/);
  return { context, page };
}

async function noHorizontalOverflow(page: Page) {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  expect(scroll).toBeLessThanOrEqual(width);
}

describe('the Dutch dashboard', () => {
  let page: Page;
  let context: BrowserContext;
  const waId = uniquePhone();
  const consoleErrors: string[] = [];

  it('signs in in Dutch, and says a wrong password in Dutch', async () => {
    const login = await browser.newPage();
    await login.goto(`${app.url}/sign-in`);
    expect(await login.locator('html').getAttribute('lang')).toBe('nl');
    expect(await login.title()).toBe('Inloggen · WhatsApp-wervingsinbox');
    await login.getByLabel('E-mailadres').fill('eva@agency.test');
    await login.getByLabel('Wachtwoord').fill('not the password');
    await login.getByRole('button', { name: 'Inloggen' }).click();
    await login.getByText('Onjuist e-mailadres of wachtwoord.').waitFor();
    await login.close();
    ({ context, page } = await signIn('eva@agency.test'));
    // A text rendered differently on the server and in the browser (a hydration mismatch) or a missing key is an error here.
    page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    await page.getByRole('heading', { name: 'Gesprekken' }).waitFor();
  });

  it('shows the list in Dutch: filters, badges, relative times and the 24-hour window', async () => {
    await page.locator('.live.on').filter({ hasText: 'Live' }).waitFor({ timeout: 5000 });
    expect(await page.getByRole('tab').allTextContents()).toEqual(['Alle', 'Actie nodig', 'Van mij', 'Bot', 'Stilgevallen', 'Open', 'Afgerond']);
    await sandbox.inbound({ from: waId, name: 'Sarah de Vries', text: 'Hoi! Ik zoek werk als kapper' });
    const item = page.getByRole('link', { name: /Sarah de Vries/ });
    await item.waitFor({ timeout: 5000 });
    expect(plain(await item.locator('time').textContent())).toBe('nu');
    await item.getByText(/^nog 2[34] u \d+ min$/).waitFor({ timeout: 5000 });
    await item.getByText('Bot', { exact: true }).waitFor({ timeout: 5000 });
    await page.getByPlaceholder('Zoek op naam, nummer of bericht').waitFor({ timeout: 5000 });
    expect(await page.title()).toBe('Gesprekken · WhatsApp-wervingsinbox');
    // A message from earlier today but more than an hour ago: "2 uur geleden".
    const conversation = await db().conversation.findFirstOrThrow({ where: { contact: { waId } } });
    await db().conversation.update({ where: { id: conversation.id }, data: { lastMessageAt: new Date(Date.now() - 2 * 3600_000 - 60_000) } });
    await page.reload();
    expect(plain(await page.getByRole('link', { name: /Sarah de Vries/ }).locator('time').textContent())).toBe('2 uur geleden');
  });

  it('opens a conversation, takes it over and replies, all in Dutch', async () => {
    await page.getByRole('link', { name: /Sarah de Vries/ }).click();
    await page.waitForURL(/\/conversations\/[0-9a-f-]{36}/);
    await page.getByTestId('owner').filter({ hasText: 'De bot antwoordt' }).waitFor();
    await page.getByRole('heading', { name: 'Kandidaat' }).waitFor();
    await page.getByRole('button', { name: 'Overnemen' }).click();
    await page.getByTestId('owner').filter({ hasText: 'Eva Visser heeft dit gesprek' }).waitFor();
    await page.getByRole('button', { name: 'Terug naar de bot' }).waitFor();
    const history = page.locator('.events li', { hasText: 'Overgenomen door Eva Visser' });
    await history.waitFor();
    // A Dutch date: "29 nov 2026, 13:05" (day before month, 24-hour clock).
    expect(plain(await history.locator('time').textContent())).toMatch(/^\d{1,2} [a-z]{3}\.? \d{4},? \d{2}:\d{2}$/);

    const reply = 'Hoi Sarah, ik ben Eva. Zullen we morgen bellen?';
    await page.getByLabel('Antwoord aan Sarah de Vries').fill(reply);
    await page.getByLabel('Antwoord aan Sarah de Vries').press('Enter');
    const bubble = page.locator('.bubble.out', { hasText: reply }).first();
    await bubble.waitFor({ timeout: 5000 });
    await page.locator('.bubble[data-status="READ"]', { hasText: reply }).locator('[title="Gelezen"]').waitFor({ timeout: 5000 });
    expect(plain(await bubble.locator('time').textContent())).toMatch(/^\d{2}:\d{2}$/);
    // Why a message failed, in Dutch: the API gives the category, the dashboard the words.
    await db().message.updateMany({ where: { text: reply }, data: { status: 'FAILED', errorCategory: 'not_on_whatsapp', errorCode: 131026, errorTitle: 'Message undeliverable' } });
    await page.reload();
    const failed = page.locator('.bubble[data-status="FAILED"]', { hasText: reply });
    await failed.locator('[title="Niet afgeleverd"]').waitFor();
    expect(plain(await failed.locator('.send-error').textContent())).toBe('Dit nummer zit niet op WhatsApp, of WhatsApp kan er niet naartoe sturen. (131026: Message undeliverable)');
    expect(await page.locator('body').textContent()).not.toMatch(/\b(Take over|Loading|Send|Candidate|History)\b/);
  });

  it('shows the costs in Dutch, with euros written the Dutch way', async () => {
    await page.getByRole('link', { name: 'Kosten' }).click();
    await page.getByRole('heading', { name: 'WhatsApp-kosten' }).waitFor();
    await page.getByText('Met platformkosten (€ 1.234,50)').waitFor();
    expect(plain(await page.getByTestId('total').textContent())).toMatch(/^€ 1\.2\d\d,\d\d$/);
    await page.getByRole('heading', { name: 'Per categorie' }).waitFor();
    await page.getByRole('button', { name: 'Tonen' }).waitFor();
    expect(await page.title()).toBe('WhatsApp-kosten · WhatsApp-wervingsinbox');
    expect(consoleErrors).toEqual([]);
  });

  it('switches to English: stored on the account, kept across a reload and a new sign-in', async () => {
    await page.getByRole('link', { name: 'Gesprekken' }).click();
    await page.getByRole('heading', { name: 'Gesprekken' }).waitFor();
    await page.getByLabel('Taal').selectOption('en');
    await page.getByRole('heading', { name: 'Conversations' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    const eva = await db().user.findUniqueOrThrow({ where: { email: 'eva@agency.test' } });
    expect(eva.locale).toBe('en');
    await page.reload();
    await page.getByRole('heading', { name: 'Conversations' }).waitFor();
    await page.goto(`${app.url}/costs`);
    await page.getByText('With platform fee (€1,234.50)').waitFor();
    await context.close();

    ({ context, page } = await signIn('eva@agency.test'));
    await page.getByRole('heading', { name: 'Conversations' }).waitFor();
    await page.getByLabel('Language').selectOption('nl');
    await page.getByRole('heading', { name: 'Gesprekken' }).waitFor();
    expect((await db().user.findUniqueOrThrow({ where: { email: 'eva@agency.test' } })).locale).toBe('nl');
    await context.close();
  });
});

describe('on a phone', () => {
  it('keeps the list and a conversation on the screen, in Dutch, errors included', async () => {
    const { context, page } = await signIn('joost@agency.test', { width: 390, height: 844 });
    const item = page.getByRole('link', { name: /Sarah de Vries/ });
    await item.waitFor();
    await noHorizontalOverflow(page);
    expect(await item.isVisible()).toBe(true);
    await item.click();
    await page.getByRole('link', { name: 'Terug naar de lijst' }).waitFor();
    await page.getByLabel('Antwoord aan Sarah de Vries').waitFor();
    // The list gives way to the conversation on a phone.
    expect(await page.getByRole('heading', { name: 'Gesprekken' }).isVisible()).toBe(false);
    await noHorizontalOverflow(page);
    const box = (await page.getByLabel('Antwoord aan Sarah de Vries').boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    // The API refuses with a code; the dashboard says it in Dutch, naming who has it.
    await page.getByRole('button', { name: 'Terug naar de bot' }).click();
    await page.getByRole('alert').filter({ hasText: 'Eva Visser heeft dit gesprek al.' }).waitFor();
    await noHorizontalOverflow(page);
    await page.getByRole('link', { name: 'Terug naar de lijst' }).click();
    await page.getByRole('heading', { name: 'Gesprekken' }).waitFor();
    await noHorizontalOverflow(page);
    await context.close();
  });
});
