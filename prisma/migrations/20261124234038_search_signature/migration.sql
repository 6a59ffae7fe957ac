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
ALTER TABLE "conversations" ADD COLUMN     "search_signature" bit(512);

-- The conversations there are already (null would only mean: read its messages).
UPDATE "conversations" c SET "search_signature" = (
  SELECT coalesce(bit_or(search_signature_of(m."text")), repeat('0', 512)::bit(512)) FROM "messages" m WHERE m."conversation_id" = c."id");
