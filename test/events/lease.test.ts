import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import { createMemoryLease, createRedisLease } from '../../src/events/lease';
import { eventually } from '../helpers/eventually';
import { connectRedis, deleteKeys } from './helpers';

/** Real Redis (REDIS_URL, default redis://127.0.0.1:6379): unreachable fails the suite, never skips it. */
let redis: Redis;
const prefix = `test:lease:${randomUUID()}:`;
let n = 0;
const freshKey = () => `${prefix}${++n}`;

beforeAll(async () => {
  redis = await connectRedis();
});
afterAll(async () => {
  if (redis) {
    await deleteKeys(redis, prefix);
    await redis.quit();
  }
});

describe('Redis lease', () => {
  it('one of two contenders holds it', async () => {
    const key = freshKey();
    const a = createRedisLease(redis, key, 'replica-a', 10_000);
    const b = createRedisLease(redis, key, 'replica-b', 10_000);
    const [ra, rb] = await Promise.all([a.tryAcquire(), b.tryAcquire()]);
    expect([ra, rb].filter(Boolean)).toHaveLength(1);
    const [holder, other] = ra ? [a, b] : [b, a];
    expect(holder.held).toBe(true);
    expect(other.held).toBe(false);
    expect(await redis.get(key)).toBe(ra ? 'replica-a' : 'replica-b');
    // Renewing keeps it with the holder; the other keeps failing.
    expect(await holder.tryAcquire()).toBe(true);
    expect(await other.tryAcquire()).toBe(false);
    expect(await redis.pttl(key)).toBeGreaterThan(9_000);
  });

  it('the other takes over once the holder releases it', async () => {
    const key = freshKey();
    const a = createRedisLease(redis, key, 'replica-a', 10_000);
    const b = createRedisLease(redis, key, 'replica-b', 10_000);
    expect(await a.tryAcquire()).toBe(true);
    expect(await b.tryAcquire()).toBe(false);
    await a.release();
    expect(a.held).toBe(false);
    expect(await redis.get(key)).toBeNull();
    expect(await b.tryAcquire()).toBe(true);
    expect(b.held).toBe(true);
    expect(await a.tryAcquire()).toBe(false);
  });

  it('the other takes over after the ttl when the holder stops renewing, and the old holder knows it lost it', async () => {
    const key = freshKey();
    const ttl = 300;
    const a = createRedisLease(redis, key, 'replica-a', ttl);
    const b = createRedisLease(redis, key, 'replica-b', ttl);
    expect(await a.tryAcquire()).toBe(true);
    expect(await b.tryAcquire()).toBe(false);
    // a stops renewing (a dead replica): b gets it once the ttl has run out.
    await eventually(() => b.tryAcquire(), { what: "b to take a's lapsed lease" });
    expect(await redis.get(key)).toBe('replica-b');
    expect(a.held).toBe(false); // bounded locally by its last renewal + ttl
    expect(await a.tryAcquire()).toBe(false); // its renewal does not steal b's lease
    expect(await redis.get(key)).toBe('replica-b');
  });

  it('a holder that keeps renewing keeps it past its ttl', async () => {
    const key = freshKey();
    const ttl = 600;
    const a = createRedisLease(redis, key, 'replica-a', ttl);
    const b = createRedisLease(redis, key, 'replica-b', ttl);
    expect(await a.tryAcquire()).toBe(true);
    // Controls: leases of the same ttl taken after a's and never renewed. Once the second has lapsed, a's
    // first ttl has run out twice over; a renews all along (at every check) and b never gets it.
    const renewed: boolean[] = [];
    const taken: boolean[] = [];
    for (let i = 1; i <= 2; i++) {
      const controlKey = freshKey();
      const control = createRedisLease(redis, controlKey, 'control', ttl);
      expect(await control.tryAcquire()).toBe(true);
      await eventually(
        async () => {
          renewed.push(await a.tryAcquire());
          taken.push(await b.tryAcquire());
          return (await redis.exists(controlKey)) === 0;
        },
        { intervalMs: 50, what: `control lease ${i} to lapse while a renews` },
      );
    }
    expect(renewed.length).toBeGreaterThan(2);
    expect(renewed.every(Boolean)).toBe(true);
    expect(taken.some(Boolean)).toBe(false);
    expect(await redis.get(key)).toBe('replica-a');
  });

  it('a non-owner can neither release nor renew it', async () => {
    const key = freshKey();
    const a = createRedisLease(redis, key, 'replica-a', 5_000);
    const b = createRedisLease(redis, key, 'replica-b', 60_000);
    expect(await a.tryAcquire()).toBe(true);
    await b.release();
    expect(await redis.get(key)).toBe('replica-a');
    expect(a.held).toBe(true);

    // b once held it, and its lease was taken over (b thinks it still holds it): renewing must fail, not extend a's.
    const key2 = freshKey();
    const c = createRedisLease(redis, key2, 'replica-c', 60_000);
    expect(await c.tryAcquire()).toBe(true);
    await redis.set(key2, 'replica-d', 'PX', 5_000); // c's lease lapsed and d took it
    expect(await c.tryAcquire()).toBe(false);
    expect(c.held).toBe(false);
    expect(await redis.get(key2)).toBe('replica-d');
    expect(await redis.pttl(key2)).toBeLessThanOrEqual(5_000);
    await c.release();
    expect(await redis.get(key2)).toBe('replica-d');
  });

  it('a Redis error is not holding it', async () => {
    const broken = { eval: () => Promise.reject(new Error('connection lost')), set: () => Promise.reject(new Error('connection lost')) } as unknown as Redis;
    const lease = createRedisLease(broken, freshKey(), 'replica-a', 1_000);
    await expect(lease.tryAcquire()).rejects.toThrow('connection lost');
    expect(lease.held).toBe(false);
  });
});

describe('memory lease', () => {
  it('is always held by the one process', async () => {
    const lease = createMemoryLease();
    expect(lease.held).toBe(true);
    expect(await lease.tryAcquire()).toBe(true);
    await lease.release();
    expect(await lease.tryAcquire()).toBe(true);
  });
});
