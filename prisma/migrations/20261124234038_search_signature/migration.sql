-- The word search's filter per conversation: every three-character run of its messages'
-- lower-cased text (by code point), hashed to one of 509 bits. A text that contains a term
-- (ILIKE '%term%' compares lower(text) with lower(term)) contains every three-character run
-- of the lower-cased term, so a conversation whose signature lacks one of the term's bits
-- has no message with it. The hash only uses code points, so it never changes with the
-- server's version.
CREATE FUNCTION search_signature_of(t text) RETURNS bit(512) LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  codes int[] := array(SELECT ascii(ch) FROM unnest(string_to_array(lower(t), NULL)) AS ch);
  signature bit(512) := repeat('0', 512)::bit(512);
BEGIN
  FOR i IN 1 .. coalesce(cardinality(codes), 0) - 2 LOOP
    signature := set_bit(signature, (((codes[i]::bigint * 7919 + codes[i + 1]) * 7919 + codes[i + 2]) % 509)::int, 1);
  END LOOP;
  RETURN signature;
END $$;

-- AlterTable
ALTER TABLE "conversations" ADD COLUMN     "search_signature" bit(512) DEFAULT repeat('0', 512)::bit(512);

-- Kept by the database, whoever inserts the message (an instance still running the previous
-- release during a deploy included): the conversations of a statement's new messages gain
-- their texts' bits. Only where bits are missing: the app's own statements (webhook, outbox)
-- add them in the update of the conversation they make anyway, so this only writes for
-- other code. A null signature (not known) stays null. Message texts are never
-- changed after the insert; a deleted message's bits stay (a search then reads that
-- conversation's messages, and finds nothing).
CREATE FUNCTION "messages_search_signature"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "conversations" c SET "search_signature" = c."search_signature" | n.signature
  FROM (SELECT "conversation_id", bit_or(search_signature_of("text")) AS signature
        FROM new_messages WHERE "text" IS NOT NULL GROUP BY "conversation_id") n
  WHERE c."id" = n."conversation_id" AND c."search_signature" | n.signature <> c."search_signature";
  RETURN NULL;
END $$;

CREATE TRIGGER "messages_search_signature" AFTER INSERT ON "messages"
  REFERENCING NEW TABLE AS new_messages FOR EACH STATEMENT EXECUTE FUNCTION "messages_search_signature"();

-- The conversations there are already.
UPDATE "conversations" c SET "search_signature" = (
  SELECT coalesce(bit_or(search_signature_of(m."text")), repeat('0', 512)::bit(512)) FROM "messages" m WHERE m."conversation_id" = c."id");
