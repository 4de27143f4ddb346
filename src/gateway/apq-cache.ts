import { ErrorsAreMissesCache, InMemoryLRUCache, type KeyValueCache, type KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type Redis from 'ioredis';
import type { Logger } from '../logger';

/** Longest an automatic persisted query is kept (seconds), whatever TTL Apollo asks for; each use of APQ registration renews it. */
export const APQ_TTL_S = 24 * 60 * 60;

/** A registered query longer than this is run but not stored: one client cannot fill Redis with huge documents. */
export const MAX_APQ_DOCUMENT_BYTES = 64 * 1024;

/** Apollo's in-memory APQ store size (approximate bytes of query text), per replica, least recently used evicted. */
export const APQ_MEMORY_BYTES = 16 * 1024 * 1024;

/**
 * Apollo's KeyValueCache (get, set with a TTL in seconds, delete) over the
 * gateway's ioredis client, under the deployment's key prefix, so every
 * replica knows a query registered through any of them. TTLs are capped at
 * APQ_TTL_S (Apollo's `null`, "no TTL", included).
 */
export class RedisKeyValueCache implements KeyValueCache<string> {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly maxTtlS: number = APQ_TTL_S,
  ) {}

  async get(key: string): Promise<string | undefined> {
    return (await this.redis.get(this.prefix + key)) ?? undefined;
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    if (Buffer.byteLength(value) > MAX_APQ_DOCUMENT_BYTES) return;
    const ttl = Math.min(typeof options?.ttl === 'number' && options.ttl > 0 ? Math.ceil(options.ttl) : this.maxTtlS, this.maxTtlS);
    await this.redis.set(this.prefix + key, value, 'EX', ttl);
  }

  async delete(key: string): Promise<boolean | void> {
    await this.redis.del(this.prefix + key);
  }
}

/**
 * The APQ store: in Redis when the gateway has it (`<REDIS_KEY_PREFIX>apq:<sha256>`), a
 * Redis failure counting as a miss (the client then sends the full query,
 * logged at warn) rather than failing the request; in memory, bounded, otherwise.
 */
export function createApqCache(redis: Redis | null, keyPrefix: string, logger: Logger): KeyValueCache<string> {
  if (!redis) return new InMemoryLRUCache<string>({ maxSize: APQ_MEMORY_BYTES, sizeCalculation: (v) => Math.max(1, v.length) });
  // Apollo adds its own `apq:` before the hash.
  return new ErrorsAreMissesCache(new RedisKeyValueCache(redis, keyPrefix), {
    debug: (m) => logger.debug(String(m)),
    info: (m) => logger.info(String(m)),
    warn: (m) => logger.warn(String(m)),
    error: (m) => logger.warn(String(m)),
  });
}
