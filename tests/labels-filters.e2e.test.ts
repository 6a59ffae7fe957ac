// Labels and the list's filters in Chromium, against the shared test app: a filtered view is
// a URL (it survives a reload, the back button and a bookmark), labels are picked in the
// conversation and shown in their colours, label names are text.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import { signedInAs } from './helpers/auth';
import { launchBrowser } from './helpers/browser';
import { makeConversation, uniqueWord } from './helpers/conversations';
import { baseUrl } from './helpers/webhook';

// A script error in the page (a hydration mismatch, an exception) fails the step it happened in.
const pageErrors: string[] = [];
afterEach(() => {
  const seen = pageErrors.splice(0);
  expect(seen).toEqual([]);
});

let browser: Browser;
let context: BrowserContext;
let page: Page;
let admin: Awaited<ReturnType<typeof signedInAs>>;
let word: string;
const labels: Record<'urgent' | 'second', { id: string; name: string; color: string }> = {} as never;
const conversations: Record<'anna' | 'bram' | 'cees', string> = {} as never;

async function newContext(cookie: string) {
  const made = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const { hostname } = new URL(baseUrl());
  await made.addCookies(
    cookie.split('; ').map((pair) => {
      const at = pair.indexOf('=');
      return { name: pair.slice(0, at), value: pair.slice(at + 1), domain: hostname, path: '/' };
    }),
  );
  return made;
}

const rows = (p: Page) => p.locator('.items > li');
async function expectRows(p: Page, names: string[]) {
  await expect.poll(async () => (await rows(p).locator('.name').allTextContents()).sort(), { timeout: 15_000 }).toEqual(names.map((n) => `${word} ${n}`).sort());
}

beforeAll(async () => {
  admin = await signedInAs('ADMIN');
  const label = async (name: string, color: string) => {
    const response = await fetch(`${baseUrl()}/api/labels`, {
      method: 'POST',
      headers: { cookie: admin.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ name, color }),
    });
    return ((await response.json()) as { label: { id: string; name: string; color: string } }).label;
  };
  word = uniqueWord('Browser');
  labels.urgent = await label(`<b>Spoed</b> ${word.slice(-8)}`, '#c62828');
  labels.second = await label(`Tweede gesprek ${word.slice(-8)}`, '#f9a825');
  // An agency's long list of labels (the filter bar's label row must not spill over the list).
  for (let i = 0; i < 60; i++) await label(`Extra ${i} ${word.slice(-8)}`, '#607d8b');
  conversations.anna = await makeConversation({ name: `${word} Anna`, status: 'NEEDS_HUMAN', labelIds: [labels.urgent.id] });
  conversations.bram = await makeConversation({ name: `${word} Bram`, status: 'OPEN' });
  conversations.cees = await makeConversation({ name: `${word} Cees`, status: 'OPEN', labelIds: [labels.urgent.id, labels.second.id] });
  browser = await launchBrowser();
  context = await newContext(admin.cookie);
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message.slice(0, 600)));
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

// Browser steps on a machine also running the rest of the suite: generous limits.
describe('filters in the URL', { timeout: 90_000 }, () => {
  it('filters by label and status, keeps it through a reload and goes back with the back button', async () => {
    await page.goto(`${baseUrl()}/conversations?q=${word}`);
    await expectRows(page, ['Anna', 'Bram', 'Cees']);
    // The row shows its labels in their colours; a name with markup is text.
    const chip = rows(page).filter({ hasText: 'Anna' }).locator(`[data-label="${labels.urgent.id}"]`);
    await expect.poll(() => chip.textContent()).toBe(labels.urgent.name);
    expect(await chip.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(198, 40, 40)');
    expect(await page.locator('.items b').count()).toBe(0);

    await page.getByRole('button', { name: labels.urgent.name }).click();
    await page.waitForURL((url) => url.searchParams.get('label') === labels.urgent.id);
    await expectRows(page, ['Anna', 'Cees']);
    await page.getByRole('combobox', { name: 'Status' }).selectOption('NEEDS_HUMAN');
    await page.waitForURL((url) => url.searchParams.get('status') === 'NEEDS_HUMAN');
    await expectRows(page, ['Anna']);
    expect(new URL(page.url()).searchParams.get('q')).toBe(word);

    await page.reload();
    await expectRows(page, ['Anna']);
    expect(await page.getByRole('combobox', { name: 'Status' }).inputValue()).toBe('NEEDS_HUMAN');
    expect(await page.getByRole('button', { name: labels.urgent.name }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByRole('searchbox').first().inputValue()).toBe(word);
    await expect.poll(() => page.getByTestId('filter-total').textContent()).toMatch(/^1 /);

    await page.goBack();
    await page.waitForURL((url) => !url.searchParams.has('status') && url.searchParams.has('label'));
    await expectRows(page, ['Anna', 'Cees']);
    await page.goBack();
    await page.waitForURL((url) => !url.searchParams.has('label') && url.searchParams.get('q') === word);
    await expectRows(page, ['Anna', 'Bram', 'Cees']);
  });

  it('opens a bookmarked filtered view as it was, and keeps the filters when a conversation is opened', async () => {
    const bookmark = await context.newPage();
    await bookmark.goto(`${baseUrl()}/conversations?q=${word}&label=${labels.second.id}`);
    await expectRows(bookmark, ['Cees']);
    await bookmark.getByRole('link', { name: new RegExp(`${word} Cees`) }).click();
    await bookmark.waitForURL((url) => url.pathname === `/conversations/${conversations.cees}` && url.searchParams.get('label') === labels.second.id);
    await expectRows(bookmark, ['Cees']);
    await bookmark.close();
  });

  it('puts labels on a conversation with the picker, and every list follows', async () => {
    const other = await context.newPage();
    await other.goto(`${baseUrl()}/conversations?q=${word}&label=${labels.second.id}`);
    await expectRows(other, ['Cees']);

    await page.goto(`${baseUrl()}/conversations/${conversations.bram}?q=${word}`);
    const header = page.getByTestId('conversation-labels');
    await header.getByRole('button', { name: 'Labels' }).click();
    await header.getByRole('checkbox', { name: labels.second.name }).check();
    await header.locator(`[data-label="${labels.second.id}"]`).waitFor();
    await expect.poll(async () => (await db().conversationLabel.findMany({ where: { conversationId: conversations.bram } })).map((l) => l.labelId)).toEqual([labels.second.id]);
    // Another dashboard's filtered list picks it up live.
    await expectRows(other, ['Bram', 'Cees']);
    await header.getByRole('checkbox', { name: labels.second.name }).uncheck();
    await expectRows(other, ['Cees']);
    await other.close();
  });

  it('fits a phone: the filters above the list, nothing wider than the screen', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await phone.addCookies(await context.cookies());
    const p = await phone.newPage();
    await p.goto(`${baseUrl()}/conversations?q=${word}&label=${labels.urgent.id}`);
    await expectRows(p, ['Anna', 'Cees']);
    await p.getByRole('combobox', { name: 'Status' }).waitFor();
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const bar = await p.getByRole('group').first().boundingBox();
    expect(bar!.width).toBeLessThanOrEqual(390);
    await p.screenshot({ path: 'test-results/labels-filters-phone.png' }).catch(() => {});
    // A conversation on its own screen, and back: the list is filtered as it was.
    await rows(p).first().click();
    await p.waitForURL(/\/conversations\/[0-9a-f-]{36}\?/);
    await p.locator('a.back').click();
    await p.waitForURL((url) => url.pathname === '/conversations' && url.searchParams.get('label') === labels.urgent.id);
    await expectRows(p, ['Anna', 'Cees']);
    await phone.close();
  });

  it('lets an admin add, recolour and delete labels on the users screen', async () => {
    await page.goto(`${baseUrl()}/admin/users`);
    const section = page.locator('section', { has: page.locator('#labels-admin-title') });
    const name = `Nieuw ${word.slice(-8)}`;
    await section.locator('form').last().locator('input[name="name"]').fill(name);
    await section.locator('form').last().locator('button[type="submit"]').click();
    await section.locator('td input[name="name"]').and(page.locator(`[value="${name}"]`)).waitFor();
    const created = await db().label.findFirstOrThrow({ where: { name } });
    // The same name again: the API's refusal is shown.
    await section.locator('form').last().locator('input[name="name"]').fill(name.toUpperCase());
    await section.locator('form').last().locator('button[type="submit"]').click();
    await section.getByRole('alert').filter({ hasText: name.toUpperCase() }).waitFor();
    expect(await db().label.count({ where: { name: { equals: name, mode: 'insensitive' } } })).toBe(1);

    page.once('dialog', (dialog) => void dialog.accept());
    await section.locator('tr', { has: page.locator(`[value="${name}"]`) }).locator('button[type="button"]').click();
    await expect.poll(() => db().label.findUnique({ where: { id: created.id } })).toBeNull();
  });
});
