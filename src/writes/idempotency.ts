import { setTimeout as sleep } from 'node:timers/promises';
import type Redis from 'ioredis';
import type { Clock } from '../clock';
import { badInput, GatewayError } from '../errors';

/**
 * Idempotency keys for mutations: a retry with the same key and the same
 * input gets the first result without a second upstream write; the same key
 * with another input is refused. Results are kept 24 h. A write that fails
 * for sure (refused by validation or by the upstream's 4xx, rate limited
 * before sending) releases its key, so the client may retry it. A write whose
 * outcome is unknown (the upstream timed out, the connection broke, or it
 * answered 5xx: it may have written) keeps its key with that outcome: a retry
 * with the same key is told so instead of writing a second time.
 */
export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;

type Entry = { fingerprint: string; state: 'pending' } | { fingerprint: string; state: 'done'; result: string };

export interface IdempotencyStore {
  /** Claims `key` for this fingerprint, or says what holds it. */
  claim(key: string, fingerprint: string): Promise<'claimed' | Entry>;
  complete(key: string, fingerprint: string, result: string): Promise<void>;
  release(key: string): Promise<void>;
  /** Current entry, for waiting on a pending one. */
  get(key: string): Promise<Entry | null>;
}

/** How long a claim may stay pending (a write in progress); past it the key can be claimed again. */
export const PENDING_TTL_MS = 2 * 60_000;

export function createMemoryIdempotency(clock: Clock, maxEntries = 10_000): IdempotencyStore {
  const entries = new Map<string, Entry & { expiresAt: number }>();
  const live = (key: string) => {
    const e = entries.get(key);
    if (e && e.expiresAt <= clock.now().getTime()) {
      entries.delete(key);
      return null;
    }
    return e ?? null;
  };
  return {
    async claim(key, fingerprint) {
      const e = live(key);
      if (e) return e;
      if (entries.size >= maxEntries) {
        // Only expired entries make room: evicting a live key would let its retry write again.
        const now = clock.now().getTime();
        for (const [k, v] of entries) if (v.expiresAt <= now) entries.delete(k);
        if (entries.size >= maxEntries) throw new GatewayError('Too many idempotency keys in use; retry later', { code: 'RATE_LIMITED', retryAfter: 60 });
      }
      entries.set(key, { fingerprint, state: 'pending', expiresAt: clock.now().getTime() + PENDING_TTL_MS });
      return 'claimed';
    },
    async complete(key, fingerprint, result) {
      entries.set(key, { fingerprint, state: 'done', result, expiresAt: clock.now().getTime() + IDEMPOTENCY_TTL_MS });
    },
    async release(key) {
      entries.delete(key);
    },
    async get(key) {
      return live(key);
    },
  };
}

export function createRedisIdempotency(redis: Redis, prefix: string): IdempotencyStore {
  const k = (key: string) => `${prefix}idem:${key}`;
  const parse = (raw: string | null): Entry | null => (raw ? (JSON.parse(raw) as Entry) : null);
  return {
    async claim(key, fingerprint) {
      for (;;) {
        // A pending claim expires soon: a process that died mid-write does not block the key for a day.
        const ok = await redis.set(k(key), JSON.stringify({ fingerprint, state: 'pending' }), 'PX', PENDING_TTL_MS, 'NX');
        if (ok === 'OK') return 'claimed';
        const held = parse(await redis.get(k(key)));
        // Released between our SET and GET: try to claim again rather than write without holding the key.
        if (held) return held;
      }
    },
    async complete(key, fingerprint, result) {
      await redis.set(k(key), JSON.stringify({ fingerprint, state: 'done', result }), 'PX', IDEMPOTENCY_TTL_MS);
    },
    async release(key) {
      await redis.del(k(key));
    },
    async get(key) {
      return parse(await redis.get(k(key)));
    },
  };
}

/** Stored in place of a result when the first attempt's outcome is unknown. */
const UNKNOWN_OUTCOME = '\u0000unknown:';

/** Whether a failed write may still have been applied upstream. */
export function outcomeUnknown(err: unknown): err is GatewayError {
  if (!(err instanceof GatewayError) || err.code !== 'UPSTREAM_UNAVAILABLE') return false;
  const { reason, status } = err.extensions as { reason?: string; status?: number };
  return reason === 'TIMEOUT' || reason === 'NETWORK' || (typeof status === 'number' && status >= 500);
}

function unknownOutcomeError(stored: string): GatewayError {
  const { source, message } = JSON.parse(stored.slice(UNKNOWN_OUTCOME.length)) as { source?: string; message: string };
  return new GatewayError(
    `The first attempt with this idempotencyKey failed without telling whether ${source ?? 'the source'} applied it (${message}); check the certificate before writing again with a new idempotencyKey`,
    { code: 'UPSTREAM_UNAVAILABLE', source, outcome: 'UNKNOWN' } as never,
  );
}

/** How long a retry waits for the first attempt with the same key to finish. */
const PENDING_WAIT_MS = 30_000;

/**
 * Runs `write` at most once per key. `fingerprint` identifies the mutation and
 * its input; `encode`/`decode` turn the result into what is stored.
 */
function decodeOrThrow<T>(result: string, codec: { decode(s: string): T }): T {
  if (result.startsWith(UNKNOWN_OUTCOME)) throw unknownOutcomeError(result);
  return codec.decode(result);
}

export async function once<T>(
  store: IdempotencyStore,
  key: string,
  fingerprint: string,
  write: () => Promise<T>,
  codec: { encode(v: T): string; decode(s: string): T },
): Promise<T> {
  // Real waiting between real sleeps: measured on the monotonic timer, like the lease and poller timings. The
  // injected clock is the time of day the stores expire keys by; frozen or moved by tests, it would make this
  // wait forever or not at all.
  const deadline = performance.now() + PENDING_WAIT_MS;
  for (;;) {
    const claim = await store.claim(key, fingerprint);
    if (claim === 'claimed') break;
    if (claim.fingerprint !== fingerprint) {
      throw badInput('idempotencyKey', 'idempotencyKey was already used with a different mutation or input: use a new key for a new write');
    }
    if (claim.state === 'done') return decodeOrThrow(claim.result, codec);
    // The first attempt is still running (a retry raced it): wait for its result.
    if (performance.now() > deadline) {
      throw new GatewayError('A write with this idempotencyKey is still in progress; retry later', { code: 'RATE_LIMITED', retryAfter: 5 });
    }
    await sleep(100);
    const now = await store.get(key);
    if (now?.state === 'done' && now.fingerprint === fingerprint) return decodeOrThrow(now.result, codec);
  }
  let result: T;
  try {
    result = await write();
  } catch (err) {
    if (outcomeUnknown(err)) {
      const stored = UNKNOWN_OUTCOME + JSON.stringify({ source: (err.extensions as { source?: string }).source, message: err.message });
      await store.complete(key, fingerprint, stored).catch(() => store.release(key).catch(() => undefined));
    } else {
      await store.release(key).catch(() => undefined);
    }
    throw err;
  }
  // The write happened: failing to remember it must not turn into an error the client retries.
  await store.complete(key, fingerprint, codec.encode(result)).catch(() => undefined);
  return result;
}
