'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { signOut } from 'next-auth/react';
import type { ReactNode } from 'react';
import { CurrentUserContext } from './current-user';
import { forgetThisBrowser } from './notification-settings';
import { NotificationsCenter } from './notifications-center';

export function AppShell({ user, children }: { user: { name: string; email: string; role: string }; children: ReactNode }) {
  const pathname = usePathname();
  const links = [
    { href: '/conversations', label: 'Conversations' },
    { href: '/costs', label: 'Costs' },
    ...(user.role === 'ADMIN' ? [{ href: '/admin/users', label: 'Users' }] : []),
  ];
  return (
    <CurrentUserContext.Provider value={user}>
    <div className="shell">
      <header className="topbar">
        <Link href="/conversations" className="brand">
          Recruitment inbox
        </Link>
        <nav aria-label="Main">
          {links.map((link) => (
            <Link key={link.href} href={link.href} className="navlink" aria-current={pathname.startsWith(link.href) ? 'page' : undefined}>
              {link.label}
            </Link>
          ))}
        </nav>
        <div className="who">
          <NotificationsCenter isAdmin={user.role === 'ADMIN'} />
          <span title={user.email}>{user.name}</span>
          <button className="button ghost" onClick={() => void forgetThisBrowser().finally(() => signOut({ callbackUrl: '/sign-in' }))}>
            Sign out
          </button>
        </div>
      </header>
      <div className="content">{children}</div>
    </div>
    </CurrentUserContext.Provider>
  );
}
