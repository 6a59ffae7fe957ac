// Runs once when a server instance starts: refuses to start on invalid configuration, and
// with WORKER=on (the default) starts this process's worker (lib/runtime/web.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  const { startWeb } = await import('./lib/runtime/web');
  await startWeb();
}
