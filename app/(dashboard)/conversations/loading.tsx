export default function Loading() {
  return (
    <div className="centered" role="status" aria-live="polite">
      Loading…
    </div>
  );
}
