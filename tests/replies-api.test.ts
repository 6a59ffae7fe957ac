// POST /api/conversations/:id/messages: a recruiter's reply, over HTTP.
import { describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import { signedInAs } from './helpers/auth';
import { candidateWrites, sentTo, until } from './helpers/sandbox';
import { baseUrl, uniquePhone } from './helpers/webhook';

async function conversation() {
  const waId = uniquePhone();
  await candidateWrites({ from: waId, name: 'Sarah', text: 'Hallo' });
  const c = await until(() => db().conversation.findFirst({ where: { contact: { waId } } }), (x) => x !== null);
  return { waId, id: c!.id };
}

const post = (id: string, cookie: string, body: unknown) =>
  fetch(`${baseUrl()}/api/conversations/${id}/messages`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('manual replies', () => {
  it('sends the text, taking the conversation over from the bot', async () => {
    const { waId, id } = await conversation();
    const { user, cookie } = await signedInAs();
    const response = await post(id, cookie, { text: 'Hoi Sarah, Anna hier!' });
    expect(response.status).toBe(201);
    await until(() => sentTo(waId), (sent) => sent.some((m) => m.body.text?.body === 'Hoi Sarah, Anna hier!'));
    const row = await db().conversation.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ mode: 'HUMAN', assigneeId: user.id });
    const message = await db().message.findFirstOrThrow({ where: { conversationId: id, author: 'RECRUITER' } });
    expect(message.authorUserId).toBe(user.id);
  });

  it('refuses empty, oversized and malformed replies with the reason', async () => {
    const { id } = await conversation();
    const { cookie } = await signedInAs();
    const empty = await post(id, cookie, { text: '   ' });
    expect(empty.status).toBe(422);
    expect((await empty.json()).error.details[0].message).toBe('Write a message first.');
    expect((await post(id, cookie, { text: 'x'.repeat(4097) })).status).toBe(422);
    expect((await post(id, cookie, '{not json')).status).toBe(400);
    expect((await post(id, cookie, { template: { name: 'nope', language: 'nl', parameters: [] } })).status).toBe(422);
  });

  it('refuses free text outside the window, but sends a template', async () => {
    const { waId, id } = await conversation();
    await db().conversation.update({ where: { id }, data: { lastInboundAt: new Date(Date.now() - 25 * 3600_000) } });
    const { cookie } = await signedInAs();
    const text = await post(id, cookie, { text: 'Hoi?' });
    expect(text.status).toBe(409);
    expect((await text.json()).error.code).toBe('window_closed');
    const template = await post(id, cookie, { template: { name: 'screening_follow_up', language: 'nl', parameters: ['Sarah'] } });
    expect(template.status).toBe(201);
    await until(() => sentTo(waId), (sent) => sent.some((m) => m.type === 'template'));
  });

  it('sends a reply to a conversation another recruiter has, which stays theirs', async () => {
    const { id } = await conversation();
    const anna = await signedInAs();
    const bram = await signedInAs();
    expect((await post(id, anna.cookie, { text: 'Ik heb hem' })).status).toBe(201);
    const sent = await post(id, bram.cookie, { text: 'Ik ook' });
    expect(sent.status).toBe(201);
    expect((await sent.json()).assignee).toEqual({ id: anna.user.id, name: anna.user.name });
    expect((await db().conversation.findUniqueOrThrow({ where: { id } })).assigneeId).toBe(anna.user.id);
  });
});
