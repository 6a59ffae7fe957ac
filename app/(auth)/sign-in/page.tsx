import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/sign-in-form';
import { currentUser } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

export default async function SignInPage(props: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const { callbackUrl, error } = await props.searchParams;
  // Only same-site paths: never send a recruiter to another site after signing in.
  const target = callbackUrl && callbackUrl.startsWith('/') && !callbackUrl.startsWith('//') ? callbackUrl : '/';
  if (await currentUser()) redirect(target);
  return (
    <main style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', padding: 20 }}>
      <SignInForm callbackUrl={target} initialError={error ? 'Wrong email or password.' : undefined} />
    </main>
  );
}
