// The web process: a small Node HTTP server in front of Next.js (Next's custom-server API),
// started by scripts/serve.ts (npm start / npm run dev) and by the tests.
//
//   node --import tsx scripts/web.ts dev|start --port 3000
//
// It exists for one thing Next.js cannot do itself: route handlers and proxy.ts never see
// the socket, so this server works out the client's address from it (and from
// X-Forwarded-For only as far as TRUSTED_PROXY_HOPS says, lib/http/client-ip.ts) and passes
// it on in a header it always overwrites. Everything else is Next's own request handler.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import next from 'next';
import { CLIENT_ADDRESS_HEADER, CLIENT_ADDRESS_TOKEN_ENV, CLIENT_ADDRESS_TOKEN_HEADER, clientAddress } from '../lib/http/client-ip';
import { ROOT } from './lib/local-config';

const mode = process.argv[2];
const portAt = process.argv.indexOf('--port');
const port = Number(portAt > 0 ? process.argv[portAt + 1] : (process.env.PORT ?? 3000));
if ((mode !== 'dev' && mode !== 'start') || !Number.isInteger(port)) {
  console.error('usage: node --import tsx scripts/web.ts dev|start [--port N]');
  process.exit(2);
}
// Read the same way lib/env.ts does (0 to 5); the app itself validates the whole configuration.
const hops = Math.min(5, Math.max(0, Number.parseInt(process.env.TRUSTED_PROXY_HOPS ?? '0', 10) || 0));

// Named like the server `next start` runs, so process lists and tools find it the same way.
process.title = `next-server (scripts/web.ts ${mode}, port ${port})`;

// A new token each start, only in this process: the app believes the address header only
// when it comes with it (lib/http/client-ip.ts).
const token = randomBytes(24).toString('base64url');
process.env[CLIENT_ADDRESS_TOKEN_ENV] = token;

const server = createServer();
const app = next({ dev: mode === 'dev', dir: ROOT, port, httpServer: server });

async function main() {
  await app.prepare();
  const handle = app.getRequestHandler();
  server.on('request', (request, response) => {
    request.headers[CLIENT_ADDRESS_HEADER] = clientAddress({
      socketAddress: request.socket.remoteAddress,
      forwardedFor: request.headers['x-forwarded-for'],
      hops,
    });
    request.headers[CLIENT_ADDRESS_TOKEN_HEADER] = token;
    handle(request, response).catch((error: unknown) => {
      console.error('request failed', error);
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
      response.end('{"error":{"code":"internal_error","message":"Something went wrong on our side."}}');
    });
  });
  // Connections a browser keeps open must outlive a load balancer's idle timeout.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve());
  });
  console.log(`web: listening on http://localhost:${port} (${mode === 'dev' ? 'development' : 'production'}, client address from ${hops ? `X-Forwarded-For, ${hops} trusted proxy hop(s)` : 'the socket'})`);
}

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  // No new connections; open ones (event streams) are ended by Next's close.
  server.close();
  server.closeIdleConnections();
  const timer = setTimeout(() => process.exit(0), 10_000);
  timer.unref();
  await app.close().catch(() => {});
  server.closeAllConnections();
  process.exit(0);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop());

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
