// The dashboard's search: by name, number and message text, by id when the term is rare and
// by walking the list in order when it is common; newest activity first either way.
import { describe, expect, it } from 'vitest';
import { listConversations } from '../lib/conversations/read-model';
import { pool } from '../lib/db/client';
import { ingestWebhook } from '../lib/ingest/store';
import { queueMessage } from '../lib/outbox/queue';
import { cloudPayload, exampleContact, exampleMessage } from '../dev/examples';
import { parseWebhookPayload } from '../lib/ingest/payload';
import { useIsolatedDatabase } from './helpers/isolated-database';
import { uniquePhone } from './helpers/webhook';

await useIsolatedDatabase();
const USER = '00000000-0000-0000-0000-000000000000';

let clock = 0; // each call's candidates are more recently active than the call's before
/**
 * Candidates with one message each, the last one the most recently active; returns their
 * conversation ids in that order. The trigger on messages gives their conversations the word
 * search's signature, unless `signed` is false (a signature that is not known, null: the
 * search reads its messages).
 */
async function candidates(
  prefix: string,
  texts: string[],
  names: (i: number) => string = (i) => `Kandidaat ${prefix} ${i}`,
  signed = true,
) {
  const { rows } = await pool().query<{ id: string }>(
    `WITH input AS (
       SELECT ord, $1 || lpad(ord::text, 6, '0') AS phone, $3::text[] AS names, text
       FROM unnest($2::text[]) WITH ORDINALITY AS t(text, ord)
     ), contact AS (
       INSERT INTO contacts (identity, wa_id, profile_name)
       SELECT phone, phone, names[ord] FROM input RETURNING id, identity
     ), conversation AS (
       INSERT INTO conversations (contact_id, last_message_at, search_signature)
       SELECT contact.id, now() + make_interval(secs => $5 + input.ord), CASE WHEN $4 THEN repeat('0', 512)::bit(512) END
       FROM contact JOIN input ON input.phone = contact.identity
       RETURNING id, contact_id, last_message_at
     ), message AS (
       INSERT INTO messages (conversation_id, direction, author, wamid, type, text, payload, occurred_at, status)
       SELECT conversation.id, 'INBOUND', 'CANDIDATE', 'wamid.search.' || contact.identity, 'text', input.text, '{}',
         conversation.last_message_at, 'RECEIVED'
       FROM conversation JOIN contact ON contact.id = conversation.contact_id JOIN input ON input.phone = contact.identity
     )
     SELECT conversation.id FROM conversation ORDER BY conversation.last_message_at`,
    [prefix, texts, texts.map((_, i) => names(i + 1)), signed, (clock += texts.length) - texts.length],
  );
  return rows.map((row) => row.id);
}

const search = async (q: string, cursor?: string, limit = 50) => listConversations({ filter: 'all', q, cursor, limit }, USER);

describe('search', () => {
  it('finds a candidate by name, by number, and by a word they wrote; nothing else', async () => {
    const [zwolle, utrecht, other] = await candidates('3161001', ['Ik woon in Zwolle', 'Werk in Utrecht graag', 'Hoi'], (i) =>
      ['Anouk Vermeer', 'Bram de Wit', 'Cees Jansen'][i - 1]!,
    );
    expect((await search('Vermeer')).conversations.map((c) => c.id)).toEqual([zwolle]);
    expect((await search('anouk verm')).conversations.map((c) => c.id)).toEqual([zwolle]);
    expect((await search('+31 610 0100 0002')).conversations.map((c) => c.id)).toEqual([utrecht]);
    expect((await search('zwolle')).conversations.map((c) => c.id)).toEqual([zwolle]);
    expect((await search('Hoi')).conversations.map((c) => c.id)).toContain(other);
    expect((await search('Groningen')).conversations).toEqual([]);
    // LIKE's wildcards are searched for as themselves.
    expect((await search('%')).conversations).toEqual([]);
    // A word holding digits is a word, not a number: "Brw0100x" does not find 3161001000…
    expect((await search('Brw0100x')).conversations).toEqual([]);
    expect((await search('(0100) 0002')).conversations.map((c) => c.id)).toEqual([utrecht]);
  });

  it('pages through a term in more than a thousand messages, newest activity first', async () => {
    // 1,200 messages with the word: the walk in list order, not the lookup by id.
    const texts = Array.from({ length: 1200 }, (_, i) => (i % 3 === 0 ? `Beschikbaar in Lelystad, ${i}` : `Beschikbaar in Lelystad en omgeving ${i}`));
    const ids = await candidates('3162001', texts);
    const newestFirst = [...ids].reverse();
    const first = await search('Lelystad', undefined, 40);
    expect(first.conversations.map((c) => c.id)).toEqual(newestFirst.slice(0, 40));
    const second = await search('Lelystad', first.nextCursor!, 40);
    expect(second.conversations.map((c) => c.id)).toEqual(newestFirst.slice(40, 80));
    // A common word that only old conversations have: found below the newest ones, whose
    // signatures rule them out (or, where not known, their messages do).
    const newer = await candidates('3163001', Array.from({ length: 300 }, () => 'Nog geen woonplaats genoemd'));
    const unsigned = await candidates('3164001', Array.from({ length: 20 }, () => 'Woonplaats volgt'), undefined, false);
    const old = await search('Lelystad', undefined, 5);
    expect(old.conversations.map((c) => c.id)).toEqual(newestFirst.slice(0, 5));
    expect(old.conversations.some((c) => newer.includes(c.id) || unsigned.includes(c.id))).toBe(false);
    // A newer conversation with the word is found first, with or without a signature.
    const [signedMatch] = await candidates('3165001', ['Verhuisd naar LELYSTAD']);
    const [unsignedMatch] = await candidates('3166001', ['Lelystad-Haven'], undefined, false);
    expect((await search('lelystad', undefined, 3)).conversations.map((c) => c.id)).toEqual([unsignedMatch, signedMatch, newestFirst[0]]);
  });
});

describe("the word search's signature", () => {
  const signatures = async (texts: string[], terms: string[]) =>
    (
      await pool().query<{ contains: boolean; covered: boolean }>(
        `SELECT text ILIKE pattern AS contains, search_signature_of(text) & search_signature_of(term) = search_signature_of(term) AS covered
         FROM unnest($1::text[], $2::text[], $3::text[]) AS t(text, term, pattern)`,
        [texts, terms, terms.map((term) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)],
      )
    ).rows;

  it('has every bit of every term its text contains, in any case; few of a term it does not', async () => {
    const alphabet = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789  ,.!?%_\\-éÉëËçÇäÄöÖüÜßİıΣσς😀👍🏽'];
    let seed = 42;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const texts: string[] = [];
    const terms: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const chars = Array.from({ length: 5 + random(80) }, () => alphabet[random(alphabet.length)]!);
      const start = random(chars.length - 3);
      const term = chars.slice(start, start + 1 + random(12)).map((c) => (random(2) ? c.toUpperCase() : c.toLowerCase())).join('');
      texts.push(chars.join(''));
      // Half the terms are taken from the text, half from another text.
      terms.push(i % 2 ? term : texts[random(texts.length)]!.slice(0, 6));
    }
    const rows = await signatures(texts, terms);
    const contained = rows.filter((r) => r.contains);
    expect(contained.length).toBeGreaterThan(1000);
    expect(contained.filter((r) => !r.covered)).toEqual([]);
    // It filters: most terms that are not in a text are ruled out by the signature alone.
    const absent = rows.filter((r) => !r.contains);
    expect(absent.length).toBeGreaterThan(500);
    expect(absent.filter((r) => r.covered).length).toBeLessThan(absent.length * 0.2);
  });

  it('is kept as messages arrive and leave, by whatever stores them', async () => {
    const from = uniquePhone();
    const deliver = (text: string) =>
      ingestWebhook(parseWebhookPayload(cloudPayload({ contacts: [exampleContact({ from })], messages: [exampleMessage('text', { from, text })] })));
    const check = async () => {
      const { rows } = await pool().query<{ id: string; same: boolean }>(
        `SELECT c.id, c.search_signature = (SELECT bit_or(search_signature_of(m.text)) FROM messages m WHERE m.conversation_id = c.id) AS same
         FROM conversations c JOIN contacts ct ON ct.id = c.contact_id WHERE ct.wa_id = $1`,
        [from],
      );
      expect(rows).toEqual([{ id: expect.any(String), same: true }]);
      return rows[0]!.id;
    };
    await deliver('Ik woon in Zwolle');
    const conversationId = await check();
    await deliver('Werk graag in Deventer');
    await check();
    await queueMessage({ conversationId, author: 'BOT', content: { type: 'text', body: 'Welkom in Apeldoorn!' } });
    await check();
    // A message stored by other code than today's (an instance of the previous release during
    // a deploy, a script): the database keeps the signature all the same.
    await pool().query(
      `INSERT INTO messages (conversation_id, direction, author, wamid, type, text, payload, occurred_at, status)
       VALUES ($1, 'INBOUND', 'CANDIDATE', $2, 'text', 'Of misschien Harderwijk', '{}', now(), 'RECEIVED'),
              ($1, 'INBOUND', 'CANDIDATE', $3, 'image', NULL, '{}', now(), 'RECEIVED')`,
      [conversationId, `wamid.search.${from}.a`, `wamid.search.${from}.b`],
    );
    await check();
    for (const term of ['deventer', 'APELDOORN', 'Zwolle', 'harderwijk']) {
      expect((await search(term)).conversations.map((c) => c.id)).toContain(conversationId);
    }
  });
});
