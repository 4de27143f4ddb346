import Redis from 'ioredis';
import type { Logger } from './logger';

/**
 * The one Redis connection of a gateway (when REDIS_URL is set). Commands
 * wait in ioredis's queue while it reconnects; a request never waits more
 * than `commandTimeout` for Redis.
 */
export function createRedis(url: string, logger: Logger): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 2, commandTimeout: 5_000, enableAutoPipelining: true, lazyConnect: false });
  let down = false;
  redis.on('error', (err: Error) => {
    if (!down) logger.warn('redis unavailable', { error: err.message });
    down = true;
  });
  redis.on('ready', () => {
    if (down) logger.info('redis reconnected');
    down = false;
  });
  return redis;
}
