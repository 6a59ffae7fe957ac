'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { signOut } from 'next-auth/react';
import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { AvailabilityToggle } from './availability-toggle';
import { CurrentUserContext } from './current-user';
import { LanguageSwitcher } from './language-switcher';
import { forgetThisBrowser } from './notification-settings';
import { NotificationsCenter } from './notifications-center';

export function AppShell({ user, children }: { user: { name: string; email: string; role: string }; children: ReactNode }) {
  const t = useTranslations('shell');
  const pathname = usePathname();
  const links = [
    { href: '/conversations', label: t('conversations') },
    { href: '/costs', label: t('costs') },
    ...(user.role === 'ADMIN' ? [{ href: '/admin/users', label: t('users') }] : []),
  ];
  return (
    <CurrentUserContext.Provider value={user}>
    <div className="shell">
      <header className="topbar">
        <Link href="/conversations" className="brand">
          {t('brand')}
        </Link>
        <nav aria-label={t('mainNav')}>
          {links.map((link) => (
            <Link key={link.href} href={link.href} className="navlink" aria-current={pathname.startsWith(link.href) ? 'page' : undefined}>
              {link.label}
            </Link>
          ))}
        </nav>
        <div className="who">
          <NotificationsCenter isAdmin={user.role === 'ADMIN'} />
          <span title={user.email}>{user.name}</span>
          <AvailabilityToggle />
          <LanguageSwitcher />
          <button className="button ghost" onClick={() => void forgetThisBrowser().finally(() => signOut({ callbackUrl: '/sign-in' }))}>
            {t('signOut')}
          </button>
        </div>
      </header>
      <div className="content">{children}</div>
    </div>
    </CurrentUserContext.Provider>
  );
}
