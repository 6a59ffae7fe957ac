import createNextIntlPlugin from 'next-intl/plugin';

// The dashboard's language per request (the user's choice, else DASHBOARD_LOCALE).
const withNextIntl = createNextIntlPlugin('./lib/i18n/request.ts');

const production = process.env.NODE_ENV === 'production';

// Pages get their Content-Security-Policy from proxy.ts, with a fresh script nonce per
// request (lib/http/csp.ts). API answers and the webhook are never rendered as pages: they
// get a static policy that allows nothing to run.
const apiCsp = ["default-src 'self'", "script-src 'none'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'"].join('; ');

const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
  ...(production ? [{ key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' }] : []),
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  devIndicators: false,
  // The test suite builds into its own folder so it never clobbers a running `npm run dev`.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // The database driver and Prisma's runtime stay plain Node modules on the server.
  serverExternalPackages: ['pg', '@prisma/adapter-pg', '@prisma/client', 'ioredis'],
  async headers() {
    return [
      { source: '/:path*', headers: securityHeaders },
      { source: '/api/:path*', headers: [{ key: 'Content-Security-Policy', value: apiCsp }] },
      { source: '/webhook/:path*', headers: [{ key: 'Content-Security-Policy', value: apiCsp }] },
      // The service worker (Web Push): always the newest, and allowed nothing but its own origin.
      {
        source: '/sw.js',
        headers: [
          { key: 'Content-Security-Policy', value: apiCsp },
          { key: 'Cache-Control', value: 'no-cache' },
        ],
      },
    ];
  },
};

export default withNextIntl(nextConfig);
