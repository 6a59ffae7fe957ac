import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Inbox } from '@/components/inbox';
import { requirePageUser } from '@/lib/auth/page-session';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('conversations'))('title') };
}

export default async function ConversationsPage() {
  await requirePageUser();
  return <Inbox selectedId={null} />;
}
