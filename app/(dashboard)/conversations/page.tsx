import { Inbox } from '@/components/inbox';
import { requirePageUser } from '@/lib/auth/page-session';

export default async function ConversationsPage() {
  await requirePageUser();
  return <Inbox selectedId={null} />;
}
