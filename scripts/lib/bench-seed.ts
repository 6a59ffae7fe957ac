// Seeds the benchmark's database with a busy agency's month: `conversations` candidates
// with `perConversation` messages each (half the candidate's, half the bot's, delivered and
// priced), spread over this month so far. One INSERT … SELECT per table, generated inside
// PostgreSQL: a million messages take about a minute, not hours of single inserts.
import pg from 'pg';

const FIRST = ['Sarah', 'Tom', 'Priya', 'Daan', 'Emma', 'Noah', 'Lotte', 'Sem', 'Julia', 'Finn', 'Sophie', 'Lucas', 'Mila', 'Levi', 'Anna', 'Milan', 'Tess', 'Bram', 'Sara', 'Jesse'];
const LAST = ['de Vries', 'Jansen', 'Bakker', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'de Groot', 'Bos', 'Vos', 'Peters', 'Hendriks', 'van Leeuwen', 'Dekker', 'Brouwer', 'de Wit', 'Dijkstra', 'Smits', 'de Graaf', 'van der Meer', 'van den Berg', 'Kok', 'Jacobs', 'Vermeulen'];
const ROLES = ['kapper', 'barista', 'chauffeur', 'verpleegkundige', 'magazijnmedewerker', 'kok', 'schoonmaker', 'receptionist', 'monteur', 'kassamedewerker'];
const CITIES = ['Amsterdam', 'Rotterdam', 'Utrecht', 'Eindhoven', 'Groningen', 'Zwolle', 'Tilburg', 'Breda', 'Nijmegen', 'Haarlem', 'Arnhem', 'Leiden'];
const BOT = ['Welkom! Voor welke functie solliciteer je?', 'Hoeveel jaar werkervaring heb je in dit vak?', 'In welke plaats wil je werken?', 'Vanaf wanneer ben je beschikbaar?', 'Dank je wel! Een recruiter neemt contact met je op.'];

const literal = (items: string[]) => `ARRAY[${items.map((item) => `'${item.replace(/'/g, "''")}'`).join(',')}]`;
/** Message k (from 0) of candidate n, as SQL: the candidate's (even k) or the bot's. */
const textOf = (n: string, k: string) => `CASE WHEN ${k} % 2 = 0
  THEN 'Hoi, ik zoek werk als ' || (${literal(ROLES)})[1 + (${k} + ${n}) % ${ROLES.length}] || ' in ' || (${literal(CITIES)})[1 + (${n} * 7 + ${k}) % ${CITIES.length}]
  ELSE (${literal(BOT)})[1 + (${k} / 2) % ${BOT.length}] END`;
// A candidate's texts depend on n only through n modulo this, so do their search signatures.
const PERIOD = (ROLES.length * CITIES.length) / gcd(ROLES.length, CITIES.length);
function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

export interface SeedResult {
  conversations: number;
  messages: number;
  seconds: number;
}

export async function seed(url: string, conversations: number, perConversation: number, timeZone: string): Promise<SeedResult> {
  const started = performance.now();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SET synchronous_commit = off');
    await client.query(`SET maintenance_work_mem = '256MB'`);
    // This month so far, in the agency's time zone (an hour before now at the latest).
    const {
      rows: [range],
    } = await client.query<{ start: Date; span: number }>(
      `SELECT date_trunc('month', now() AT TIME ZONE $1) AT TIME ZONE $1 + interval '1 hour' AS start,
         extract(epoch FROM now() - interval '1 hour' - (date_trunc('month', now() AT TIME ZONE $1) AT TIME ZONE $1 + interval '1 hour'))
           - $2::int * 60 AS span`,
      [timeZone, perConversation],
    );
    const params = [conversations, range!.start, Math.max(60, range!.span)];
    // Candidate n starts writing at start + n/N of the month so far; one message a minute.
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO contacts (identity, wa_id, profile_name, vacancy, created_at, updated_at)
       SELECT '3169' || lpad(n::text, 7, '0'), '3169' || lpad(n::text, 7, '0'),
         (${literal(FIRST)})[1 + n % ${FIRST.length}] || ' ' || (${literal(LAST)})[1 + (n / ${FIRST.length}) % ${LAST.length}],
         (${literal(ROLES)})[1 + n % ${ROLES.length}],
         $2::timestamptz + (n::float8 / $1::int) * $3::float8 * interval '1 second',
         $2::timestamptz + (n::float8 / $1::int) * $3::float8 * interval '1 second'
       FROM generate_series(1, $1::int) n`,
      params,
    );
    // With the word search's signature of its messages (as the app keeps it), computed once
    // per PERIOD candidates.
    await client.query(
      `INSERT INTO conversations (contact_id, last_message_at, last_inbound_at, last_message_preview, created_at, updated_at, search_signature)
       SELECT ct.id, ct.created_at + interval '1 minute' * ${perConversation - 1}, ct.created_at + interval '1 minute' * ${perConversation - 2},
         'Dank je wel! Een recruiter neemt contact met je op.', ct.created_at, ct.created_at, s.signature
       FROM contacts ct
       JOIN (SELECT r, bit_or(search_signature_of(${textOf('r', 'k')})) AS signature
             FROM generate_series(0, ${PERIOD - 1}) r CROSS JOIN generate_series(0, ${perConversation - 1}) k GROUP BY r) s
         ON s.r = substr(ct.identity, 5)::int % ${PERIOD}
       WHERE ct.identity LIKE '3169%'`,
    );
    await client.query('COMMIT');
    // Messages without their search index, which is then built in one pass (much faster), and
    // without the trigger that would compute again the signatures the conversations have.
    await client.query('DROP INDEX IF EXISTS messages_text_trgm_idx');
    await client.query('ALTER TABLE messages DISABLE TRIGGER messages_search_signature');
    await client.query(
      `INSERT INTO messages (conversation_id, direction, author, wamid, type, text, payload, occurred_at, created_at, status,
         processed_at, accepted_at, sent_at, delivered_at, read_at, pricing_model, pricing_category, pricing_type, billable)
       SELECT c.id,
         CASE WHEN k % 2 = 0 THEN 'INBOUND' ELSE 'OUTBOUND' END::"Direction",
         CASE WHEN k % 2 = 0 THEN 'CANDIDATE' ELSE 'BOT' END::"MessageAuthor",
         'wamid.seed.' || ct.identity || '.' || k, 'text',
         ${textOf('n', 'k')},
         '{}'::jsonb, ct.created_at + interval '1 minute' * k, ct.created_at + interval '1 minute' * k,
         CASE WHEN k % 2 = 0 THEN 'RECEIVED' ELSE 'READ' END::"DeliveryStatus",
         CASE WHEN k % 2 = 0 THEN ct.created_at + interval '1 minute' * k END,
         CASE WHEN k % 2 = 1 THEN ct.created_at + interval '1 minute' * k END,
         CASE WHEN k % 2 = 1 THEN ct.created_at + interval '1 minute' * k + interval '1 second' END,
         CASE WHEN k % 2 = 1 THEN ct.created_at + interval '1 minute' * k + interval '2 seconds' END,
         CASE WHEN k % 2 = 1 THEN ct.created_at + interval '1 minute' * k + interval '20 seconds' END,
         CASE WHEN k % 2 = 1 THEN 'PMP' END, CASE WHEN k % 2 = 1 THEN 'service' END,
         CASE WHEN k % 2 = 1 THEN 'free_customer_service' END, CASE WHEN k % 2 = 1 THEN false END
       FROM conversations c
       JOIN (SELECT id, identity, created_at, substr(identity, 5)::int AS n FROM contacts WHERE identity LIKE '3169%') ct ON ct.id = c.contact_id
       CROSS JOIN generate_series(0, ${perConversation - 1}) k
       ORDER BY ct.created_at, k`,
    );
    await client.query('ALTER TABLE messages ENABLE TRIGGER messages_search_signature');
    await client.query('CREATE INDEX messages_text_trgm_idx ON messages USING GIN (text gin_trgm_ops)');
    // VACUUM also moves the trigram indexes' pending entries into the index proper.
    await client.query('VACUUM ANALYZE');
    const {
      rows: [count],
    } = await client.query<{ conversations: string; messages: string }>(
      `SELECT (SELECT count(*) FROM conversations) AS conversations, (SELECT count(*) FROM messages) AS messages`,
    );
    return { conversations: Number(count!.conversations), messages: Number(count!.messages), seconds: Math.round((performance.now() - started) / 100) / 10 };
  } finally {
    await client.end();
  }
}

/** What the dashboard benchmark searches for: a candidate's name and a word in messages. */
export const SEARCHES = { name: `${FIRST[3]} ${LAST[7]}`, word: CITIES[5]! };
