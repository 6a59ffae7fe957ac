// Slows down password guessing: after 5 failed sign-ins for an email within 15 minutes,
// that email cannot sign in until the window has passed. Kept in this process's memory;
// the rate-limit policies (@upstash/ratelimit, shared by all instances) build on it.
const LIMIT = 5;
const WINDOW_MS = 15 * 60 * 1000;
const failures = new Map<string, number[]>();

function recent(email: string, now: number): number[] {
  const kept = (failures.get(email) ?? []).filter((at) => now - at < WINDOW_MS);
  if (kept.length) failures.set(email, kept);
  else failures.delete(email);
  return kept;
}

export function signInBlocked(email: string, now = Date.now()): boolean {
  return recent(email.trim().toLowerCase(), now).length >= LIMIT;
}

export function recordSignInFailure(email: string, now = Date.now()): void {
  const key = email.trim().toLowerCase();
  failures.set(key, [...recent(key, now), now]);
  if (failures.size > 10_000) failures.delete(failures.keys().next().value!);
}

export function clearSignInFailures(email: string): void {
  failures.delete(email.trim().toLowerCase());
}
