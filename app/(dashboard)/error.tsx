'use client';

export default function DashboardError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div className="centered" role="alert">
      <p>Something went wrong loading this page.</p>
      <button className="button" onClick={reset}>
        Try again
      </button>
    </div>
  );
}
