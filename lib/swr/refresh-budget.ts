// How often a component refreshes on live changes: a token bucket. A change is refreshed
// 100 ms after it arrives (a burst arriving together is one refresh) while the component has
// refreshes to spare; it may make BURST in a row, and earns one back every EVERY_MS. A quiet
// dashboard shows each change at once; under a flood a component refreshes once per EVERY_MS,
// which is what the per-user rate limit was sized for (README, "Rate limits").

/** A change is refreshed this long after it arrives, so that changes arriving together are one refresh. */
export const GATHER_MS = 100;

export class RefreshBudget {
  private tokens: number;
  private at: number;

  constructor(
    private readonly burst = 5,
    private readonly everyMs = 1000,
    now = Date.now(),
  ) {
    this.tokens = burst;
    this.at = now;
  }

  private refill(now: number) {
    this.tokens = Math.min(this.burst, this.tokens + (now - this.at) / this.everyMs);
    this.at = now;
  }

  /** How long to wait before refreshing for a change that arrives at `now`. */
  delay(now: number): number {
    this.refill(now);
    return Math.max(GATHER_MS, Math.ceil((1 - this.tokens) * this.everyMs));
  }

  /** A refresh is made at `now`. */
  spend(now: number): void {
    this.refill(now);
    this.tokens -= 1;
  }
}
