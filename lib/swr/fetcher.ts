// The one fetcher of the dashboard: JSON, and errors carrying the API's message.
export class FetchError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...init?.headers } });
  const body = await response.json().catch(() => ({}));
  if (response.status === 401 && typeof window !== 'undefined') {
    window.location.assign(`/sign-in?callbackUrl=${encodeURIComponent(window.location.pathname)}`);
  }
  if (!response.ok) throw new FetchError(response.status, body?.error?.message ?? `Request failed (${response.status})`, body?.error?.code);
  return body as T;
}
