// next-auth: email and password against our users table, sessions as signed JWT cookies.
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { clientIp } from '../http/client-ip';
import { limit } from '../http/rate-limit';
import { safeRedirect } from './callback-url';
import { authenticate } from './users';

const TOO_MANY = 'TooManyAttempts';

export const authOptions: NextAuthOptions = {
  session: { strategy: 'jwt', maxAge: 12 * 60 * 60 },
  pages: { signIn: '/sign-in' },
  providers: [
    CredentialsProvider({
      name: 'Email and password',
      credentials: {
        email: { label: 'Email', type: 'email' },
        password: { label: 'Password', type: 'password' },
      },
      // The sign-in limits live here, where the password is checked, so they hold for
      // every path and spelling that reaches it (not for one URL matched in proxy.ts).
      async authorize(credentials, req) {
        if (!credentials?.email || !credentials.password) return null;
        if (credentials.email.length > 254 || credentials.password.length > 200) return null;
        // Per client address: counted now (so parallel guesses are bounded too), given
        // back below when the password was right: only failures use it up.
        const ip = clientIp(req?.headers ?? {});
        const byIp = await limit('signInIp', ip);
        if (!byIp.success) throw new Error(TOO_MANY);
        // Per email, every attempt, across every address and instance.
        const byEmail = await limit('signInEmail', credentials.email.trim().toLowerCase());
        if (!byEmail.success) throw new Error(TOO_MANY);
        const user = await authenticate(credentials.email, credentials.password);
        if (user) await limit('signInIp', ip, undefined, -1).catch(() => {});
        return user;
      },
    }),
  ],
  callbacks: {
    // After signing in (or out): a path on this site only (lib/auth/callback-url.ts).
    async redirect({ url, baseUrl }) {
      return safeRedirect(url, baseUrl);
    },
    async jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.role = (user as { role?: string }).role;
      }
      return token;
    },
    async session({ session, token }) {
      if (session.user) {
        (session.user as { id?: string }).id = token.sub;
        (session.user as { role?: unknown }).role = token.role;
      }
      return session;
    },
  },
};
