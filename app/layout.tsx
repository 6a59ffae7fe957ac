import type { Metadata } from 'next';
import { NextIntlClientProvider } from 'next-intl';
import { getLocale, getTranslations } from 'next-intl/server';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('common');
  // A page's own title reads "Gesprekken · WhatsApp-wervingsinbox".
  return {
    title: { default: t('appName'), template: `%s · ${t('appName')}` },
    description: t('description'),
    // A static file (public/), like the service worker: no route, no session needed.
    icons: { icon: '/icon.svg' },
  };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request: its scripts carry that request's CSP nonce (proxy.ts),
  // which a page rendered at build time could not.
  await connection();
  const locale = await getLocale();
  return (
    <html lang={locale}>
      <body>
        <NextIntlClientProvider>{children}</NextIntlClientProvider>
      </body>
    </html>
  );
}
