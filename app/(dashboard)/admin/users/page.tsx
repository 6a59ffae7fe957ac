import { redirect } from 'next/navigation';
import { UsersAdmin } from '@/components/users-admin';
import { currentUser } from '@/lib/auth/session';

export default async function UsersPage() {
  const user = await currentUser();
  if (!user) redirect('/sign-in');
  if (user.role !== 'ADMIN') redirect('/conversations');
  return <UsersAdmin currentUserId={user.id} />;
}
