/**
 * Where the response cache (response-cache.ts) keeps answers, and the
 * per-source generation counters that invalidate them: in Redis when the
 * gateway has it (every replica sees an answer stored, or a generation
 * bumped, by any of them), in this process's memory otherwise.
 *
 * Invalidation is by generation, not by deletion: every change the gateway
 * learns of (a webhook, a poll that found a change, a write through it)
 * bumps the generation of its source, and an answer is stored with the
 * generations, as they were when its request began, of the sources it read.
 * It is served only while all of those are unchanged, so a change recorded
 * while the answer was being computed also makes it stale. Nothing has to
 * find and delete the answers of a source; they simply stop matching.
 */
import { randomInt } from 'node:crypto';
import type Redis from 'ioredis';
import type { Clock } from '../clock';
import type { SourceName } from '../domain';

/** Generation of each source (a source never bumped is at 0); with Redis, also the store's epoch under EPOCH. */
export type Generations = Readonly<Record<string, number>>;

/**
 * The pseudo-source under which the Redis store hands its epoch with the
 * generations: a random number set (SET NX) when the key is missing. After a
 * Redis restart without persistence, or an eviction, the generations read 0
 * again, which an answer stored before could match; the epoch is then a new
 * one, and no answer stored with the old one matches.
 */
export const EPOCH = '@epoch';

/** One cached answer: the `data` of a query without errors, and what it was computed from. */
export interface CachedAnswer {
  /** Clock time (ms) at which the request that computed it began. */
  storedAt: number;
  /** The generation, at that time, of each source the answer read. */
  generations: Generations;
  /** The answer's `data`, as sent. Never mutated once stored (the memory store hands the same object to every hit). */
  data: Record<string, unknown>;
}

export interface ResponseCacheStore {
  /** 'redis' or 'memory' (start-up log). */
  readonly kind: 'redis' | 'memory';
  /**
   * The answer under `key` (or null: none, or expired) and the current
   * generation of each of `sources`, read together (one Redis round trip,
   * two when a local copy turned out stale). The caller decides whether the
   * answer still holds (isFresh).
   */
  lookup(key: string, sources: readonly SourceName[]): Promise<{ answer: CachedAnswer | null; generations: Generations }>;
  /** Stores `answer` under `key` for `ttlMs`; `json` is its serialized `data` (its length counts against the memory bound). Does not wait for Redis; never throws (failures go to the store's onError). */
  store(key: string, answer: CachedAnswer, json: string, ttlMs: number): void;
  /** Drops what `key` holds (an answer found stale). */
  drop(key: string): void;
  /** Makes every answer that read `source` stale, on every replica sharing the store. */
  bump(source: SourceName): Promise<void>;
}

/** Whether the sources `answer` read still have the generations it was stored with (a source never bumped is at 0). */
export function sameGenerations(answer: CachedAnswer, generations: Generations): boolean {
  for (const [source, g] of Object.entries(answer.generations)) if ((generations[source] ?? 0) !== g) return false;
  return true;
}

/** Whether `answer` still holds at `generations` (the sources it read unchanged since) and `now` (younger than ttlMs). */
export function isFresh(answer: CachedAnswer, generations: Generations, now: number, ttlMs: number): boolean {
  return now - answer.storedAt < ttlMs && sameGenerations(answer, generations);
}

/**
 * Answers in this process's memory: at most `maxBytes` (their JSON's UTF-8 bytes,
 * plus a small overhead per entry so a flood of tiny answers is bounded too),
 * least recently used evicted first; an entry past its TTL is dropped when met.
 */
export class AnswerLru {
  private readonly entries = new Map<string, { answer: CachedAnswer; bytes: number; expiresAt: number }>();
  private used = 0;
  constructor(
    private readonly clock: Clock,
    private readonly maxBytes: number,
  ) {}
  get bytes(): number {
    return this.used;
  }
  get size(): number {
    return this.entries.size;
  }
  /** The answer under `key`, now the most recently used; null when none or expired (then dropped). */
  get(key: string): CachedAnswer | null {
    const e = this.entries.get(key);
    if (!e) return null;
    this.entries.delete(key);
    if (this.clock.now().getTime() >= e.expiresAt) {
      this.used -= e.bytes;
      return null;
    }
    // The Map's order is the eviction order: most recently used last.
    this.entries.set(key, e);
    return e.answer;
  }
  set(key: string, answer: CachedAnswer, json: string, ttlMs: number): void {
    const bytes = Buffer.byteLength(json) + key.length + 200;
    if (bytes > this.maxBytes) return;
    this.delete(key);
    this.entries.set(key, { answer, bytes, expiresAt: answer.storedAt + ttlMs });
    this.used += bytes;
    for (const oldest of this.entries.keys()) {
      if (this.used <= this.maxBytes) break;
      this.delete(oldest);
    }
  }
  delete(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    this.used -= e.bytes;
  }
}

/** In memory (AnswerLru, `maxBytes`); generations are this process's own. */
export function createMemoryResponseStore(clock: Clock, maxBytes: number): ResponseCacheStore & { readonly bytes: number; readonly size: number } {
  const lru = new AnswerLru(clock, maxBytes);
  const generations: Record<string, number> = {};
  return {
    kind: 'memory',
    get bytes() {
      return lru.bytes;
    },
    get size() {
      return lru.size;
    },
    lookup(key) {
      // A copy: the request keeps the generations as they were when it began.
      return Promise.resolve({ answer: lru.get(key), generations: { ...generations } });
    },
    store: (key, answer, json, ttlMs) => lru.set(key, answer, json, ttlMs),
    drop: (key) => lru.delete(key),
    bump(source) {
      generations[source] = (generations[source] ?? 0) + 1;
      return Promise.resolve();
    },
  };
}

/**
 * In Redis, under `<prefix>rcache:`: each answer a string with a TTL
 * (`PX`, Redis's clock; the injected clock checks it again on read), each
 * source's generation a counter (`INCR`) that never expires. Storing is fire
 * and forget (the answer is not delayed for it); its command is queued on the
 * gateway's one connection before the response is sent, so this replica's
 * next lookup sees it.
 *
 * `local` keeps a copy of the answers this replica stored or read, so a hit
 * does not fetch and parse the answer again: a lookup then reads only the
 * generations (one `MGET`), and the copy is served only while they match,
 * exactly as an answer read from Redis would be. Without a local copy (or
 * with a stale one) a lookup is one `MGET` of the answer and the generations.
 */
export function createRedisResponseStore(
  redis: Redis,
  keyPrefix: string,
  onError: (err: unknown) => void,
  /** The local copies, and how long one read from Redis may be kept (the TTL, counted from when its request began). */
  local: { answers: AnswerLru; ttlMs: number } | null = null,
): ResponseCacheStore {
  const prefix = `${keyPrefix}rcache:`;
  const genKeys = new Map<string, string>();
  const genKeyOf = (source: string) => {
    let k = genKeys.get(source);
    if (!k) genKeys.set(source, (k = `${prefix}gen:${source}`));
    return k;
  };
  const epochKey = `${prefix}epoch`;
  /** The generations, and the epoch (read last by the same MGET; made when missing). */
  const generationsOf = async (sources: readonly SourceName[], values: (string | null)[], from: number) => {
    const generations: Record<string, number> = {};
    sources.forEach((s, i) => (generations[s] = Number(values[i + from] ?? 0)));
    let epoch = values[from + sources.length];
    if (epoch == null) {
      // Missing (first start, or Redis lost it): one is made; whichever replica set it first, all read the same.
      await redis.set(epochKey, String(randomInt(1, 2 ** 47)), 'NX');
      epoch = await redis.get(epochKey);
    }
    generations[EPOCH] = Number(epoch ?? 0);
    return generations;
  };
  return {
    kind: 'redis',
    async lookup(key, sources) {
      const copy = local?.answers.get(key);
      if (copy) {
        const generations = await generationsOf(sources, await redis.mget(...sources.map(genKeyOf), epochKey), 0);
        if (sameGenerations(copy, generations)) return { answer: copy, generations };
        local!.answers.delete(key);
      }
      const values = await redis.mget(prefix + key, ...sources.map(genKeyOf), epochKey);
      let answer: CachedAnswer | null = null;
      if (values[0]) {
        try {
          answer = JSON.parse(values[0]) as CachedAnswer;
          local?.answers.set(key, answer, values[0], local.ttlMs);
        } catch (e) {
          onError(e);
        }
      }
      return { answer, generations: await generationsOf(sources, values, 1) };
    },
    store(key, answer, json, ttlMs) {
      local?.answers.set(key, answer, json, ttlMs);
      // `data` is spliced in as the JSON already made, not serialized a second time.
      const text = `{"storedAt":${answer.storedAt},"generations":${JSON.stringify(answer.generations)},"data":${json}}`;
      redis.set(prefix + key, text, 'PX', Math.max(1, Math.ceil(ttlMs))).catch(onError);
    },
    drop(key) {
      local?.answers.delete(key);
      redis.del(prefix + key).catch(onError);
    },
    async bump(source) {
      await redis.incr(genKeyOf(source));
    },
  };
}
