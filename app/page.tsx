import { StatusCard } from '@/components/status-card';

export default function HomePage() {
  return (
    <main style={{ maxWidth: 720, margin: '0 auto', padding: '48px 20px' }}>
      <h1 style={{ marginTop: 0 }}>WhatsApp recruitment inbox</h1>
      <p style={{ color: 'var(--muted)' }}>
        Candidates message the agency&apos;s WhatsApp number; every message arrives here through 360Dialog.
      </p>
      <StatusCard />
    </main>
  );
}
