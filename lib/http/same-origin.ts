// The rule for requests that change something (POST, PUT, PATCH, DELETE) on the dashboard's
// API, checked by the route wrapper (lib/http/with-user.ts) before anything else:
//  - same origin: `Origin`, when sent, is this app's (403 otherwise), and `Sec-Fetch-Site`,
//    when sent, is `same-origin` or `none` (403 otherwise). Browsers send at least one of
//    them on every cross-site write; a request with neither is no browser's (curl, a
//    server-to-server client) and carries no victim's cookies: it passes;
//  - JSON: a body comes as `application/json` (415 otherwise), so no HTML form or
//    "simple" cross-site request can ever reach a handler.
// next-auth's own endpoints (CSRF token of their own) and the webhook (its secret) are not
// wrapped by withUser and keep their own rules.
import { DomainError } from '../errors';
import { env } from '../env';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The origins this app is reached at: the configured public URL (NEXTAUTH_URL: behind a
 * reverse proxy the only reliable one, as the proxy may rewrite Host and ends TLS), and the
 * Host the request was sent to (a direct visit, e.g. http://127.0.0.1:3000 in development).
 * A browser never lets a page choose the Host of a request to another site.
 */
function isOwnOrigin(origin: string, request: Request): boolean {
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (parsed.origin === 'null' || parsed.origin !== origin.replace(/\/$/, '')) return false;
  const configured = env().NEXTAUTH_URL;
  if (configured && new URL(configured).origin === parsed.origin) return true;
  const host = request.headers.get('host');
  return host !== null && parsed.host === host.toLowerCase();
}

export function assertSameOriginWrite(request: Request): void {
  if (!WRITES.has(request.method)) return;
  const origin = request.headers.get('origin');
  if (origin !== null && !isOwnOrigin(origin, request)) {
    throw new DomainError('forbidden', 'Cross-origin requests cannot change anything here.', { code: 'cross_origin' });
  }
  const site = request.headers.get('sec-fetch-site');
  if (site !== null && site !== 'same-origin' && site !== 'none') {
    throw new DomainError('forbidden', 'Cross-site requests cannot change anything here.', { code: 'cross_origin' });
  }
  const type = request.headers.get('content-type');
  const length = request.headers.get('content-length');
  const hasBody = request.headers.has('transfer-encoding') || (length !== null && length !== '0');
  if ((type !== null || hasBody) && !/^application\/json\s*(;|$)/i.test(type ?? '')) {
    throw new DomainError('unsupported_media_type', 'Send the request as application/json.', { code: 'unsupported_media_type' });
  }
}
