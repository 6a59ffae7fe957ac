import type { ReactNode } from 'react';
import { AppShell } from '@/components/app-shell';
import { requirePageUser } from '@/lib/auth/page-session';

export const dynamic = 'force-dynamic';

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser();
  return <AppShell user={{ name: user.name, email: user.email, role: user.role }}>{children}</AppShell>;
}
