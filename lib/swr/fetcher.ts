// The one fetcher of the dashboard: JSON, and errors carrying the API's message.
export class FetchError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
    /** The API's details (e.g. who holds a conversation), for the translated text. */
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** How often a request refused with 429 is sent again (after its Retry-After) before giving up. */
const RATE_LIMIT_RETRIES = 3;
const MAX_WAIT_MS = 60_000;

/** Retry-After (seconds, or an HTTP date) in milliseconds; 1 s when missing or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number {
  if (header) {
    const seconds = Number(header);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.min(MAX_WAIT_MS, Math.max(250, seconds * 1000));
    const date = Date.parse(header);
    if (Number.isFinite(date)) return Math.min(MAX_WAIT_MS, Math.max(250, date - now));
  }
  return 1000;
}

export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  let response: Response;
  for (let attempt = 0; ; attempt++) {
    response = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...init?.headers } });
    // Rate limited: nothing was done, so the same request is sent again once the limit allows.
    if (response.status !== 429 || attempt >= RATE_LIMIT_RETRIES) break;
    await response.body?.cancel().catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, retryAfterMs(response.headers.get('retry-after'))));
  }
  const body = await response.json().catch(() => ({}));
  if (response.status === 401 && typeof window !== 'undefined') {
    window.location.assign(`/sign-in?callbackUrl=${encodeURIComponent(window.location.pathname)}`);
  }
  if (!response.ok) throw new FetchError(response.status, body?.error?.message ?? `Request failed (${response.status})`, body?.error?.code, body?.error?.details);
  return body as T;
}
