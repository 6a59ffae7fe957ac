import { Inbox } from '@/components/inbox';

export default function ConversationsPage() {
  return <Inbox selectedId={null} />;
}
