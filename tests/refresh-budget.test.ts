// How often an open dashboard refetches on live changes: every change at once while things
// are quiet, at most one refresh a second (after a short burst) however fast they come.
import { describe, expect, it } from 'vitest';
import { GATHER_MS, RefreshBudget } from '../lib/swr/refresh-budget';

/** Plays changes arriving at `times` (ms) as the hook does: one refresh pending at a time. Returns when each refresh ran. */
function play(budget: RefreshBudget, times: number[]): { refreshes: number[]; waits: number[] } {
  const refreshes: number[] = [];
  const waits: number[] = [];
  let pendingUntil: number | null = null;
  for (const at of times) {
    if (pendingUntil !== null && pendingUntil <= at) {
      budget.spend(pendingUntil);
      refreshes.push(pendingUntil);
      pendingUntil = null;
    }
    if (pendingUntil === null) {
      const wait = budget.delay(at);
      waits.push(wait);
      pendingUntil = at + wait;
    }
  }
  if (pendingUntil !== null) {
    budget.spend(pendingUntil);
    refreshes.push(pendingUntil);
  }
  return { refreshes, waits };
}

describe('live refreshes', () => {
  it('show every change of a quiet dashboard at once, also one a second for minutes', () => {
    const times = Array.from({ length: 300 }, (_, i) => i * 1000);
    const { refreshes, waits } = play(new RefreshBudget(5, 1000, 0), times);
    expect(refreshes).toHaveLength(300);
    expect(new Set(waits)).toEqual(new Set([GATHER_MS]));
  });

  it('gather changes arriving together into one refresh', () => {
    const { refreshes } = play(new RefreshBudget(5, 1000, 0), [0, 10, 20, 30, 90]);
    expect(refreshes).toEqual([GATHER_MS]);
  });

  it('come at most once a second under a flood, after a burst of five', () => {
    // Twenty changes a second for a minute.
    const times = Array.from({ length: 1200 }, (_, i) => i * 50);
    const { refreshes } = play(new RefreshBudget(5, 1000, 0), times);
    expect(refreshes.length).toBeLessThanOrEqual(5 + 60 + 1);
    expect(refreshes.length).toBeGreaterThanOrEqual(60);
    // After the burst, never two within a second.
    const gaps = refreshes.slice(6).map((at, i) => at - refreshes[i + 5]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(999);
    // Quiet again for five seconds: the next change is shown at once.
    const after = play(new RefreshBudget(5, 1000, 0), [...times, 65_000]);
    expect(after.waits.at(-1)).toBe(GATHER_MS);
  });
});
