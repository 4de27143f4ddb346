import type { Clock } from '../clock';

/**
 * One value shared across requests for `ttlMs` (reference data such as
 * certification lists). Concurrent callers share one fetch; failures are not
 * cached, so the next call tries again.
 */
export function createTtlValue<T>(
  clock: Clock,
  ttlMs: number,
  fetch: () => Promise<T>,
  /** Told of every lookup: true when the cached value answered (a shared fetch in progress counts as a hit). */
  onLookup?: (hit: boolean) => void,
): { get(this: void): Promise<T>; clear(this: void): void } {
  let entry: { at: number; value: Promise<T> } | null = null;
  return {
    get() {
      const now = clock.now().getTime();
      const hit = entry !== null && now - entry.at < ttlMs;
      onLookup?.(hit);
      if (entry && hit) return entry.value;
      const value = fetch();
      const mine = { at: now, value };
      entry = mine;
      value.catch(() => {
        if (entry === mine) entry = null;
      });
      return value;
    },
    clear() {
      entry = null;
    },
  };
}
