// What candidates and webhooks send is looked up only among the app's own keys: a word such as
// "constructor" or "__proto__" is an ordinary unknown word, never a JavaScript built-in.
import { describe, expect, it } from 'vitest';
import { cloudPayload, exampleStatus, newWamid } from '../dev/examples';
import { db } from '../lib/db/client';
import { candidateWrites, sentTo, until } from './helpers/sandbox';
import { postWebhook, uniquePhone } from './helpers/webhook';

const contactOf = (waId: string) => db().contact.findFirstOrThrow({ where: { waId }, include: { conversation: true } });
const repliesTo = async (waId: string) => (await sentTo(waId)).length;
const builtIn = /function|native code|\[object/i;

describe('words that are names of JavaScript built-ins', () => {
  for (const word of ['constructor', '__proto__']) {
    it(`"${word}" as a candidate's first message gets the usual welcome, in Dutch`, async () => {
      const waId = uniquePhone();
      await candidateWrites({ from: waId, name: 'Lotte de Vries', text: word });
      await until(() => repliesTo(waId), (n) => n >= 2, 15_000);
      const contact = await contactOf(waId);
      expect(contact.conversation!.language).toBe('nl');
      expect(JSON.stringify(contact.answers)).not.toMatch(builtIn);
      const processed = await until(() => db().message.findFirstOrThrow({ where: { conversationId: contact.conversation!.id, direction: 'INBOUND' } }), (m) => m.processedAt !== null);
      expect(processed.text).toBe(word);
    });

    it(`"${word}" as an answer is not understood, and nothing of the kind is stored`, async () => {
      const waId = uniquePhone();
      await candidateWrites({ from: waId, name: 'Lotte de Vries', text: 'Hallo, ik ben kapper' });
      await until(() => repliesTo(waId), (n) => n >= 2, 15_000);
      await candidateWrites({ from: waId, name: 'Lotte de Vries', text: word });
      await until(() => repliesTo(waId), (n) => n >= 3, 15_000);
      const contact = await contactOf(waId);
      expect(Object.keys(contact.answers as object)).toEqual(['role']);
      expect(JSON.stringify(contact.answers)).not.toMatch(builtIn);
      expect(contact.conversation!.language).toBe('nl');
    });

    it(`a status webhook saying "${word}" is stored as an unknown status`, async () => {
      const wamid = newWamid();
      const status = { ...exampleStatus({ wamid, status: 'sent', recipient: uniquePhone() }), status: word };
      const response = await postWebhook(cloudPayload({ statuses: [status] }));
      expect(response.status).toBe(200);
      const stored = await db().statusEvent.findFirstOrThrow({ where: { wamid } });
      expect(stored).toMatchObject({ rawStatus: word.toLowerCase(), status: null });
    });
  }
});
