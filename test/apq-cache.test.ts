import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { APQ_TTL_S, createApqCache, MAX_APQ_DOCUMENT_BYTES, RedisKeyValueCache } from '../src/gateway/apq-cache';
import { createLogger, createSecrets } from '../src/logger';

/** The APQ store over the real Redis (issue 11, item 2): Apollo's KeyValueCache contract, bounded. */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `test:${randomUUID()}:`;
let redis: Redis;
beforeAll(() => {
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

it('get/set/delete under the key prefix, with the TTL asked for', async () => {
  const cache = new RedisKeyValueCache(redis, prefix);
  await cache.set('apq:a', '{ a }', { ttl: 30 });
  expect(await cache.get('apq:a')).toBe('{ a }');
  expect(await redis.get(`${prefix}apq:a`)).toBe('{ a }');
  const ttl = await redis.ttl(`${prefix}apq:a`);
  expect(ttl).toBeGreaterThan(0);
  expect(ttl).toBeLessThanOrEqual(30);
  await cache.delete('apq:a');
  expect(await cache.get('apq:a')).toBeUndefined();
});

it('caps the TTL: none, null or a longer one becomes APQ_TTL_S', async () => {
  const cache = new RedisKeyValueCache(redis, prefix);
  await cache.set('none', 'x');
  await cache.set('null', 'x', { ttl: null });
  await cache.set('long', 'x', { ttl: APQ_TTL_S * 10 });
  for (const k of ['none', 'null', 'long']) {
    const ttl = await redis.ttl(`${prefix}${k}`);
    expect([k, ttl > APQ_TTL_S - 60 && ttl <= APQ_TTL_S]).toEqual([k, true]);
  }
});

it('does not store a document over MAX_APQ_DOCUMENT_BYTES', async () => {
  const cache = new RedisKeyValueCache(redis, prefix);
  await cache.set('big', `{ ${'a '.repeat(MAX_APQ_DOCUMENT_BYTES / 2)} }`);
  expect(await redis.exists(`${prefix}big`)).toBe(0);
});

it('a Redis that cannot answer is a miss, logged at warn, not a failed request', async () => {
  const down = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  down.on('error', () => undefined);
  const logs: string[] = [];
  const cache = createApqCache(down, prefix, createLogger({ level: 'debug', secrets: createSecrets([]), write: (l) => logs.push(l) }));
  try {
    expect(await cache.get('apq:x')).toBeUndefined();
    expect(logs.map((l) => (JSON.parse(l) as { level: string }).level)).toEqual(['warn']);
  } finally {
    down.disconnect();
  }
});

it('without Redis: in memory', async () => {
  const cache = createApqCache(null, prefix, createLogger({ level: 'error', secrets: createSecrets([]) }));
  await cache.set('apq:m', '{ m }');
  expect(await cache.get('apq:m')).toBe('{ m }');
});
