// The responses route handlers return besides errors: JSON, and downloads.

export function jsonResponse(body: unknown, status = 200, headers?: Record<string, string>): Response {
  return Response.json(body, { status, headers: { 'cache-control': 'no-store', ...headers } });
}

/** A file to download (CSV, a JSON export), never cached. */
export function attachment(body: string, filename: string, contentType: string): Response {
  return new Response(body, {
    headers: { 'content-type': contentType, 'content-disposition': `attachment; filename="${filename}"`, 'cache-control': 'no-store' },
  });
}
