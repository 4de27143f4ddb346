import type { Clock } from '../clock';

/**
 * One value shared across requests for `ttlMs` (reference data such as
 * certification lists). Concurrent callers share one fetch; failures are not
 * cached, so the next call tries again.
 */
export function createTtlValue<T>(clock: Clock, ttlMs: number, fetch: () => Promise<T>): { get(this: void): Promise<T>; clear(this: void): void } {
  let entry: { at: number; value: Promise<T> } | null = null;
  return {
    get() {
      const now = clock.now().getTime();
      if (entry && now - entry.at < ttlMs) return entry.value;
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
