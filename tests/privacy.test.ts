// Candidates' personal data: erasure, export, retention.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import { purgeExpired } from '../lib/privacy/candidates';
import { ROOT } from './helpers/app-server';
import { signedInAs } from './helpers/auth';
import { candidateWrites, until } from './helpers/sandbox';
import { baseUrl, uniquePhone } from './helpers/webhook';

async function candidate(text = 'Hoi, ik zoek werk als kapper') {
  const waId = uniquePhone();
  await candidateWrites({ from: waId, name: 'Eva Visser', text });
  const contact = await until(() => db().contact.findFirst({ where: { waId }, include: { conversation: true } }), (c) => c !== null);
  // The bot's reply is part of what must go.
  await until(() => db().message.count({ where: { conversationId: contact!.conversation!.id, direction: 'OUTBOUND', wamid: { not: null } } }), (n) => n > 0);
  return { waId, contact: contact! };
}

describe('erasure', () => {
  it('deletes everything about a candidate for an admin, and records it without the content', async () => {
    const { waId, contact } = await candidate();
    const { user, cookie } = await signedInAs('ADMIN');
    const recruiter = await signedInAs('RECRUITER');
    expect((await fetch(`${baseUrl()}/api/candidates/${contact.id}`, { method: 'DELETE', headers: { cookie: recruiter.cookie } })).status).toBe(403);
    const response = await fetch(`${baseUrl()}/api/candidates/${contact.id}`, { method: 'DELETE', headers: { cookie } });
    expect(response.status).toBe(200);
    expect(await db().contact.count({ where: { waId } })).toBe(0);
    expect(await db().message.count({ where: { conversationId: contact.conversation!.id } })).toBe(0);
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: 'ERASE', userId: user.id }, orderBy: { createdAt: 'desc' } });
    expect(audit.details).toMatchObject({ contactId: contact.id, messages: expect.any(Number) });
    expect(JSON.stringify(audit.details)).not.toContain(waId);
    expect(JSON.stringify(audit.details)).not.toContain('kapper');
    expect((await fetch(`${baseUrl()}/api/candidates/${contact.id}`, { method: 'DELETE', headers: { cookie } })).status).toBe(404);
  });

  it('can be done from the command line: npm run candidate:erase -- <number>', async () => {
    const { waId } = await candidate();
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/candidate-erase.ts', `+${waId}`], { cwd: ROOT, env: process.env, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Erased the candidate and \d+ message\(s\)\./);
    expect(await db().contact.count({ where: { waId } })).toBe(0);
  });
});

describe('export', () => {
  it('gives an admin one candidate\'s data as JSON', async () => {
    const { waId, contact } = await candidate();
    const { cookie } = await signedInAs('ADMIN');
    const response = await fetch(`${baseUrl()}/api/candidates/${contact.id}/export`, { headers: { cookie } });
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="candidate-${contact.id}.json"`);
    const data = await response.json();
    expect(data.candidate).toMatchObject({ whatsappNumber: waId, profileName: 'Eva Visser', screening: { vacancy: 'hairdresser' } });
    expect(data.conversation.messages[0]).toMatchObject({ from: 'candidate', text: 'Hoi, ik zoek werk als kapper' });
    expect(data.conversation.messages.some((m: { from: string }) => m.from === 'bot')).toBe(true);
  });

  it('gives the screening results of a period as CSV', async () => {
    const { contact } = await candidate();
    await db().contact.update({ where: { id: contact.id }, data: { screenedAt: new Date('2026-02-10T10:00:00Z'), qualification: 'QUALIFIED', profileName: '=HYPERLINK("x")' } });
    const { cookie } = await signedInAs('ADMIN');
    const response = await fetch(`${baseUrl()}/api/exports/screenings?from=2026-02-01&to=2026-03-01`, { headers: { cookie } });
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await response.text()).trim().split('\n');
    expect(lines[0]).toBe('"name","whatsapp","vacancy","qualification","screened_at","role","experience_years","city","hours_per_week","start_date","diploma","team_size"');
    const row = lines.find((line) => line.includes('QUALIFIED'))!;
    expect(row).toContain('"\'=HYPERLINK(""x"")"');
    expect(row).toContain('"Kapper"');
    expect((await fetch(`${baseUrl()}/api/exports/screenings?from=2026-03-01&to=2026-02-01`, { headers: { cookie } })).status).toBe(422);
  });
});

describe('retention', () => {
  it('deletes candidates resolved longer ago than the retention period, and only those', async () => {
    const old = await candidate();
    const recent = await candidate();
    const open = await candidate();
    await db().conversation.update({ where: { id: old.contact.conversation!.id }, data: { status: 'RESOLVED', resolvedAt: new Date(Date.now() - 400 * 86400_000) } });
    await db().conversation.update({ where: { id: recent.contact.conversation!.id }, data: { status: 'RESOLVED', resolvedAt: new Date(Date.now() - 10 * 86400_000) } });
    await db().conversation.update({ where: { id: open.contact.conversation!.id }, data: { resolvedAt: new Date(Date.now() - 400 * 86400_000) } });
    expect(await purgeExpired(365)).toBeGreaterThanOrEqual(1);
    expect(await db().contact.count({ where: { id: old.contact.id } })).toBe(0);
    expect(await db().contact.count({ where: { id: recent.contact.id } })).toBe(1);
    expect(await db().contact.count({ where: { id: open.contact.id } })).toBe(1);
    expect(await db().auditLog.count({ where: { action: 'RETENTION', details: { path: ['contactId'], equals: old.contact.id } } })).toBe(1);
  });
});
