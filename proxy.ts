// Runs before every matched request: the per-IP rate limits of the dashboard API, the
// sign-in and the other endpoints without a session. Authorisation is not done here: every
// layout and route handler checks the session itself. The webhook is not matched: its
// failed authentications are limited in its route, its real deliveries never.
import { NextResponse, type NextRequest } from 'next/server';
import { clientIp, limit, rateLimitHeaders, tooManyRequests } from '@/lib/http/rate-limit';

export async function proxy(request: NextRequest) {
  const ip = clientIp(request.headers);
  try {
    if (request.method === 'POST' && request.nextUrl.pathname === '/api/auth/callback/credentials') {
      const signIn = await limit('signInIp', ip);
      if (!signIn.success) return tooManyRequests(signIn);
    }
    const result = await limit('api', ip);
    if (!result.success) return tooManyRequests(result);
    const response = NextResponse.next();
    for (const [name, value] of Object.entries(rateLimitHeaders(result))) response.headers.set(name, value);
    return response;
  } catch {
    // The limiter's store is unreachable: serve rather than lock every recruiter out.
    return NextResponse.next();
  }
}

export const config = {
  matcher: ['/api/:path*', '/sign-in'],
};
