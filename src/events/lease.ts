import type Redis from 'ioredis';

/**
 * Who does a singleton job (polling one source, scanning for expiry) when
 * several replicas run. A holder calls `tryAcquire()` on every tick: it
 * acquires a free lease, or renews the one it holds. A replica that dies
 * stops renewing, so the lease lapses after its ttl and another one takes
 * over on its next tick.
 */
export interface Lease {
  /** Acquires the lease, or renews it when already held. Resolves whether this process holds it now. */
  tryAcquire(): Promise<boolean>;
  /** Gives the lease up (only if this process still owns it), so another replica can take it at once. */
  release(): Promise<void>;
  /** Whether this process holds the lease: it acquired or renewed it less than ttl ago and has not released it. */
  readonly held: boolean;
}

/** One process: the lease is always held. */
export function createMemoryLease(): Lease {
  return {
    async tryAcquire() {
      return true;
    },
    async release() {
      // Nothing to give up: there is no one else.
    },
    get held() {
      return true;
    },
  };
}

/** Renew only when the key still names us (a lapsed lease another replica took is not ours to extend). */
const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
`;

/** Delete only when the key still names us. */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;

/**
 * A lease in Redis: `SET key owner NX PX ttl` acquires it; renewal (PEXPIRE)
 * and release (DEL) are compare-and-act Lua scripts, so only the owner can
 * extend or give up its lease. `held` is also bounded locally by the time of
 * the last successful acquire/renew + ttl (measured from before the command
 * was sent), so a process that was paused or cut off from Redis does not
 * keep believing it holds a lease that has lapsed and been taken by another.
 * A Redis error rejects tryAcquire() and counts as not held.
 *
 * The ttl must exceed the holder's renewal period (its tick) with room for a
 * slow tick: e.g. three ticks.
 */
export function createRedisLease(redis: Redis, key: string, owner: string, ttlMs: number): Lease {
  if (!(ttlMs > 0)) throw new Error(`lease ttl must be positive, got ${ttlMs}`);
  let validUntil = 0; // performance.now() until which we certainly hold it
  const markHeld = (sentAt: number) => {
    validUntil = sentAt + ttlMs;
    return true;
  };
  const markLost = () => {
    validUntil = 0;
    return false;
  };
  return {
    async tryAcquire() {
      const sentAt = performance.now();
      try {
        if (validUntil > sentAt) {
          const renewed = Number(await redis.eval(RENEW, 1, key, owner, ttlMs));
          if (renewed === 1) return markHeld(sentAt);
          markLost();
          // Lapsed (and maybe taken): fall through and try to acquire it afresh.
        }
        const ok = await redis.set(key, owner, 'PX', ttlMs, 'NX');
        if (ok === 'OK') return markHeld(sentAt);
        // A key left by this same owner (e.g. a local state reset): renew it rather than wait for it to lapse.
        const renewed = Number(await redis.eval(RENEW, 1, key, owner, ttlMs));
        return renewed === 1 ? markHeld(sentAt) : markLost();
      } catch (err) {
        markLost();
        throw err;
      }
    },
    async release() {
      markLost();
      await redis.eval(RELEASE, 1, key, owner);
    },
    get held() {
      return validUntil > performance.now();
    },
  };
}
