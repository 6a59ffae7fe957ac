// The dashboard's search: by name, number and message text, by id when the term is rare and
// by walking the list in order when it is common; newest activity first either way.
import { describe, expect, it } from 'vitest';
import { listConversations } from '../lib/conversations';
import { pool } from '../lib/db';
import { useIsolatedDatabase } from './helpers/isolated-database';

await useIsolatedDatabase();
const USER = '00000000-0000-0000-0000-000000000000';

/** Candidates with one message each, the last one the most recently active; returns their conversation ids in that order. */
async function candidates(prefix: string, texts: string[], names: (i: number) => string = (i) => `Kandidaat ${prefix} ${i}`) {
  const { rows } = await pool().query<{ id: string }>(
    `WITH input AS (
       SELECT ord, $1 || lpad(ord::text, 6, '0') AS phone, $3::text[] AS names, text
       FROM unnest($2::text[]) WITH ORDINALITY AS t(text, ord)
     ), contact AS (
       INSERT INTO contacts (identity, wa_id, profile_name)
       SELECT phone, phone, names[ord] FROM input RETURNING id, identity
     ), conversation AS (
       INSERT INTO conversations (contact_id, last_message_at)
       SELECT contact.id, now() + make_interval(secs => input.ord) FROM contact JOIN input ON input.phone = contact.identity
       RETURNING id, contact_id, last_message_at
     ), message AS (
       INSERT INTO messages (conversation_id, direction, author, wamid, type, text, payload, occurred_at, status)
       SELECT conversation.id, 'INBOUND', 'CANDIDATE', 'wamid.search.' || contact.identity, 'text', input.text, '{}',
         conversation.last_message_at, 'RECEIVED'
       FROM conversation JOIN contact ON contact.id = conversation.contact_id JOIN input ON input.phone = contact.identity
     )
     SELECT conversation.id FROM conversation ORDER BY conversation.last_message_at`,
    [prefix, texts, texts.map((_, i) => names(i + 1))],
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
    // A common word that only old conversations have: found below the newest ones.
    const newer = await candidates('3163001', Array.from({ length: 300 }, () => 'Nog geen woonplaats genoemd'));
    const old = await search('Lelystad', undefined, 5);
    expect(old.conversations.map((c) => c.id)).toEqual(newestFirst.slice(0, 5));
    expect(old.conversations.some((c) => newer.includes(c.id))).toBe(false);
  });
});
