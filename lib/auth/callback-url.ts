// Where a user goes after signing in: a path on this site, never anywhere else. One rule
// for the sign-in page and next-auth's redirect callback.

/**
 * `value` when it is a plain same-origin path (`/conversations/…?q=…`), else `/`.
 * Refused: anything not starting with a single `/` (schemes, `//host`), backslashes (the
 * browser reads `/\host` as `//host`), control characters and whitespace, also when
 * percent-encoded, and an encoded `/` or `\` right after the first slash.
 */
export function safeCallbackPath(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return '/';
  let decoded = value;
  // Decode repeatedly (bounded): what is refused stays refused however often it is encoded.
  for (let i = 0; i < 3; i++) {
    let next: string;
    try {
      next = decodeURIComponent(decoded);
    } catch {
      return '/';
    }
    if (next === decoded) break;
    decoded = next;
  }
  for (const candidate of [value, decoded]) {
    if (!candidate.startsWith('/') || candidate.startsWith('//')) return '/';
    if (/[\\\s\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(candidate)) return '/';
  }
  // The browser must read it as a path on this origin, whatever it decodes to.
  try {
    const base = 'http://same-origin.invalid';
    const resolved = new URL(value, base);
    if (resolved.origin !== base) return '/';
  } catch {
    return '/';
  }
  return value;
}

/** next-auth's redirect callback: same-origin paths and URLs on `baseUrl` only. */
export function safeRedirect(url: string, baseUrl: string): string {
  if (url.startsWith('/')) return `${baseUrl}${safeCallbackPath(url)}`;
  try {
    const target = new URL(url);
    if (target.origin === new URL(baseUrl).origin) return `${baseUrl}${safeCallbackPath(`${target.pathname}${target.search}${target.hash}`)}`;
  } catch {
    // not a URL
  }
  return baseUrl;
}
