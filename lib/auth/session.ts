// Who is asking: every route handler (through withUser, lib/http/with-user.ts), page and
// layout (through requirePageUser, lib/auth/page-session.ts) except the webhook, health and
// sign-in checks the session itself (proxy.ts alone is never trusted).
import { getServerSession } from 'next-auth';
import { DomainError } from '../errors';
import { authOptions } from './next-auth';
import { readDb } from '../db/client';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: 'ADMIN' | 'RECRUITER';
}

/** The signed-in, still active user, or null. */
export async function currentUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions);
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (!id) return null;
  // Checked on every request, so deactivating a user or changing a role takes effect at once.
  const user = await readDb().user.findUnique({ where: { id }, select: { id: true, email: true, name: true, role: true, active: true } });
  return user?.active ? { id: user.id, email: user.email, name: user.name, role: user.role } : null;
}

export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) throw new DomainError('unauthenticated', 'Sign in first.');
  return user;
}

export async function requireAdmin(): Promise<SessionUser> {
  const user = await requireUser();
  if (user.role !== 'ADMIN') throw new DomainError('forbidden', 'Only an admin can do this.');
  return user;
}
