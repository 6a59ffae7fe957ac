// Notes and quick replies in a real browser, in the dashboard's default language (Dutch):
// an admin adds a quick reply, writes a note mentioning a colleague (who sees it live on
// another instance), and inserts the quick reply by typing /sal in the reply box.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../lib/auth/users';
import { db } from '../lib/db/client';
import { Sandbox } from '../dev/sandbox/server';
import { signInOverHttp } from '../scripts/lib/http-session';
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
const SCREENSHOTS = path.join(ROOT, process.env.SAVE_SCREENSHOTS ? 'docs/screenshots' : 'test-results/screenshots');
const password = 'a-long-recruiter-password';
let sandbox: Sandbox;
let appA: RunningApp;
let appB: RunningApp;
let browser: Browser;
let anna: { id: string; email: string; name: string };
let bram: { id: string; email: string; name: string };

beforeAll(async () => {
  sandbox = await new Sandbox({ apiKey: 'e2e-key', statusDelaysMs: [100, 300, 600] }).start();
  const env = {
    ...TEST_SECRETS,
    DATABASE_URL: databaseUrl,
    THREESIXTY_DIALOG_BASE_URL: sandbox.url,
    THREESIXTY_DIALOG_API_KEY: sandbox.apiKey,
    OUTBOX_POLL_INTERVAL_MS: '200',
    DASHBOARD_LOCALE: 'nl',
    LOG_LEVEL: 'error',
  };
  [appA, appB] = await Promise.all([startApp({ env }), startApp({ env })]);
  sandbox.webhook = { url: `${appA.url}/webhook/whatsapp`, headers: { 'X-Webhook-Secret': TEST_SECRETS.WHATSAPP_WEBHOOK_SECRET }, appSecret: TEST_SECRETS.WHATSAPP_APP_SECRET };
  anna = await createUser({ email: 'anna@agency.test', name: 'Anna Jansen', role: 'ADMIN', password });
  bram = await createUser({ email: 'bram@agency.test', name: 'Bram de Boer', password });
  browser = await launchBrowser();
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([appA?.stop(), appB?.stop()]);
  await sandbox?.stop();
});

/** A page signed in as `email` on `app` (the session from next-auth's own flow, the form is tested elsewhere). */
async function signedIn(app: RunningApp, email: string): Promise<Page> {
  const cookie = await signInOverHttp(app.url, email, password);
  if (!cookie) throw new Error('sign-in failed');
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.addCookies(
    cookie.split('; ').map((pair) => {
      const at = pair.indexOf('=');
      return { name: pair.slice(0, at), value: pair.slice(at + 1), url: app.url };
    }),
  );
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message.slice(0, 600)));
  return page;
}

describe('notes and quick replies in the dashboard', () => {
  let conversationId: string;
  let waId: string;
  let annaPage: Page;
  let bramPage: Page;
  const markup = '<b>vet</b>';

  it('lets an admin add a quick reply, shown as text', async () => {
    annaPage = await signedIn(appA, anna.email);
    await annaPage.goto(`${appA.url}/admin/users`);
    const section = annaPage.locator('.quick-replies-admin');
    await section.getByRole('heading', { name: 'Snelle antwoorden' }).waitFor();
    await section.getByText('Nog geen snelle antwoorden.').waitFor();
    const form = section.locator('form.qr-form').last();
    await form.getByLabel('Snelkoppeling').fill('salaris');
    await form.getByLabel('Taal').selectOption('nl');
    await form.getByLabel('Titel').fill(`Salaris ${markup}`);
    await form.getByLabel('Tekst').fill('Hoi {{name}}, als {{role}} verdien je vanaf €2.600 bruto. Groet, {{recruiter}}');
    await form.getByRole('button', { name: 'Snel antwoord toevoegen' }).click();
    await section.getByText('/salaris is klaar voor gebruik.').waitFor();
    await section.locator('td', { hasText: `Salaris ${markup}` }).waitFor();
    expect(await section.locator('table b').count()).toBe(0);
    // The same shortcut and language again: refused, with the reason.
    await form.getByLabel('Snelkoppeling').fill('salaris');
    await form.getByLabel('Titel').fill('Dubbel');
    await form.getByLabel('Tekst').fill('Dubbel');
    await form.getByRole('button', { name: 'Snel antwoord toevoegen' }).click();
    await section.getByRole('alert').filter({ hasText: 'There is already a quick reply /salaris in Dutch.' }).waitFor();
    expect(await db().quickReply.count()).toBe(1);
  });

  it('shows a note with a mention in the timeline, live on another instance, and never sends it', async () => {
    waId = uniquePhone();
    await sandbox.inbound({ from: waId, name: 'Sarah de Vries', text: 'Hoi! Ik zoek werk als kapper' });
    const contact = await until(() => db().contact.findFirst({ where: { waId }, include: { conversation: true } }), (c) => c?.conversation != null && c.vacancy !== null);
    conversationId = contact!.conversation!.id;
    await until(async () => sandbox.sent.filter((m) => m.to === waId).length, (n) => n > 0);

    bramPage = await signedIn(appB, bram.email);
    await bramPage.goto(`${appB.url}/conversations/${conversationId}`);
    await bramPage.locator('.timeline .bubble').first().waitFor();

    await annaPage.goto(`${appA.url}/conversations/${conversationId}`);
    await annaPage.locator('.timeline .bubble').first().waitFor();
    await annaPage.getByRole('tab', { name: 'Notitie' }).click();
    const note = annaPage.locator('#note');
    await note.pressSequentially('@Bra');
    await annaPage.getByRole('option', { name: '@Bram de Boer' }).waitFor();
    await note.press('Enter');
    expect(await note.inputValue()).toBe('@Bram de Boer ');
    await annaPage.screenshot({ path: path.join(ROOT, 'test-results', 'screenshots', 'note-tab.png') });
    await note.pressSequentially(`kun jij haar dinsdag bellen? ${markup}`);
    await note.press('Enter');

    const text = `@Bram de Boer kun jij haar dinsdag bellen? ${markup}`;
    const annaNote = annaPage.locator('.timeline .note', { hasText: text });
    await annaNote.waitFor();
    await annaNote.getByText('Interne notitie · alleen je team ziet dit').waitFor();
    expect(await annaNote.locator('mark.mention').textContent()).toBe('@Bram de Boer');
    expect(await annaPage.locator('.timeline .note b').count()).toBe(0);
    // The note comes after the candidate's message it was written after.
    const order = await annaPage.locator('.timeline > li').evaluateAll((items) => items.map((li) => (li.classList.contains('note') ? 'note' : li.classList.contains('in') ? 'in' : 'out')));
    expect(order.indexOf('note')).toBeGreaterThan(order.indexOf('in'));

    // Bram's dashboard on the other instance shows it without a reload, and he was notified.
    await bramPage.locator('.timeline .note', { hasText: text }).waitFor({ timeout: 5000 });
    expect(await bramPage.locator('.timeline .note').getByRole('button').count()).toBe(0);
    expect(await db().notification.count({ where: { userId: bram.id, conversationId, kind: 'mention' } })).toBe(1);
    expect(await db().notification.count({ where: { userId: anna.id } })).toBe(0);

    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(JSON.stringify(sandbox.sent.filter((m) => m.to === waId))).not.toContain('dinsdag bellen');
  });

  it('inserts the filled quick reply when typing /sal and Enter, and sends it', async () => {
    await annaPage.getByRole('tab', { name: 'Antwoord' }).click();
    const reply = annaPage.locator('#reply');
    await reply.pressSequentially('/sal');
    const option = annaPage.getByRole('option', { name: /\/salaris/ });
    await option.waitFor();
    expect(await option.getAttribute('aria-selected')).toBe('true');
    await annaPage.screenshot({ path: path.join(SCREENSHOTS, 'quick-reply.png') });
    await reply.press('Enter');
    const filled = 'Hoi Sarah de Vries, als Kapper verdien je vanaf €2.600 bruto. Groet, Anna Jansen';
    expect(await reply.inputValue()).toBe(filled);
    expect(await annaPage.getByRole('listbox').count()).toBe(0);
    await reply.press('Enter');
    await until(async () => sandbox.sent.find((m) => m.to === waId && (m.body as any).text?.body === filled), (m) => m !== undefined);

    // Escape closes the list and keeps what was typed.
    await reply.pressSequentially('/sal');
    await annaPage.getByRole('option', { name: /\/salaris/ }).waitFor();
    await reply.press('Escape');
    expect(await annaPage.getByRole('listbox').count()).toBe(0);
    expect(await reply.inputValue()).toBe('/sal');
  });
});
