import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import type { Clock } from '../clock';

/**
 * Schedules calls under a rolling-window limit ("at most `limit` per
 * `windowMs`", Springest's 30 uploads a minute): each caller reserves the
 * earliest send time that keeps every window within the limit, then waits
 * for it. Reservations are appended in time order, so a slot, once given, is
 * never invalidated by a later one. A wait longer than `maxWaitMs` is not
 * queued: the caller is told how long to back off instead.
 */
export interface SlotLimit {
  /** Calls per window (Springest: 30). */
  limit: number;
  /** Window length in ms (Springest: 60 000). */
  windowMs: number;
  /** Longest a caller may wait in the queue; beyond it: rejected with retryAfter. */
  maxWaitMs: number;
  /**
   * Extra gap added past the window before a slot is reused, so that network
   * jitter between the gateway and the upstream (a send that arrives late,
   * the next one on time) never lets the upstream count `limit + 1` calls in
   * one of its windows. Springest: 1 s.
   */
  marginMs?: number;
}

export type Reservation = { ok: true; waitMs: number } | { ok: false; retryAfterMs: number };

export interface SlotScheduler {
  reserve(): Promise<Reservation>;
  close?(): Promise<void>;
}


/** The rule both schedulers apply: `times` ascending, all reservations still inside (now - window - margin, ∞). */
export function earliestSlot(times: readonly number[], now: number, l: SlotLimit): number {
  let at = now;
  if (times.length > 0) at = Math.max(at, times[times.length - 1]);
  if (times.length >= l.limit) at = Math.max(at, times[times.length - l.limit] + l.windowMs + (l.marginMs ?? 0));
  return at;
}

/** One process: the reservations live in memory. */
export function createMemoryScheduler(l: SlotLimit, clock: Clock): SlotScheduler {
  const times: number[] = [];
  return {
    async reserve() {
      const now = clock.now().getTime();
      while (times.length > 0 && times[0] <= now - l.windowMs - (l.marginMs ?? 0)) times.shift();
      const at = earliestSlot(times, now, l);
      if (at - now > l.maxWaitMs) return { ok: false, retryAfterMs: at - now };
      times.push(at);
      return { ok: true, waitMs: at - now };
    },
  };
}

/**
 * Several replicas: the reservations live in one Redis sorted set, and the
 * rule runs atomically in Lua against Redis's own clock, so replicas with
 * skewed clocks still share one budget.
 */
const RESERVE = `
local key = KEYS[1]
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local maxWait = tonumber(ARGV[3])
local margin = tonumber(ARGV[5])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window - margin)
local n = redis.call('ZCARD', key)
local at = now
if n > 0 then
  local last = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
  if tonumber(last[2]) > at then at = tonumber(last[2]) end
end
if n >= limit then
  local e = redis.call('ZRANGE', key, n - limit, n - limit, 'WITHSCORES')
  local candidate = tonumber(e[2]) + window + margin
  if candidate > at then at = candidate end
end
if at - now > maxWait then return {0, at - now} end
redis.call('ZADD', key, at, ARGV[4])
redis.call('PEXPIRE', key, window + margin + maxWait + 1000)
return {1, at - now}
`;

export function createRedisScheduler(redis: Redis, key: string, l: SlotLimit): SlotScheduler {
  return {
    async reserve() {
      const [ok, ms] = (await redis.eval(RESERVE, 1, key, l.limit, l.windowMs, l.maxWaitMs, randomUUID(), l.marginMs ?? 0)) as [number, number];
      return ok === 1 ? { ok: true, waitMs: ms } : { ok: false, retryAfterMs: ms };
    },
  };
}
