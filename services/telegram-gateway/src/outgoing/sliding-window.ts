/** At most `limit` events in any `windowMs`: says how long to wait before the next one fits. */
export class SlidingWindow {
  private timesMs: number[] = [];

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  waitMs(nowMs: number): number {
    this.timesMs = this.timesMs.filter((timeMs) => timeMs > nowMs - this.windowMs);
    if (this.timesMs.length < this.limit) return 0;
    const oldestCounted = this.timesMs[this.timesMs.length - this.limit] ?? nowMs;
    return Math.max(1, oldestCounted + this.windowMs - nowMs);
  }

  record(nowMs: number): void {
    this.timesMs.push(nowMs);
  }
}
