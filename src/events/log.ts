import type Redis from 'ioredis';
import type { Clock } from '../clock';
import { badInput } from '../errors';
import { compareEventIds, EVENT_ID, type CertificateEvent, type NewCertificateEvent } from './types';

/**
 * The event log: every published event, in order, kept for replay (the last
 * `maxEvents` and at most `maxAgeMs`). Appending is idempotent by dedupeKey.
 */
export interface EventLog {
  /** null when an event with the same dedupeKey was already recorded (within maxAgeMs). */
  append(e: NewCertificateEvent): Promise<CertificateEvent | null>;
  /**
   * Events after `afterId`, oldest first, at most `limit`. `afterId` must be an
   * event of the log (or null for none): one older than the log, or unknown,
   * is BAD_USER_INPUT, never a silent gap.
   */
  after(afterId: string | null, limit: number): Promise<CertificateEvent[]>;
  /** The newest event's id and seq, or null when the log is empty. */
  tail(): Promise<{ eventId: string; seq: number } | null>;
}

/**
 * What the log keeps: the last `maxEvents`, at most `maxAgeMs` old, and, in
 * memory, at most `maxBytes` of events (their JSON size). An event carries its
 * certificate as the source sent it (4HSE's free `data` included, up to the
 * 1 MiB a webhook body may be): without the byte bound, 10,000 large webhooks
 * would be held in the heap for replay (issue 9: 150 webhooks of 1 MiB kept
 * 173 MiB of heap when idle).
 */
export const LOG_LIMITS = { maxEvents: 10_000, maxAgeMs: 7 * 24 * 3600_000, maxBytes: 32 * 1024 * 1024 };

const tooOld = (afterId: string) =>
  badInput('after', `after ${afterId} is older than the event log (it keeps the last ${LOG_LIMITS.maxEvents} events, 7 days and, in memory, ${LOG_LIMITS.maxBytes / 2 ** 20} MiB): resubscribe without after and reload the current state`);
const unknown = (afterId: string) => badInput('after', `after ${afterId} is not an event id of this gateway`);

/** The memory log, with what it holds (tests and the benchmark read it). */
export interface MemoryEventLog extends EventLog {
  /** Events kept, and their JSON size in bytes (what `maxBytes` bounds). */
  size(): { events: number; bytes: number };
}

export function createMemoryLog(clock: Clock, limits: { maxEvents: number; maxAgeMs: number; maxBytes?: number } = LOG_LIMITS): MemoryEventLog {
  const events: CertificateEvent[] = [];
  /** JSON size of each kept event, same index as `events`. */
  const sizes: number[] = [];
  let bytes = 0;
  const maxBytes = limits.maxBytes ?? LOG_LIMITS.maxBytes;
  const seen = new Map<string, number>(); // dedupeKey -> expiry
  let seq = 0;
  let lastMs = 0;
  let n = 0;
  const drop = () => {
    events.shift();
    bytes -= sizes.shift() ?? 0;
  };
  const prune = (now: number) => {
    const cutoff = now - limits.maxAgeMs;
    // The newest event always stays (a single event is at most a webhook body, well under maxBytes).
    while (events.length > limits.maxEvents || (events.length > 1 && bytes > maxBytes) || (events.length > 0 && Number(events[0].eventId.split('-')[0]) < cutoff)) drop();
    if (seen.size > limits.maxEvents * 2) for (const [k, exp] of seen) if (exp <= now) seen.delete(k);
  };
  return {
    size: () => ({ events: events.length, bytes }),
    async append(e) {
      const now = clock.now().getTime();
      const exp = seen.get(e.dedupeKey);
      if (exp !== undefined && exp > now) return null;
      seen.set(e.dedupeKey, now + (e.dedupeForMs ?? limits.maxAgeMs));
      const ms = Math.max(now, lastMs);
      n = ms === lastMs ? n + 1 : 0;
      lastMs = ms;
      const { dedupeKey: _d, dedupeForMs: _f, ...rest } = e;
      const stored: CertificateEvent = { ...rest, eventId: `${ms}-${n}`, seq: ++seq };
      events.push(stored);
      const size = Buffer.byteLength(JSON.stringify(stored));
      sizes.push(size);
      bytes += size;
      prune(now);
      return stored;
    },
    async after(afterId, limit) {
      if (afterId === null) return [];
      if (!EVENT_ID.test(afterId)) throw unknown(afterId);
      const i = events.findIndex((x) => x.eventId === afterId);
      if (i >= 0) return events.slice(i + 1, i + 1 + limit);
      if (events.length === 0 || compareEventIds(afterId, events[0].eventId) < 0) {
        if (events.length === 0 && seq === 0) throw unknown(afterId);
        throw tooOld(afterId);
      }
      throw unknown(afterId);
    },
    async tail() {
      const last = events[events.length - 1];
      return last ? { eventId: last.eventId, seq: last.seq } : null;
    },
  };
}

/**
 * Append atomically: the dedupe key (SET NX with the log's lifetime), the next
 * seq (INCR) and the entry (XADD, trimmed by count and by age) in one script,
 * so concurrent replicas never record a change twice nor skip a seq.
 */
const APPEND = `
if not redis.call('SET', KEYS[3], '1', 'NX', 'PX', ARGV[4]) then return false end
local seq = redis.call('INCR', KEYS[2])
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 'seq', seq, 'event', ARGV[1])
local t = redis.call('TIME')
local minMs = tonumber(t[1]) * 1000 - tonumber(ARGV[3])
redis.call('XTRIM', KEYS[1], 'MINID', '~', tostring(minMs) .. '-0')
return {id, seq}
`;

export function createRedisLog(redis: Redis, prefix: string, limits = LOG_LIMITS): EventLog {
  const stream = `${prefix}events`;
  const seqKey = `${prefix}events:seq`;
  const decode = (id: string, fields: string[]): CertificateEvent => {
    const f: Record<string, string> = {};
    for (let i = 0; i < fields.length; i += 2) f[fields[i]] = fields[i + 1];
    return { ...(JSON.parse(f.event) as Omit<CertificateEvent, 'eventId' | 'seq'>), eventId: id, seq: Number(f.seq) };
  };
  return {
    async append(e) {
      const { dedupeKey, dedupeForMs, ...rest } = e;
      const res = (await redis.eval(APPEND, 3, stream, seqKey, `${prefix}events:dedupe:${dedupeKey}`, JSON.stringify(rest), limits.maxEvents, limits.maxAgeMs, dedupeForMs ?? limits.maxAgeMs)) as [string, number] | null;
      if (!res) return null;
      return { ...rest, eventId: res[0], seq: Number(res[1]) };
    },
    async after(afterId, limit) {
      if (afterId === null) return [];
      if (!EVENT_ID.test(afterId)) throw unknown(afterId);
      const [self, oldest] = await Promise.all([redis.xrange(stream, afterId, afterId, 'COUNT', 1), redis.xrange(stream, '-', '+', 'COUNT', 1)]);
      if (self.length === 0) {
        if (oldest.length > 0 && compareEventIds(afterId, oldest[0][0]) < 0) throw tooOld(afterId);
        throw unknown(afterId);
      }
      const rows = await redis.xrange(stream, `(${afterId}`, '+', 'COUNT', limit);
      return rows.map(([id, fields]) => decode(id, fields));
    },
    async tail() {
      const rows = await redis.xrevrange(stream, '+', '-', 'COUNT', 1);
      return rows.length ? { eventId: rows[0][0], seq: decode(rows[0][0], rows[0][1]).seq } : null;
    },
  };
}
