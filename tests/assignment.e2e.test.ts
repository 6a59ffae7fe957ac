// Assignment in a real browser: a recruiter takes a conversation and goes away, an admin
// gives it to a colleague (the recruiter's open page follows live), and sets which vacancies
// a recruiter handles. Dutch, the agency's default language.
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../lib/auth/users';
import { db } from '../lib/db/client';
import { signIn } from './helpers/auth';
import { launchBrowser } from './helpers/browser';
import { candidateWrites, until } from './helpers/sandbox';
import { baseUrl, uniquePhone } from './helpers/webhook';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

async function person(name: string, role: 'ADMIN' | 'RECRUITER' = 'RECRUITER') {
  const password = `pw-${randomBytes(12).toString('hex')}`;
  const user = await createUser({ email: `${randomBytes(5).toString('hex')}@agency.test`, name, role, password });
  return { ...user, password };
}

/** A browser page signed in as `user` (the session cookie of a sign-in over HTTP). */
async function pageAs(user: { email: string; password: string }): Promise<Page> {
  const header = await signIn(user.email, user.password);
  const url = new URL(baseUrl());
  const cookies = header!.split('; ').map((pair) => {
    const at = pair.indexOf('=');
    return { name: pair.slice(0, at), value: pair.slice(at + 1), domain: url.hostname, path: '/' };
  });
  const context = await browser.newContext({ viewport: { width: 1300, height: 900 } });
  await context.addCookies(cookies);
  return context.newPage();
}

describe('assignment in the dashboard', () => {
  it('a recruiter takes a conversation, an admin gives it to a colleague, and the recruiter sees it live', async () => {
    const suffix = randomBytes(3).toString('hex');
    const bram = await person(`Bram ${suffix}`);
    const cleo = await person(`Cleo ${suffix}`);
    const iris = await person(`Iris ${suffix}`, 'ADMIN');
    const waId = uniquePhone();
    await candidateWrites({ from: waId, name: 'Sarah', text: 'Hallo' });
    const conversation = await until(() => db().conversation.findFirst({ where: { contact: { waId } } }), (c) => c !== null);

    const recruiter = await pageAs(bram);
    await recruiter.goto(`${baseUrl()}/conversations/${conversation!.id}`);
    const assignee = recruiter.getByTestId('assignee');
    await assignee.getByText('Niet toegewezen').waitFor();
    await assignee.getByRole('button', { name: 'Oppakken' }).click();
    await assignee.getByText('Toegewezen aan jou').waitFor();
    await recruiter.getByText(`toegewezen aan ${bram.name} door ${bram.name}`).waitFor();
    expect((await db().conversation.findUniqueOrThrow({ where: { id: conversation!.id } })).assigneeId).toBe(bram.id);

    // Away: no new candidates for Bram.
    const availability = recruiter.getByRole('switch', { name: 'Je beschikbaarheid voor nieuwe gesprekken' });
    expect(await availability.getAttribute('aria-checked')).toBe('true');
    await availability.click();
    await recruiter.getByRole('switch', { name: 'Je beschikbaarheid voor nieuwe gesprekken', checked: false }).getByText('Afwezig').waitFor();
    await until(() => db().user.findUniqueOrThrow({ where: { id: bram.id } }), (u) => !u.available);

    const admin = await pageAs(iris);
    await admin.goto(`${baseUrl()}/conversations/${conversation!.id}`);
    const select = admin.getByLabel('Dit gesprek toewijzen');
    await select.locator(`option[value="${cleo.id}"]`).waitFor({ state: 'attached' });
    await select.selectOption(cleo.id);
    await until(() => db().conversation.findUniqueOrThrow({ where: { id: conversation!.id } }), (c) => c.assigneeId === cleo.id);
    // Bram is away: listed only while he had it.
    await select.locator(`option[value="${bram.id}"]`).waitFor({ state: 'detached' });

    // Bram's open page follows: it is Cleo's now, and his replies would leave it with her.
    await assignee.getByText(`Toegewezen aan ${cleo.name}`).waitFor();
    await recruiter.getByTestId('assigned-elsewhere').getByText(`${cleo.name} heeft dit gesprek.`, { exact: false }).waitFor();
    await recruiter.getByText(`toegewezen aan ${cleo.name} door ${iris.name}`).waitFor();
    expect(await assignee.getByRole('button').count()).toBe(0);
    await recruiter.context().close();
    await admin.context().close();
  }, 120_000);

  it('an admin sets the vacancies a recruiter handles', async () => {
    const suffix = randomBytes(3).toString('hex');
    const dana = await person(`Dana ${suffix}`);
    const iris = await person(`Iris ${suffix}`, 'ADMIN');
    const admin = await pageAs(iris);
    await admin.goto(`${baseUrl()}/admin/users`);
    const row = admin.getByRole('row').filter({ hasText: dana.name });
    await row.getByText('Alle vacatures').waitFor();
    await row.getByRole('checkbox', { name: 'Kapper', exact: true }).check();
    await until(() => db().user.findUniqueOrThrow({ where: { id: dana.id } }), (u) => u.vacancies.join() === 'hairdresser');
    await row.getByRole('checkbox', { name: 'Kapper', exact: true, checked: true }).waitFor();
    expect(await row.getByText('Alle vacatures').count()).toBe(0);
    await admin.context().close();
  }, 60_000);
});
