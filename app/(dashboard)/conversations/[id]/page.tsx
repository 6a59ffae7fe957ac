import { notFound } from 'next/navigation';
import { z } from 'zod';
import { Inbox } from '@/components/inbox';

export default async function ConversationPage(props: { params: Promise<{ id: string }> }) {
  const id = z.uuid().safeParse((await props.params).id);
  if (!id.success) notFound();
  return <Inbox selectedId={id.data} />;
}
