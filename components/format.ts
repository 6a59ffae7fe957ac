'use client';
// Display helpers shared by the dashboard's components: times, the 24-hour window and the
// screening's words, in the user's language (next-intl), never hand-formatted.
import { useFormatter, useNow, useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';

/** Whole minutes until the 24-hour window closes, or null when it is closed. */
export function windowMinutesLeft(closesAt: string | null, now = Date.now()): number | null {
  if (!closesAt) return null;
  const ms = new Date(closesAt).getTime() - now;
  return ms > 0 ? Math.floor(ms / 60_000) : null;
}

/**
 * The time now, moving on every `everyMs`. The first render uses the request's time (so a
 * page the server rendered hydrates with the same words); right after, the browser's own
 * clock, also when the component appears long after the page was loaded.
 */
export function useTicking(everyMs: number): Date {
  const requestTime = useNow();
  const [now, setNow] = useState(requestTime);
  useEffect(() => {
    setNow(new Date());
    const timer = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** "nog 5 u 12 min" / "5 h 12 min left", or null when the window is closed. */
export function useWindowLeft(): (closesAt: string | null) => string | null {
  const t = useTranslations('common');
  const now = useTicking(30_000).getTime();
  return (closesAt) => {
    const minutes = windowMinutesLeft(closesAt, now);
    if (minutes === null) return null;
    const hours = Math.floor(minutes / 60);
    return hours > 0 ? t('windowLeft', { hours, minutes: minutes % 60 }) : t('windowLeftMinutes', { minutes });
  };
}

/** When something happened, short: "nu", "5 min. geleden", and a date after a day. */
export function useTimeAgo(): (iso: string | null) => string {
  const t = useTranslations('common');
  const format = useFormatter();
  const now = useTicking(30_000);
  return (iso) => {
    if (!iso) return '';
    const at = new Date(iso);
    const seconds = Math.round((now.getTime() - at.getTime()) / 1000);
    if (seconds < 60) return t('justNow');
    if (seconds < 86_400) return format.relativeTime(at, { now, style: 'narrow', unit: seconds < 3600 ? 'minute' : 'hour' });
    return format.dateTime(at, { day: 'numeric', month: 'short' });
  };
}

/** A time of day, "14:05". */
export function useClock(): (iso: string) => string {
  const format = useFormatter();
  return (iso) => format.dateTime(new Date(iso), { hour: '2-digit', minute: '2-digit' });
}

/** A date and time, for the history. */
export function useDateTime(): (iso: string) => string {
  const format = useFormatter();
  return (iso) => format.dateTime(new Date(iso), { dateStyle: 'medium', timeStyle: 'short' });
}

/** Why the bot handed over ("requested", "unclear", "completed"), in words; unknown codes as they are. */
export function useReason(): (code: string) => string {
  const t = useTranslations('common.reasons');
  return (code) => (t.has(code) ? t(code) : code);
}

/** QUALIFIED, MAYBE, NOT_A_FIT in words. */
export function useQualification(): (value: string) => string {
  const t = useTranslations('common.qualifications');
  return (value) => (t.has(value) ? t(value) : value);
}
