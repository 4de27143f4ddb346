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
import type Redis from 'ioredis';
import type { Clock } from '../clock';
import type { SourceName } from '../domain';

/** Generation of each source (a source never bumped is at 0). */
export type Generations = Readonly<Record<string, number>>;

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
   * generation of each of `sources`, read together (one Redis round trip).
   */
  lookup(key: string, sources: readonly SourceName[]): Promise<{ answer: CachedAnswer | null; generations: Generations }>;
  /** Stores `answer` under `key` for `ttlMs`; `json` is its serialized `data` (the memory store counts its bytes). Resolves once sent, never rejects. */
  store(key: string, answer: CachedAnswer, json: string, ttlMs: number): void;
  /** Drops what `key` holds (an answer found stale). */
  drop(key: string): void;
  /** Makes every answer that read `source` stale, on every replica sharing the store. */
  bump(source: SourceName): Promise<void>;
}

/** Whether `answer` still holds at `generations` (the sources it read unchanged since) and `now` (younger than ttlMs). */
export function isFresh(answer: CachedAnswer, generations: Generations, now: number, ttlMs: number): boolean {
  if (now - answer.storedAt >= ttlMs) return false;
  for (const [source, g] of Object.entries(answer.generations)) if ((generations[source] ?? 0) !== g) return false;
  return true;
}

interface MemoryEntry {
  answer: CachedAnswer;
  bytes: number;
  expiresAt: number;
}

/**
 * In memory: at most `maxBytes` of answers (their JSON length, plus a small
 * overhead per entry), least recently used evicted first; an entry past its
 * TTL is dropped when met. Generations are this process's own.
 */
export function createMemoryResponseStore(clock: Clock, maxBytes: number): ResponseCacheStore & { readonly bytes: number; readonly size: number } {
  const entries = new Map<string, MemoryEntry>();
  const generations: Record<string, number> = {};
  let bytes = 0;
  const remove = (key: string) => {
    const e = entries.get(key);
    if (!e) return;
    entries.delete(key);
    bytes -= e.bytes;
  };
  return {
    kind: 'memory',
    get bytes() {
      return bytes;
    },
    get size() {
      return entries.size;
    },
    lookup(key) {
      const e = entries.get(key);
      let answer: CachedAnswer | null = null;
      if (e && clock.now().getTime() >= e.expiresAt) remove(key);
      else if (e) {
        // Most recently used last: the Map's order is the eviction order.
        entries.delete(key);
        entries.set(key, e);
        answer = e.answer;
      }
      // A copy: the request keeps the generations as they were when it began.
      return Promise.resolve({ answer, generations: { ...generations } });
    },
    store(key, answer, json, ttlMs) {
      // The key and the bookkeeping count too, so a flood of tiny answers is bounded as well.
      const size = json.length + key.length + 200;
      if (size > maxBytes) return;
      remove(key);
      entries.set(key, { answer, bytes: size, expiresAt: answer.storedAt + ttlMs });
      bytes += size;
      for (const oldest of entries.keys()) {
        if (bytes <= maxBytes) break;
        remove(oldest);
      }
    },
    drop: remove,
    bump(source) {
      generations[source] = (generations[source] ?? 0) + 1;
      return Promise.resolve();
    },
  };
}

/**
 * In Redis, under `<prefix>rcache:`: each answer a string with a TTL
 * (`PX`, Redis's clock; the injected clock checks it again on read), each
 * source's generation a counter (`INCR`) that never expires. A lookup is one
 * `MGET` of the answer and the generations. Storing is fire and forget (the
 * answer is not delayed for it); its command is queued on the gateway's one
 * connection before the response is sent, so this replica's next lookup sees it.
 */
export function createRedisResponseStore(redis: Redis, keyPrefix: string, onError: (err: unknown) => void): ResponseCacheStore {
  const prefix = `${keyPrefix}rcache:`;
  const genKey = (source: string) => `${prefix}gen:${source}`;
  const genKeys = new Map<string, string>();
  const genKeyOf = (source: string) => {
    let k = genKeys.get(source);
    if (!k) genKeys.set(source, (k = genKey(source)));
    return k;
  };
  return {
    kind: 'redis',
    async lookup(key, sources) {
      const values = await redis.mget(prefix + key, ...sources.map(genKeyOf));
      const generations: Record<string, number> = {};
      sources.forEach((s, i) => (generations[s] = Number(values[i + 1] ?? 0)));
      let answer: CachedAnswer | null = null;
      if (values[0]) {
        try {
          answer = JSON.parse(values[0]) as CachedAnswer;
        } catch (e) {
          onError(e);
        }
      }
      return { answer, generations };
    },
    store(key, answer, json, ttlMs) {
      // `data` is spliced in as the JSON already made, not serialized a second time.
      const text = `{"storedAt":${answer.storedAt},"generations":${JSON.stringify(answer.generations)},"data":${json}}`;
      redis.set(prefix + key, text, 'PX', Math.max(1, Math.ceil(ttlMs))).catch(onError);
    },
    drop(key) {
      redis.del(prefix + key).catch(onError);
    },
    async bump(source) {
      await redis.incr(genKeyOf(source));
    },
  };
}
