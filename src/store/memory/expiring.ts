/**
 * A Map whose entries expire `ttlMs` after they were last set or touched. Expired entries are
 * dropped when read (lazily) and, so that abandoned ones do not pile up, by a sweep every 1000 writes.
 */
export class ExpiringMap<V> {
  private readonly map = new Map<string, { value: V; until: number }>();
  private writes = 0;
  /** No expiry at all (the clock is then never read). */
  private readonly forever: boolean;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.forever = !Number.isFinite(ttlMs) || ttlMs >= Number.MAX_SAFE_INTEGER / 4;
  }

  private until(): number {
    return this.forever ? Infinity : this.now() + this.ttlMs;
  }

  private expired(until: number): boolean {
    return until !== Infinity && until <= this.now();
  }

  get(key: string): V | undefined {
    const entry = this.map.get(key);
    if (!entry) return undefined;
    if (this.expired(entry.until)) {
      this.map.delete(key);
      return undefined;
    }
    return entry.value;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  set(key: string, value: V): void {
    this.map.set(key, { value, until: this.until() });
    if (!this.forever && ++this.writes % 1000 === 0) this.sweep();
  }

  /** Restarts the entry's period (no-op when absent or expired). */
  touch(key: string): void {
    const entry = this.map.get(key);
    if (entry && !this.expired(entry.until)) entry.until = this.until();
  }

  delete(key: string): boolean {
    return this.map.delete(key);
  }

  /** Live entries. */
  *entries(): IterableIterator<[string, V]> {
    for (const [key, entry] of this.map) if (!this.expired(entry.until)) yield [key, entry.value];
  }

  /** Entries held, expired or not (tests: the sweep bounds this). */
  get heldSize(): number {
    return this.map.size;
  }

  sweep(): void {
    for (const [key, entry] of this.map) if (this.expired(entry.until)) this.map.delete(key);
  }
}
