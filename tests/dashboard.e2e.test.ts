// The dashboard in a real browser, as a recruiter uses it: two app instances on one
// database, the sandbox playing 360Dialog and the candidates. In the agency's default
// language (nl), as the README's screenshots show it.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import { Sandbox } from '../dev/sandbox/server';
import { createUser } from '../lib/auth/users';
import { ROOT, startApp, type RunningApp } from './helpers/app-server';
import { launchBrowser } from './helpers/browser';
import { useIsolatedDatabase } from './helpers/isolated-database';
import { until } from './helpers/sandbox';
import { TEST_SECRETS } from './helpers/secrets';
import { uniquePhone } from './helpers/webhook';

// A script error in the page (a hydration mismatch, an exception) fails the step it happened in.
const pageErrors: string[] = [];
afterEach(() => {
  const seen = pageErrors.splice(0);
  expect(seen).toEqual([]);
});

const databaseUrl = await useIsolatedDatabase();
// SAVE_SCREENSHOTS=1 npm test refreshes the README's screenshots; otherwise they go to test-results.
const SCREENSHOTS = path.join(ROOT, process.env.SAVE_SCREENSHOTS ? 'docs/screenshots' : 'test-results/screenshots');
const password = 'a-long-recruiter-password';
let sandbox: Sandbox;
let appA: RunningApp;
let appB: RunningApp;
let browser: Browser;
let anna: { email: string; name: string };

beforeAll(async () => {
  sandbox = await new Sandbox({ apiKey: 'e2e-key', statusDelaysMs: [100, 300, 600] }).start();
  const env = {
    ...TEST_SECRETS,
    DATABASE_URL: databaseUrl,
    THREESIXTY_DIALOG_BASE_URL: sandbox.url,
    THREESIXTY_DIALOG_API_KEY: sandbox.apiKey,
    THREESIXTY_DIALOG_TIMEOUT_MS: '1000',
    OUTBOX_RETRY_BASE_MS: '3000',
    OUTBOX_POLL_INTERVAL_MS: '200',
    TRUSTED_PROXY_HOPS: '1',
    LOG_LEVEL: 'error',
  };
  [appA, appB] = await Promise.all([startApp({ env }), startApp({ env })]);
  sandbox.webhook = { url: `${appA.url}/webhook/whatsapp`, headers: { 'X-Webhook-Secret': TEST_SECRETS.WHATSAPP_WEBHOOK_SECRET }, appSecret: TEST_SECRETS.WHATSAPP_APP_SECRET };
  anna = await createUser({ email: 'anna@agency.test', name: 'Anna Jansen', role: 'ADMIN', password });
  await createUser({ email: 'bram@agency.test', name: 'Bram de Boer', password });
  browser = await launchBrowser();
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([appA?.stop(), appB?.stop()]);
  await sandbox?.stop();
});

async function signIn(app: RunningApp, email = anna.email, viewport = { width: 1400, height: 900 }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, extraHTTPHeaders: { 'x-forwarded-for': `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` } });
  const page = await context.newPage();
  await page.goto(`${app.url}/sign-in`);
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL(/\/conversations/);
  return { context, page };
}

const bubbles = (page: Page) => page.locator('.timeline > li');

describe('the dashboard', () => {
  let waId: string;
  let page: Page;

  it('refuses a wrong password and signs a recruiter in', async () => {
    const context = await browser.newContext();
    const login = await context.newPage();
    await login.goto(`${appA.url}/conversations`);
    await login.waitForURL(/\/sign-in/);
    await login.getByLabel('E-mailadres').fill(anna.email);
    await login.getByLabel('Wachtwoord').fill('not the password');
    await login.getByRole('button', { name: 'Inloggen' }).click();
    await login.getByText('Onjuist e-mailadres of wachtwoord.').waitFor();
    await login.screenshot({ path: path.join(SCREENSHOTS, 'sign-in.png') });
    await context.close();
    ({ page } = await signIn(appA));
    page.on('console', (m) => m.type() === 'error' && console.log('BROWSER', m.text().slice(0, 3000), JSON.stringify(m.location())));
    page.on('pageerror', (e) => pageErrors.push(e.message.slice(0, 600)));
    await page.getByRole('heading', { name: 'Gesprekken' }).waitFor();
  });

  it('shows a candidate\'s message live, without a reload', async () => {
    await page.locator('.live.on').waitFor();
    waId = uniquePhone();
    await sandbox.inbound({ from: waId, name: 'Sarah de Vries', text: 'Hoi! Ik ben op zoek naar een baan als kapper' });
    await page.getByRole('link', { name: /Sarah de Vries/ }).waitFor({ timeout: 5000 });
    await sandbox.inbound({ from: uniquePhone(), name: 'Tom Bakker', text: 'Hi, I am looking for a job as a barber' });
    await sandbox.inbound({ from: uniquePhone(), name: 'Priya Sharma', text: 'Kan ik een medewerker spreken?' });
    await page.getByRole('link', { name: /Priya Sharma/ }).waitFor();
    // What a candidate writes is shown as text: markup does not run.
    let dialogs = 0;
    page.on('dialog', (dialog) => {
      dialogs += 1;
      void dialog.dismiss();
    });
    const markup = '<img src=x onerror="alert(1)"><script>alert(2)</script><b>vet</b>';
    await sandbox.inbound({ from: uniquePhone(), name: 'Mallory', text: markup });
    await page.getByRole('link', { name: /Mallory/ }).click();
    await page.locator('.timeline').getByText(markup).waitFor();
    expect(await page.locator('.timeline img, .timeline script, .timeline b').count()).toBe(0);
    expect(dialogs).toBe(0);
    await page.getByRole('link', { name: /Sarah de Vries/ }).click();
    await page.waitForURL(/\/conversations\/[0-9a-f-]{36}/);
    await page.locator('.timeline').getByText('Hoeveel jaar werkervaring heb je in dit vak?').waitFor();
    await page.getByRole('link', { name: /Priya Sharma/ }).locator('.badge.warn').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'conversations.png') });
  });

  it('takes over: a bot reply queued before the takeover is never sent', async () => {
    await sandbox.goDown();
    await sandbox.inbound({ from: waId, name: 'Sarah de Vries', text: '5 jaar' });
    const question = 'In welke plaats of regio wil je werken?';
    await page.locator('.bubble[data-status="QUEUED"]', { hasText: question }).waitFor();
    await page.getByRole('button', { name: 'Overnemen' }).click();
    await page.getByTestId('owner').filter({ hasText: 'Anna Jansen heeft dit gesprek' }).waitFor();
    await page.locator('.bubble[data-status="CANCELLED"]', { hasText: question }).waitFor();
    await sandbox.comeUp();
    await new Promise((resolve) => setTimeout(resolve, 4000));
    expect(sandbox.sent.filter((m) => m.to === waId).map((m) => (m.body as any).text?.body ?? (m.body as any).interactive?.body?.text)).not.toContain(question);
  });

  it('sends a manual reply that reaches WhatsApp, and the ticks follow', async () => {
    const reply = 'Hoi Sarah, ik ben Anna van Salonwerk. Zullen we morgen even bellen?';
    await page.getByLabel('Antwoord aan Sarah de Vries').fill(reply);
    await page.getByLabel('Antwoord aan Sarah de Vries').press('Enter');
    await page.locator('.bubble.out', { hasText: reply }).first().waitFor({ timeout: 5000 });
    const sent = await until(async () => sandbox.sent.find((m) => m.to === waId && (m.body as any).text?.body === reply), (m) => m !== undefined);
    expect(sent!.body).toMatchObject({ type: 'text', text: { body: reply } });
    await page.locator('.bubble[data-status="READ"]', { hasText: reply }).waitFor({ timeout: 5000 });
    expect(await page.locator('.bubble', { hasText: reply }).locator('.author').textContent()).toBe('Anna Jansen');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'conversation.png') });
  });

  it('offers the approved templates the moment the 24-hour window closes, and sends one', async () => {
    const conversation = await db().conversation.findFirstOrThrow({ where: { contact: { waId } } });
    // The window closes 8 seconds from now, while the recruiter has the conversation open.
    await db().conversation.update({ where: { id: conversation.id }, data: { lastInboundAt: new Date(Date.now() - 24 * 3600_000 + 8000) } });
    await page.reload();
    await page.getByLabel('Antwoord aan Sarah de Vries').waitFor();
    await page.getByText('WhatsApp staat nu alleen een goedgekeurde template toe').waitFor({ timeout: 20_000 });
    await page.getByLabel('Template').selectOption('interview_invitation|nl');
    await page.getByLabel('{{1}}').fill('Sarah');
    await page.getByLabel('{{2}}').fill('dinsdag 10:00');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'template.png') });
    await page.getByRole('button', { name: 'Template versturen' }).click();
    const sent = await until(async () => sandbox.sent.find((m) => m.to === waId && m.type === 'template'), (m) => m !== undefined);
    expect(sent!.body).toMatchObject({
      template: { name: 'interview_invitation', language: { code: 'nl' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Sarah' }, { type: 'text', text: 'dinsdag 10:00' }] }] },
    });
  });

  it('shows the same updates live in a browser on the other instance', async () => {
    const { context, page: other } = await signIn(appB, 'bram@agency.test');
    await other.getByRole('link', { name: /Sarah de Vries/ }).click();
    await other.getByTestId('owner').filter({ hasText: 'Anna Jansen heeft dit gesprek' }).waitFor();
    await other.locator('.timeline').getByText('interview_invitation: Sarah, dinsdag 10:00').waitFor();
    // The webhook reaches instance A; the browser is connected to B.
    await sandbox.inbound({ from: waId, name: 'Sarah de Vries', text: 'Morgen om 11 uur past mij goed!' });
    await other.locator('.timeline').getByText('Morgen om 11 uur past mij goed!').waitFor({ timeout: 3000 });
    await other.getByRole('link', { name: /Sarah de Vries/ }).getByText('Morgen om 11 uur past mij goed!').waitFor();
    await context.close();
  });

  it('looks right on a phone, and the admin manages users', async () => {
    const { context, page: phone } = await signIn(appA, anna.email, { width: 390, height: 844 });
    await phone.screenshot({ path: path.join(SCREENSHOTS, 'phone-list.png') });
    await phone.getByRole('link', { name: /Sarah de Vries/ }).click();
    await phone.getByRole('link', { name: 'Terug naar de lijst' }).waitFor();
    await phone.screenshot({ path: path.join(SCREENSHOTS, 'phone-conversation.png') });
    await context.close();
    await page.goto(`${appA.url}/admin/users`);
    await page.getByRole('cell', { name: 'Bram de Boer' }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'users.png') });
    await page.goto(`${appA.url}/costs`);
    await page.getByRole('heading', { name: 'WhatsApp-kosten' }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'costs.png'), fullPage: true });
  });
});
