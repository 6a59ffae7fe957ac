// Who is asking, by address. Route handlers and proxy.ts cannot see the socket, so the web
// server in front of Next.js (scripts/web.ts) works the address out once per request and
// hands it on in CLIENT_ADDRESS_HEADER, which it always overwrites: a value sent from
// outside never reaches the app.
//
// The address is the socket's, unless TRUSTED_PROXY_HOPS (N) proxies of our own append to
// X-Forwarded-For: then it is the N-th entry from the right (the one the outermost proxy of
// ours wrote). Entries further left are whatever the client claimed, and are never used.

export const CLIENT_ADDRESS_HEADER = 'x-client-address';
// The web server proves the header is its own with a token it makes at start and keeps in
// its process's environment (never written anywhere): an app started without scripts/web.ts
// (a bare `next start`) has no token, so an address sent from outside is never believed.
export const CLIENT_ADDRESS_TOKEN_HEADER = 'x-client-address-token';
export const CLIENT_ADDRESS_TOKEN_ENV = 'WEB_CLIENT_ADDRESS_TOKEN';

/** `::ffff:192.0.2.1` is 192.0.2.1; anything that is not an address is ignored. */
export function normalizeAddress(value: string | undefined | null): string | null {
  let address = (value ?? '').trim();
  if (!address) return null;
  // "[2001:db8::1]:443" and "192.0.2.1:1234" (some proxies add the port).
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(':'));
  if (/^::ffff:\d{1,3}(\.\d{1,3}){3}$/i.test(address)) address = address.slice(7);
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(address)) return address;
  if (/^[0-9a-f:]+$/i.test(address) && address.includes(':')) return address.toLowerCase();
  return null;
}

/**
 * The client's address from what the server saw: the socket's peer, and X-Forwarded-For
 * (every header line of it) counted `hops` entries from the right.
 */
export function clientAddress(input: { socketAddress: string | undefined; forwardedFor: string | string[] | undefined; hops: number }): string {
  const socket = normalizeAddress(input.socketAddress) ?? 'unknown';
  if (input.hops <= 0) return socket;
  const lines = Array.isArray(input.forwardedFor) ? input.forwardedFor : input.forwardedFor ? [input.forwardedFor] : [];
  const chain = lines.flatMap((line) => line.split(',')).map((entry) => entry.trim()).filter(Boolean);
  if (chain.length === 0) return socket;
  // Fewer entries than proxies: the request skipped the outer ones; the leftmost entry is
  // still one a proxy of ours wrote.
  const entry = chain[Math.max(0, chain.length - input.hops)]!;
  return normalizeAddress(entry) ?? 'unknown';
}

/** The client's address as the web server passed it on ('unknown' when the app runs without it). */
export function clientIp(headers: Headers | Record<string, string | string[] | undefined>): string {
  const read = (name: string) => {
    const value = headers instanceof Headers ? headers.get(name) : headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  if (!sameToken(read(CLIENT_ADDRESS_TOKEN_HEADER), process.env[CLIENT_ADDRESS_TOKEN_ENV])) return 'unknown';
  return normalizeAddress(read(CLIENT_ADDRESS_HEADER)) ?? 'unknown';
}

function sameToken(given: string | null | undefined, expected: string | undefined): boolean {
  if (!given || !expected || given.length !== expected.length) return false;
  let difference = 0;
  for (let i = 0; i < expected.length; i++) difference |= given.charCodeAt(i) ^ expected.charCodeAt(i);
  return difference === 0;
}
