import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth/next-auth';

// GET|POST /api/auth/* - sign-in, sign-out, session and CSRF endpoints of next-auth
const handler = NextAuth(authOptions);

export { handler as GET, handler as POST };
