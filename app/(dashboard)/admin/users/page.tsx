import { QuickRepliesAdmin } from '@/components/quick-replies-admin';
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { LabelsAdmin } from '@/components/labels-admin';
import { UsersAdmin } from '@/components/users-admin';
import { requirePageUser } from '@/lib/auth/page-session';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('users'))('title') };
}

export default async function UsersPage() {
  const user = await requirePageUser('ADMIN');
  return (
    <>
      <UsersAdmin currentUserId={user.id} />
      <QuickRepliesAdmin />
      <LabelsAdmin />
    </>
  );
}
