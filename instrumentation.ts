// Runs once when a server instance starts: refuses to start on invalid configuration and
// starts the background work every instance shares (the inbound sweep).
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  const { startBackgroundWork } = await import('./lib/runtime/start');
  startBackgroundWork();
}
