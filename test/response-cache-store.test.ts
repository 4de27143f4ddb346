import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import type { Clock } from '../src/clock';
import { AnswerLru, createMemoryResponseStore, createRedisResponseStore, EPOCH, isFresh, type CachedAnswer } from '../src/gateway/response-cache-store';
import { eventually } from './helpers/eventually';

/** The response cache's stores (issue 9 item 3): bounded memory, and Redis shared by replicas. */
const answer = (storedAt: number, generations: Record<string, number>, n = 1): CachedAnswer => ({ storedAt, generations, data: { n } });

describe('isFresh', () => {
  it('holds while the sources it read keep their generations and it is younger than the TTL', () => {
    const a = answer(1_000, { FOURHSE: 2 });
    expect(isFresh(a, { FOURHSE: 2, ENSINIO: 9 }, 1_999, 1_000)).toBe(true);
    expect(isFresh(a, { FOURHSE: 2 }, 2_000, 1_000)).toBe(false);
    expect(isFresh(a, { FOURHSE: 3 }, 1_500, 1_000)).toBe(false);
    // A source never bumped is at 0.
    expect(isFresh(answer(0, { FALKOR: 0 }), {}, 10, 1_000)).toBe(true);
  });
});

describe('memory store', () => {
  const clock: Clock = { now: () => new Date(5_000) };

  it('keeps at most maxBytes, evicting the least recently used first', async () => {
    const store = createMemoryResponseStore(clock, 1_000);
    const json = 'x'.repeat(100); // with its key and bookkeeping each entry counts 100 + 1 + 200 bytes
    for (const k of ['a', 'b', 'c']) store.store(k, answer(5_000, {}), json, 60_000);
    expect(store.size).toBe(3);
    expect(store.bytes).toBe(903);
    await store.lookup('a', []); // a is now the most recently used: b goes first
    store.store('d', answer(5_000, {}), json, 60_000);
    expect(store.size).toBe(3);
    expect(store.bytes).toBeLessThanOrEqual(1_000);
    expect((await store.lookup('b', [])).answer).toBeNull();
    for (const k of ['a', 'c', 'd']) expect((await store.lookup(k, [])).answer).not.toBeNull();
  });

  it('counts an answer by its UTF-8 bytes, not its length in characters', () => {
    const store = createMemoryResponseStore(clock, 10_000);
    store.store('k', answer(5_000, {}), 'é'.repeat(1_000), 60_000); // 1,000 characters, 2,000 bytes
    expect(store.bytes).toBe(2_000 + 1 + 200);
  });

  it('does not keep an answer larger than the whole store, and frees what it drops or finds expired', async () => {
    let now = 5_000;
    const store = createMemoryResponseStore({ now: () => new Date(now) }, 1_000);
    store.store('big', answer(now, {}), 'x'.repeat(1_000), 60_000);
    expect(store.size).toBe(0);
    store.store('a', answer(now, {}), '{}', 1_000);
    store.store('b', answer(now, {}), '{}', 60_000);
    store.drop('b');
    now += 1_000;
    expect((await store.lookup('a', [])).answer).toBeNull();
    expect([store.size, store.bytes]).toEqual([0, 0]);
  });

  it('bumps generations; a lookup hands a copy, as they were when the request began', async () => {
    const store = createMemoryResponseStore(clock, 1_000);
    const before = (await store.lookup('k', ['FOURHSE'])).generations;
    await store.bump('FOURHSE');
    expect(before.FOURHSE ?? 0).toBe(0);
    expect((await store.lookup('k', ['FOURHSE'])).generations.FOURHSE).toBe(1);
  });
});

describe('Redis store', () => {
  const prefix = `test:${randomUUID()}:`;
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('stores with the TTL in Redis and reads the answer and the generations in one MGET, shared by every client of the prefix', async () => {
    const errors: unknown[] = [];
    const one = createRedisResponseStore(redis, prefix, (e) => errors.push(e));
    const other = createRedisResponseStore(redis, prefix, (e) => errors.push(e));
    await other.bump('ENSINIO');
    await other.bump('ENSINIO');
    one.store('k', answer(7, { ENSINIO: 2 }, 42), JSON.stringify({ n: 42 }), 30_000);
    await eventually(async () => (await other.lookup('k', [])).answer !== null, { what: 'the stored answer' });
    const found = await other.lookup('k', ['FOURHSE', 'ENSINIO']);
    expect(found).toEqual({ answer: { storedAt: 7, generations: { ENSINIO: 2 }, data: { n: 42 } }, generations: { FOURHSE: 0, ENSINIO: 2, [EPOCH]: expect.any(Number) } });
    const ttl = await redis.pttl(`${prefix}rcache:k`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(30_000);
    await one.bump('ENSINIO');
    expect((await other.lookup('k', ['ENSINIO'])).generations).toEqual({ ENSINIO: 3, [EPOCH]: expect.any(Number) });
    other.drop('k');
    await eventually(async () => (await one.lookup('k', [])).answer === null, { what: 'the answer dropped' });
    expect(errors).toEqual([]);
  });

  it("serves this replica's local copy while Redis's generations match, and never once another replica bumped one", async () => {
    const clock: Clock = { now: () => new Date(1_000) };
    const mine = createRedisResponseStore(redis, prefix, () => undefined, { answers: new AnswerLru(clock, 1_000_000), ttlMs: 60_000 });
    const theirs = createRedisResponseStore(redis, prefix, () => undefined);
    mine.store('local', answer(1_000, { FALKOR: 0 }, 7), JSON.stringify({ n: 7 }), 60_000);
    await eventually(async () => (await theirs.lookup('local', [])).answer !== null, { what: 'the stored answer' });
    // Gone from Redis: this replica still has its copy (and did not need to fetch it), the other has nothing.
    await redis.del(`${prefix}rcache:local`);
    expect((await mine.lookup('local', ['FALKOR'])).answer).toEqual(answer(1_000, { FALKOR: 0 }, 7));
    expect((await theirs.lookup('local', ['FALKOR'])).answer).toBeNull();
    await theirs.bump('FALKOR');
    const after = await mine.lookup('local', ['FALKOR']);
    expect(after.generations).toEqual({ FALKOR: 1, [EPOCH]: expect.any(Number) });
    // The stale copy is dropped and Redis has none: nothing to serve.
    expect(after.answer).toBeNull();
  });

  it('an answer stored before Redis lost its generations and epoch (a restart without persistence) is not served', async () => {
    const own = `test:${randomUUID()}:`;
    const clock: Clock = { now: () => new Date(1_000) };
    const mine = createRedisResponseStore(redis, own, () => undefined, { answers: new AnswerLru(clock, 1_000_000), ttlMs: 60_000 });
    const theirs = createRedisResponseStore(redis, own, () => undefined);
    try {
      // As the plugin does: the generations read when the request began, the epoch among them.
      const { generations } = await mine.lookup('k', ['FALKOR']);
      expect(generations[EPOCH]).toBeGreaterThan(0);
      mine.store('k', { storedAt: 1_000, generations: { FALKOR: generations.FALKOR, [EPOCH]: generations[EPOCH] }, data: { n: 1 } }, JSON.stringify({ n: 1 }), 60_000);
      await eventually(async () => (await theirs.lookup('k', ['FALKOR'])).answer !== null, { what: 'the stored answer' });
      const stored = (await mine.lookup('k', ['FALKOR'])).answer!;
      expect(isFresh(stored, (await mine.lookup('k', ['FALKOR'])).generations, 1_000, 60_000)).toBe(true);
      // Redis restarted empty but for the answer (or evicted the counters): nothing was bumped.
      await redis.del(`${own}rcache:gen:FALKOR`, `${own}rcache:epoch`);
      for (const store of [mine, theirs]) {
        const found = await store.lookup('k', ['FALKOR']);
        expect(found.generations.FALKOR).toBe(0);
        expect(found.answer === null || !isFresh(found.answer, found.generations, 1_000, 60_000)).toBe(true);
      }
    } finally {
      const keys = await redis.keys(`${own}*`);
      if (keys.length > 0) await redis.del(...keys);
    }
  });
});
