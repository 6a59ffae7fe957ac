import { LabelsAdmin } from '@/components/labels-admin';
import { UsersAdmin } from '@/components/users-admin';
import { requirePageUser } from '@/lib/auth/page-session';

export default async function UsersPage() {
  const user = await requirePageUser('ADMIN');
  return (
    <>
      <UsersAdmin currentUserId={user.id} />
      <LabelsAdmin />
    </>
  );
}
