// The dashboard's search (`q`): by name, number and message text, as a condition on
// conversations `c`; answered by id from the trigram indexes when the term is rare, by walking
// the list in order (with each conversation's search signature) when it is common.
import { Prisma, readDb } from '../db/client';

const like = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

// A search that matches at most this many messages (or candidates) is answered from the
// trigram indexes by id; a commoner one by walking the list in order, which finds a page
// of matches within a few thousand conversations.
const SEARCH_BY_ID_LIMIT = 1000;

// A term found common is remembered as such for a minute (per process, at most 1,000 terms):
// the next pages, and the list refreshing on live events, go straight to the walk instead of
// first fetching a thousand rows to find out again. Either way the answer is exact.
const COMMON_FOR_MS = 60_000;
const commonTerms = new Map<string, number>(); // kind + lower-cased term -> remembered until

function knownCommon(key: string): boolean {
  const until = commonTerms.get(key);
  if (until === undefined) return false;
  if (until > Date.now()) return true;
  commonTerms.delete(key);
  return false;
}

/** The ids that match, or null for a term in more than SEARCH_BY_ID_LIMIT rows. */
async function idsUnlessCommon(key: string, query: () => Promise<{ id: string }[]>): Promise<string[] | null> {
  if (knownCommon(key)) return null;
  const rows = await query();
  if (rows.length <= SEARCH_BY_ID_LIMIT) return rows.map((r) => r.id);
  if (commonTerms.size >= 1000) commonTerms.delete(commonTerms.keys().next().value!);
  commonTerms.set(key, Date.now() + COMMON_FOR_MS);
  return null;
}

/** The search as a condition on conversations `c`, chosen by how common the term is. */
export async function searchCondition(q: string): Promise<Prisma.Sql> {
  const pattern = like(q);
  // A number is searched as digits ("+31 6-12" finds 31612…) only when the query is one: a
  // word that happens to hold digits ("kapper2024") is not a phone number.
  const digits = /^[\d\s+().\/-]+$/.test(q) ? q.replace(/\D/g, '') : '';
  const contactMatch = Prisma.sql`profile_name ILIKE ${pattern} OR username ILIKE ${pattern}
    ${digits.length >= 3 ? Prisma.sql`OR wa_id LIKE ${like(digits)}` : Prisma.empty}`;
  const term = q.toLowerCase();
  const [contacts, messages] = await Promise.all([
    idsUnlessCommon(`contacts\0${term}`, () =>
      readDb().$queryRaw<{ id: string }[]>`SELECT id FROM contacts WHERE ${contactMatch} LIMIT ${SEARCH_BY_ID_LIMIT + 1}`,
    ),
    idsUnlessCommon(`messages\0${term}`, () =>
      readDb().$queryRaw<{ id: string }[]>`
        SELECT conversation_id AS id FROM messages WHERE text ILIKE ${pattern} LIMIT ${SEARCH_BY_ID_LIMIT + 1}`,
    ),
  ]);
  const byContact = contacts
    ? Prisma.sql`c.contact_id = ANY(${contacts}::uuid[])`
    : Prisma.sql`c.contact_id IN (SELECT id FROM contacts WHERE ${contactMatch})`;
  const byMessage = messages
    ? Prisma.sql`c.id = ANY(${[...new Set(messages)]}::uuid[])`
    : // A conversation whose signature lacks a bit of the term has no message with it (see
      // schema.prisma), so most of the walk reads no messages. OFFSET 0 keeps the rest a
      // check per conversation (a few index rows each): PostgreSQL would otherwise hash
      // every matching message first.
      Prisma.sql`(c.search_signature IS NULL
        OR c.search_signature & (SELECT search_signature_of(${q})) = (SELECT search_signature_of(${q})))
        AND EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.text ILIKE ${pattern} OFFSET 0)`;
  return Prisma.sql`(${byContact} OR ${byMessage})`;
}
