// The outbox's lease must outlast a send: settings that would let it run out while 360Dialog
// has not answered yet are refused when a process starts.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseEnv } from '../lib/env';
import { configProblems } from '../lib/runtime/config';
import { ROOT } from './helpers/app-server';
import { TEST_SECRETS } from './helpers/secrets';

const base = { ...TEST_SECRETS, DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none' };

describe('the outbox lease against the API timeout', () => {
  it('stops a worker at start, naming both settings, when the lease is not longer than a send', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/worker.ts'], {
      cwd: ROOT,
      env: { ...process.env, ...base, OUTBOX_LEASE_SECONDS: '10', THREESIXTY_DIALOG_TIMEOUT_MS: '10000', THREESIXTY_DIALOG_API_KEY: 'k' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status, result.stdout + result.stderr).toBe(1);
    expect(result.stderr).toContain('OUTBOX_LEASE_SECONDS (10) must be longer than THREESIXTY_DIALOG_TIMEOUT_MS (10000 ms)');
    expect(result.stderr).toContain('at least 12');
  });

  it('takes a lease longer than the timeout plus the margin, and anything when no dispatcher runs', () => {
    const problems = (vars: Record<string, string>) => configProblems(parseEnv({ ...base, ...vars }));
    expect(problems({})).toEqual([]);
    expect(problems({ OUTBOX_LEASE_SECONDS: '12', THREESIXTY_DIALOG_TIMEOUT_MS: '10000' })).toEqual([]);
    expect(problems({ OUTBOX_LEASE_SECONDS: '11', THREESIXTY_DIALOG_TIMEOUT_MS: '10000' })).toHaveLength(1);
    expect(problems({ OUTBOX_LEASE_SECONDS: '5', THREESIXTY_DIALOG_TIMEOUT_MS: '60000' })[0]).toMatch(/^OUTBOX_LEASE_SECONDS \(5\)/);
    expect(problems({ OUTBOX_LEASE_SECONDS: '5', THREESIXTY_DIALOG_TIMEOUT_MS: '60000', OUTBOX_DISPATCHER: 'off' })).toEqual([]);
  });
});
