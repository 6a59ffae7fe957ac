// Small display helpers shared by the dashboard's components.
export function timeAgo(iso: string | null, now = Date.now()): string {
  if (!iso) return '';
  const seconds = Math.round((now - new Date(iso).getTime()) / 1000);
  if (seconds < 60) return 'now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h`;
  return new Date(iso).toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
}

export function clock(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

/** "5 h 12 min left", or null when the 24-hour window is closed. */
export function windowLeft(closesAt: string | null, now = Date.now()): string | null {
  if (!closesAt) return null;
  const ms = new Date(closesAt).getTime() - now;
  if (ms <= 0) return null;
  const hours = Math.floor(ms / 3600_000);
  const minutes = Math.floor((ms % 3600_000) / 60_000);
  return hours > 0 ? `${hours} h ${minutes} min left` : `${minutes} min left`;
}

export const REASONS: Record<string, string> = {
  requested: 'Asked for a person',
  unclear: 'The bot did not understand',
  completed: 'Screening complete',
};

export const QUALIFICATIONS: Record<string, string> = { QUALIFIED: 'Qualified', MAYBE: 'Maybe', NOT_A_FIT: 'Not a fit' };
