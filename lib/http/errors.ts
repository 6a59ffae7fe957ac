// One error type for every route handler and one mapping to HTTP. Anything that is not
// an ApiError is logged and answered with a generic 500: no stack traces, no SQL.
import { z } from 'zod';
import { log } from '../log';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function jsonResponse(body: unknown, status = 200, headers?: Record<string, string>): Response {
  return Response.json(body, { status, headers: { 'cache-control': 'no-store', ...headers } });
}

export function handleApiError(error: unknown, context: Record<string, unknown> = {}): Response {
  if (error instanceof ApiError) {
    const body = { error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } };
    return jsonResponse(body, error.status, error.headers);
  }
  if (error instanceof z.ZodError) {
    const details = error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    return jsonResponse({ error: { code: 'invalid_input', message: 'The request is not valid.', details } }, 422);
  }
  log.error('unhandled error', { ...context, error });
  return jsonResponse({ error: { code: 'internal_error', message: 'Something went wrong on our side.' } }, 500);
}

/**
 * Reads a request body up to `limit` bytes. Refuses a declared or actual larger body with
 * 413 without buffering it.
 */
export async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  const tooLarge = () => new ApiError(413, 'payload_too_large', `The body is larger than ${limit} bytes.`);
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
