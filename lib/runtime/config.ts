// The configuration both kinds of process check before they start: the environment
// (lib/env.ts) and the screening flow (lib/agent/screening.json). A mistake stops the process
// with a sentence that names it.
import { ScreeningConfigError, loadScreeningConfig } from '../agent/config';
import { ConfigError, env, type Env } from '../env';

export function configOrExit(): Env {
  try {
    const config = env();
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
