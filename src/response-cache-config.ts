/**
 * The response cache part of the configuration (issue 9 item 3):
 * RESPONSE_CACHE, RESPONSE_CACHE_TTL_S, RESPONSE_CACHE_MAX_BYTES and
 * RESPONSE_CACHE_MAX_ENTRY_BYTES. Called by config.ts only, so every variable
 * is validated with a ConfigError naming it.
 */
import { bool, ConfigError, int, type Env } from './env';

export interface ResponseCacheConfig {
  /** RESPONSE_CACHE (default off): answers of queries over HTTP are cached (gateway/response-cache.ts). */
  enabled: boolean;
  /**
   * RESPONSE_CACHE_TTL_S: the longest a cached answer is served, whatever
   * happens. Default POLL_INTERVAL_S (60 when polling is off); never more than
   * POLL_INTERVAL_S when polling is on, so an answer cannot outlive the poll
   * that would notice a change of a polled source. 4HSE pushes webhooks: its
   * answers have the same bound, in case a webhook is lost.
   */
  ttlS: number;
  /** RESPONSE_CACHE_MAX_BYTES (default 64 MiB): the in-memory store's size (JSON bytes of the answers), least recently used evicted. Not used with REDIS_URL. */
  maxBytes: number;
  /** RESPONSE_CACHE_MAX_ENTRY_BYTES (default 1 MiB): a larger answer is served but not stored (memory or Redis). */
  maxEntryBytes: number;
}

/** With polling off, the TTL alone bounds how stale an answer of a polled source can be. */
const TTL_WITHOUT_POLLING_S = 60;

export function readResponseCacheConfig(env: Env, pollIntervalS: number): ResponseCacheConfig {
  const enabled = bool(env, 'RESPONSE_CACHE', false);
  const maxTtl = pollIntervalS > 0 ? pollIntervalS : 86_400;
  const ttlS = int(env, 'RESPONSE_CACHE_TTL_S', pollIntervalS > 0 ? pollIntervalS : TTL_WITHOUT_POLLING_S, 1, 86_400);
  // The cross-checks bind only a cache that runs: an unused setting does not stop start-up.
  if (enabled && ttlS > maxTtl) {
    throw new ConfigError(
      'RESPONSE_CACHE_TTL_S',
      `must be at most POLL_INTERVAL_S (${pollIntervalS}): a cached answer must not outlive the poll that would notice a change; got ${ttlS}`,
    );
  }
  const maxBytes = int(env, 'RESPONSE_CACHE_MAX_BYTES', 64 * 1024 * 1024, 1024, 16 * 1024 * 1024 * 1024);
  const maxEntryBytes = int(env, 'RESPONSE_CACHE_MAX_ENTRY_BYTES', 1024 * 1024, 1, 512 * 1024 * 1024);
  if (enabled && maxEntryBytes > maxBytes) {
    throw new ConfigError('RESPONSE_CACHE_MAX_ENTRY_BYTES', `must be at most RESPONSE_CACHE_MAX_BYTES (${maxBytes}), got ${maxEntryBytes}`);
  }
  return Object.freeze({ enabled, ttlS, maxBytes, maxEntryBytes });
}
