import type Redis from 'ioredis';
import type { Clock } from '../clock';
import type { Logger } from '../logger';

/** One client's budget: allowed, or refused with the seconds until the next window. */
export type RateDecision = { ok: true } | { ok: false; retryAfterS: number; limit: number };

export interface RateLimiter {
  /** Counts one request of the client against its budget of the current minute. */
  take(clientId: string): Promise<RateDecision>;
}

const WINDOW_MS = 60_000;

/**
 * INCR the window's counter and give it a TTL on its first request, atomically
 * (one script: two replicas never both see "first"). Returns the count.
 */
const INCR_WINDOW = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

/**
 * Fixed one-minute windows per client (RATE_LIMIT_PER_MIN). With Redis the
 * counters are shared by every replica (`<prefix>ratelimit:<client>:<window>`,
 * expiring with the window); without it, each process counts alone. A Redis
 * failure lets the request through (logged at warn): the limit protects the
 * upstreams' quotas, it must not take the gateway down with Redis.
 */
export function createRateLimiter(opts: { perMinute: number; redis: Redis | null; keyPrefix: string; clock: Clock; logger: Logger }): RateLimiter | null {
  const { perMinute, redis, clock, logger } = opts;
  if (perMinute <= 0) return null;
  const decide = (n: number, window: number, now: number): RateDecision =>
    n <= perMinute ? { ok: true } : { ok: false, limit: perMinute, retryAfterS: Math.max(1, Math.ceil(((window + 1) * WINDOW_MS - now) / 1000)) };
  if (redis) {
    return {
      async take(clientId) {
        const now = clock.now().getTime();
        const window = Math.floor(now / WINDOW_MS);
        try {
          const n = Number(await redis.eval(INCR_WINDOW, 1, `${opts.keyPrefix}ratelimit:${clientId}:${window}`, String(WINDOW_MS * 2)));
          return decide(n, window, now);
        } catch (e) {
          logger.warn('rate limit not checked: Redis failed', { error: e instanceof Error ? e.message : String(e) });
          return { ok: true };
        }
      },
    };
  }
  let current = -1;
  const counts = new Map<string, number>();
  return {
    async take(clientId) {
      const now = clock.now().getTime();
      const window = Math.floor(now / WINDOW_MS);
      if (window !== current) {
        // A new minute: every count starts again (memory stays bounded by the clients of one minute).
        counts.clear();
        current = window;
      }
      const n = (counts.get(clientId) ?? 0) + 1;
      counts.set(clientId, n);
      return decide(n, window, now);
    },
  };
}
