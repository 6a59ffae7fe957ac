import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/sign-in-form';
import { safeCallbackPath } from '@/lib/auth/callback-url';
import { currentUser } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

export default async function SignInPage(props: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const { callbackUrl, error } = await props.searchParams;
  // Only same-origin paths: never send a recruiter to another site after signing in.
  const target = safeCallbackPath(callbackUrl);
  if (await currentUser()) redirect(target);
  return (
    <main style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', padding: 20 }}>
      <SignInForm callbackUrl={target} initialError={error === 'TooManyAttempts' ? 'Too many sign-in attempts: wait a few minutes and try again.' : error ? 'Wrong email or password.' : undefined} />
    </main>
  );
}
