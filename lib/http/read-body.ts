import { DomainError } from '../errors';

/**
 * Reads a request body up to `limit` bytes. Refuses a declared or actual larger body with
 * 413 without buffering it.
 */
export async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  const tooLarge = () => new DomainError('too_large', `The body is larger than ${limit} bytes.`, { code: 'payload_too_large' });
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // Read (and drop) a bounded rest, so the client receives the 413 instead of a reset
      // connection; beyond that, stop reading.
      let drained = size;
      while (drained <= limit * 8) {
        const next = await reader.read().catch(() => ({ done: true, value: undefined }));
        if (next.done) break;
        drained += next.value?.byteLength ?? 0;
      }
      if (drained > limit * 8) await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** The request's body as JSON: 400 when it is not. */
export async function readJson(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw new DomainError('malformed', 'The body is not valid JSON.', { code: 'malformed_json' });
  }
}
