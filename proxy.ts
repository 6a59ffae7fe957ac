// Runs before every request except the webhook and static files:
//  - rate limits (lib/http/rate-limit.ts) on the API and the sign-in page: a signed-in
//    user's requests count against that user, wherever they come from, and the event
//    stream not at all; requests without a session count against the client's address
//    (lib/http/client-ip.ts). next-auth's own endpoints are left to the sign-in limits in
//    lib/auth/next-auth.ts, which hold for every path that reaches the credentials check;
//  - the pages' Content-Security-Policy with a fresh nonce (lib/http/csp.ts).
// Authorisation is not done here: every layout and route handler checks the session
// itself, and the same-origin rule for writes is in the route wrapper (lib/http/with-user.ts).
import { NextResponse, type NextRequest } from 'next/server';
import { getToken } from 'next-auth/jwt';
import { env } from '@/lib/env';
import { newNonce, pagePolicy } from '@/lib/http/csp';
import { clientIp, limit, rateLimitHeaders, tooManyRequests, type LimitResult } from '@/lib/http/rate-limit';

export async function proxy(request: NextRequest) {
  const path = request.nextUrl.pathname;
  if (path.startsWith('/api/') || path === '/sign-in') return limited(request, path);
  return withNonce(request);
}

async function limited(request: NextRequest, path: string): Promise<Response> {
  if (path.startsWith('/api/auth/')) return NextResponse.next();
  let result: LimitResult;
  try {
    const userId = await sessionUserId(request);
    if (userId) {
      // Once authorised the stream is never refused: a 429 would end it for good.
      if (path === '/api/events') return NextResponse.next();
      result = await limit('user', userId);
    } else {
      result = await limit('api', clientIp(request.headers));
    }
  } catch {
    // The limiter's store is unreachable: serve rather than lock every recruiter out.
    return path === '/sign-in' ? withNonce(request) : NextResponse.next();
  }
  if (!result.success) return tooManyRequests(result);
  const response = path === '/sign-in' ? withNonce(request) : NextResponse.next();
  for (const [name, value] of Object.entries(rateLimitHeaders(result))) response.headers.set(name, value);
  return response;
}

/** The user a valid session cookie names (signed and encrypted with NEXTAUTH_SECRET), or null. */
async function sessionUserId(request: NextRequest): Promise<string | null> {
  const secret = env().NEXTAUTH_SECRET;
  if (!secret) return null;
  const token = await getToken({ req: request, secret }).catch(() => null);
  return typeof token?.sub === 'string' ? token.sub : null;
}

function withNonce(request: NextRequest): NextResponse {
  const policy = pagePolicy(newNonce());
  const headers = new Headers(request.headers);
  headers.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('content-security-policy', policy);
  return response;
}

export const config = {
  // Everything but the webhook (its failed authentications are limited in its route, its
  // real deliveries never) and Next's static files.
  matcher: ['/((?!webhook/|_next/static/|_next/image|favicon\\.ico).*)'],
};
