// The configuration both kinds of process check before they start: the environment
// (lib/env.ts), the outbox's timings, and the screening flow (lib/agent/screening.json). A
// mistake stops the process with a sentence that names it.
import { ScreeningConfigError, loadScreeningConfig } from '../agent/config';
import { ConfigError, env, type Env } from '../env';

/**
 * What a claimed message's lease must outlast besides the API call itself: claiming it,
 * recording the answer. A lease that ran out while its send was still waiting for 360Dialog
 * lets another dispatcher claim the message and send it a second time.
 */
export const OUTBOX_LEASE_MARGIN_MS = 1000;

/** Problems with settings that are valid one by one but not together. */
export function configProblems(config: Env): string[] {
  const problems: string[] = [];
  // One send is one API call (the client never retries inside a send).
  const sendMs = config.THREESIXTY_DIALOG_TIMEOUT_MS;
  if (config.OUTBOX_DISPATCHER && config.OUTBOX_LEASE_SECONDS * 1000 <= sendMs + OUTBOX_LEASE_MARGIN_MS) {
    const least = Math.floor((sendMs + OUTBOX_LEASE_MARGIN_MS) / 1000) + 1;
    problems.push(
      `OUTBOX_LEASE_SECONDS (${config.OUTBOX_LEASE_SECONDS}) must be longer than THREESIXTY_DIALOG_TIMEOUT_MS ` +
        `(${sendMs} ms) plus ${OUTBOX_LEASE_MARGIN_MS / 1000} s: a send may take as long as the API timeout, and a lease ` +
        `that runs out meanwhile lets another dispatcher send the message a second time. Set OUTBOX_LEASE_SECONDS to at ` +
        `least ${least}, or lower THREESIXTY_DIALOG_TIMEOUT_MS`,
    );
  }
  return problems;
}

export function configOrExit(): Env {
  try {
    const config = env();
    const problems = configProblems(config);
    if (problems.length > 0) throw new ConfigError(problems);
    loadScreeningConfig();
    return config;
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`\n${error.message}\n\nSee .env.example for every variable.\n`);
      process.exit(1);
    }
    if (error instanceof ScreeningConfigError) {
      console.error(`\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
