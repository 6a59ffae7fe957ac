import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { Inbox } from '@/components/inbox';
import { requirePageUser } from '@/lib/auth/page-session';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('conversations'))('title') };
}

export default async function ConversationPage(props: { params: Promise<{ id: string }> }) {
  await requirePageUser();
  const id = z.uuid().safeParse((await props.params).id);
  if (!id.success) notFound();
  return <Inbox selectedId={id.data} />;
}
