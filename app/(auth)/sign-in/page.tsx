import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/sign-in-form';
import { safeCallbackPath } from '@/lib/auth/callback-url';
import { currentUser } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('signIn');
  return { title: t('title') };
}

export default async function SignInPage(props: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const { callbackUrl, error } = await props.searchParams;
  // Only same-origin paths: never send a recruiter to another site after signing in.
  const target = safeCallbackPath(callbackUrl);
  if (await currentUser()) redirect(target);
  return (
    <main style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', padding: 20 }}>
      <SignInForm callbackUrl={target} initialError={error === 'TooManyAttempts' ? 'tooMany' : error ? 'wrong' : undefined} />
    </main>
  );
}
