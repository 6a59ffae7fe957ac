// The session check of pages and layouts: every one that shows or reads data calls it at
// its top, not relying on the layout (pages and layouts render in parallel). The lookup
// is shared by the layout and the page of one request.
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { currentUser, type SessionUser } from './session';

/** The signed-in user, looked up once per request (pages, layouts, the dashboard's language). */
export const sessionUser = cache(currentUser);

/** The signed-in user; otherwise to the sign-in page. `ADMIN`: recruiters go to the conversations. */
export async function requirePageUser(role?: 'ADMIN'): Promise<SessionUser> {
  const user = await sessionUser();
  if (!user) redirect('/sign-in');
  if (role === 'ADMIN' && user.role !== 'ADMIN') redirect('/conversations');
  return user;
}
