/**
 * One run per key while it is fresh: callers asking again (Flagger retries each interval, and
 * again after its own timeout cut the first request) share the run in flight, then its answer,
 * until `ttlMs` after it finished. Entries are dropped as they expire, so the map stays small.
 */
export class Dedupe<T> {
  private readonly entries = new Map<string, { promise: Promise<T>; finishedAt?: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The shared result for `key`, running `work` only when no fresh entry exists. `shared` tells whether it was reused. */
  async get(key: string, work: () => Promise<T>): Promise<{ value: T; shared: boolean }> {
    this.expire();
    const hit = this.entries.get(key);
    if (hit) return { value: await hit.promise, shared: true };
    const entry: { promise: Promise<T>; finishedAt?: number } = { promise: work() };
    this.entries.set(key, entry);
    try {
      return { value: await entry.promise, shared: false };
    } catch (err) {
      // A run that broke is not an answer worth repeating: the next call tries again.
      this.entries.delete(key);
      throw err;
    } finally {
      entry.finishedAt = this.now();
    }
  }

  private expire(): void {
    const now = this.now();
    for (const [key, e] of this.entries) if (e.finishedAt !== undefined && now - e.finishedAt >= this.ttlMs) this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
