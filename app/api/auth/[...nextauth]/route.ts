import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth/next-auth';

// GET|POST /api/auth/* - sign-in, sign-out, session and CSRF endpoints of next-auth
const nextAuth = NextAuth(authOptions);

// A sign-in refused by the limits (lib/auth/next-auth.ts, whatever path reached it) is
// answered 429 with Retry-After instead of next-auth's 401, same body: the sign-in form
// still reads the reason from its `url`, and other clients see a rate limit. (A plain
// form post keeps next-auth's redirect to the sign-in page, which shows the reason.)
async function handler(request: Request, context: { params: Promise<{ nextauth: string[] }> }): Promise<Response> {
  const response: Response = await nextAuth(request, context);
  if (!response.headers.get('content-type')?.includes('application/json')) return response;
  const body = (await response.clone().json().catch(() => null)) as { url?: unknown } | null;
  if (typeof body?.url !== 'string' || !/[?&]error=TooManyAttempts(&|$)/.test(body.url)) return response;
  const headers = new Headers(response.headers);
  headers.set('retry-after', '60');
  const refused = { url: body.url, error: { code: 'rate_limited', message: 'Too many sign-in attempts: try again later.' } };
  return new Response(JSON.stringify(refused), { status: 429, headers });
}

export { handler as GET, handler as POST };
