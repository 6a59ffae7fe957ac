// Candidates' files, fetched from 360Dialog on demand, for signed-in users only.
import { describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import { MEDIA_FAILURE_BUDGET } from '../lib/whatsapp/media';
import { cloudPayload, exampleContact, exampleMessage } from '../dev/examples';
import { signedInAs } from './helpers/auth';
import { candidateWrites, until } from './helpers/sandbox';
import { baseUrl, postWebhook, uniquePhone } from './helpers/webhook';

async function storedMessage(wamid: string) {
  return until(() => db().message.findUnique({ where: { wamid } }), (m) => m !== null).then((m) => m!);
}

const media = (id: string, cookie?: string) => fetch(`${baseUrl()}/api/media/${id}`, { headers: cookie ? { cookie } : {} });

describe('inbound media', () => {
  it('refuses anyone who is not signed in', async () => {
    const { wamid } = await candidateWrites({ from: uniquePhone(), type: 'image' });
    const message = await storedMessage(wamid);
    const response = await media(message.id);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'unauthenticated' } });
  });

  it('serves a candidate\'s photo inline to a recruiter', async () => {
    const { cookie } = await signedInAs();
    const { wamid } = await candidateWrites({ from: uniquePhone(), type: 'image' });
    const message = await storedMessage(wamid);
    const response = await media(message.id, cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(response.headers.get('content-disposition')).toMatch(/^inline/);
    expect(response.headers.get('cache-control')).toBe('private, max-age=3600');
    expect(Buffer.from(await response.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG');
  });

  it('offers a document as a download, never inline', async () => {
    const { cookie } = await signedInAs();
    const { wamid } = await candidateWrites({ from: uniquePhone(), type: 'document' });
    const response = await media((await storedMessage(wamid)).id, cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="cv.pdf"');
  });

  it('answers 404 for messages without a file and for ids that are not ids', async () => {
    const { cookie } = await signedInAs();
    const { wamid } = await candidateWrites({ from: uniquePhone(), text: 'Alleen tekst' });
    expect((await media((await storedMessage(wamid)).id, cookie)).status).toBe(404);
    expect((await media('00000000-0000-4000-8000-000000000000', cookie)).status).toBe(404);
    expect((await media('not-an-id', cookie)).status).toBe(404);
  });

  it('asks for a file WhatsApp no longer has only once, then pauses after repeated failures', async () => {
    const { cookie } = await signedInAs();
    const gone: string[] = [];
    for (let i = 0; i < MEDIA_FAILURE_BUDGET; i++) {
      const from = uniquePhone();
      const message: Record<string, unknown> = { ...exampleMessage('image', { from }), image: { id: `77${Date.now()}${i}`, mime_type: 'image/jpeg' } };
      await postWebhook(cloudPayload({ contacts: [exampleContact({ from })], messages: [message] }));
      gone.push((await storedMessage(message.id as string)).id);
    }
    const first = await media(gone[0]!, cookie);
    expect(first.status).toBe(404);
    expect(await first.json()).toMatchObject({ error: { code: 'media_gone' } });
    const failedAt = (await db().message.findUniqueOrThrow({ where: { id: gone[0]! } })).mediaFailedAt;
    expect(failedAt).toBeInstanceOf(Date);
    // Asked again: answered from what we know, not from 360Dialog.
    expect((await media(gone[0]!, cookie)).status).toBe(404);
    expect((await db().message.findUniqueOrThrow({ where: { id: gone[0]! } })).mediaFailedAt).toEqual(failedAt);

    for (const id of gone.slice(1)) expect((await media(id, cookie)).status).toBe(404);
    // The budget is spent: even a file that exists waits, so 360Dialog does not block the number.
    const { wamid } = await candidateWrites({ from: uniquePhone(), type: 'image' });
    const paused = await media((await storedMessage(wamid)).id, cookie);
    expect(paused.status).toBe(503);
    expect(await paused.json()).toMatchObject({ error: { code: 'media_paused' } });
  });
});
