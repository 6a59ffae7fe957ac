// The messages of erased candidates are remembered by a digest (erased_messages): SHA-256 of a
// wamid or of our message id, never the value. A wamid carries the candidate's number, and
// its random part makes the digest impossible to turn back into it.

/** SQL: the digest of the text expression `value`, as erased_messages stores it. */
export const MESSAGE_DIGEST = (value: string) => `sha256(convert_to(${value}, 'UTF8'))`;

/** SQL: true when the text expression `value` is the wamid or id of an erased candidate's message. */
export const IS_ERASED_MESSAGE = (value: string) =>
  `EXISTS (SELECT 1 FROM erased_messages e WHERE e.digest = ${MESSAGE_DIGEST(value)})`;
