// POST /api/conversations/:id/(takeover|handback|resolve|reopen) over HTTP.
import { describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import { signedInAs } from './helpers/auth';
import { candidateWrites, until } from './helpers/sandbox';
import { baseUrl, uniquePhone } from './helpers/webhook';

const act = (id: string, action: string, cookie?: string) =>
  fetch(`${baseUrl()}/api/conversations/${id}/${action}`, { method: 'POST', headers: cookie ? { cookie } : {} });

async function conversation() {
  const waId = uniquePhone();
  await candidateWrites({ from: waId, text: 'Hallo' });
  return until(() => db().conversation.findFirst({ where: { contact: { waId } } }), (c) => c !== null).then((c) => c!);
}

describe('conversation actions over HTTP', () => {
  it('need a signed-in user', async () => {
    const { id } = await conversation();
    for (const action of ['takeover', 'handback', 'resolve', 'reopen']) {
      const response = await act(id, action);
      expect(response.status).toBe(401);
    }
    expect((await db().conversation.findUniqueOrThrow({ where: { id } })).mode).toBe('BOT');
  });

  it('take over, answer 409 with the holder to the second recruiter, hand back', async () => {
    const { id } = await conversation();
    const anna = await signedInAs();
    const bram = await signedInAs();
    const taken = await act(id, 'takeover', anna.cookie);
    expect(taken.status).toBe(200);
    expect(await taken.json()).toMatchObject({ ok: true, cancelled: expect.any(Number) });
    const refused = await act(id, 'takeover', bram.cookie);
    expect(refused.status).toBe(409);
    expect(await refused.json()).toEqual({
      error: {
        code: 'conflict',
        message: `${anna.user.name} has already taken this conversation over.`,
        details: { holder: { id: anna.user.id, name: anna.user.name } },
      },
    });
    expect((await act(id, 'handback', anna.cookie)).status).toBe(200);
    expect((await db().conversation.findUniqueOrThrow({ where: { id } })).mode).toBe('BOT');
  });

  it('resolve and reopen', async () => {
    const { id } = await conversation();
    const { cookie } = await signedInAs();
    expect((await act(id, 'resolve', cookie)).status).toBe(200);
    expect((await db().conversation.findUniqueOrThrow({ where: { id } })).status).toBe('RESOLVED');
    expect((await act(id, 'reopen', cookie)).status).toBe(200);
    expect((await db().conversation.findUniqueOrThrow({ where: { id } })).status).toBe('OPEN');
  });

  it('answer 404 for an unknown conversation or action', async () => {
    const { cookie } = await signedInAs();
    expect((await act('00000000-0000-4000-8000-000000000000', 'takeover', cookie)).status).toBe(404);
    const { id } = await conversation();
    expect((await act(id, 'delete', cookie)).status).toBe(404);
    expect((await act('nope', 'takeover', cookie)).status).toBe(404);
  });
});
