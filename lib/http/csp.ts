// The Content-Security-Policy of the pages: scripts only with this response's nonce (and
// what those load: 'strict-dynamic'), never inline script without it. proxy.ts makes a
// fresh nonce per request and puts the policy on the request too, where Next.js reads the
// nonce and adds it to its own scripts (the pages render per request for that: the root
// layout asks for the connection). Styles keep 'unsafe-inline': the pages use style
// attributes. API responses and the webhook get next.config.js's static policy.

/** A fresh nonce: 128 random bits, base64. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

export function pagePolicy(nonce: string, development = process.env.NODE_ENV !== 'production'): string {
  return [
    "default-src 'self'",
    // Development's fast refresh evaluates code.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self'",
    "connect-src 'self'",
    // The service worker (public/sw.js, Web Push): 'strict-dynamic' makes script-src ignore 'self'.
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
