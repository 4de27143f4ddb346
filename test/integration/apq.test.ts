import { createHash, randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { APQ_TTL_S } from '../../src/gateway/apq-cache';
import { eventually } from '../helpers/eventually';
import { startTestGateway, type TestGateway } from '../helpers/gateway';

/**
 * Automatic persisted queries (issue 11, items 2 and 9): shared by replicas
 * through Redis, and its client mistakes answered 400 with their own code,
 * logged once at info, never as an error.
 */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const pq = (hash: string, version = 1) => ({ persistedQuery: { version, sha256Hash: hash } });

async function post(gw: TestGateway, body: unknown) {
  const res = await fetch(`${gw.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] } };
}
const lines = (gw: TestGateway) => gw.logs.map((l) => JSON.parse(l) as { level: string; msg: string; code?: string; stack?: string });

describe('two replicas, one Redis', () => {
  const prefix = `test:${randomUUID()}:`;
  let a: TestGateway;
  let b: TestGateway;
  let redis: Redis;
  beforeAll(async () => {
    const env = { REDIS_URL, REDIS_KEY_PREFIX: prefix };
    [a, b] = await Promise.all([startTestGateway({ env }), startTestGateway({ env })]);
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('a query registered through replica A runs by its hash alone on replica B', async () => {
    // A query text no other test sends, so its hash is new to this Redis.
    const query = `query Apq_${randomUUID().replace(/-/g, '')} { sources { name } }`;
    const hash = sha256(query);

    const unknown = await post(b, { extensions: pq(hash) });
    expect(unknown.body.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');

    const registered = await post(a, { query, extensions: pq(hash) });
    expect(registered.status).toBe(200);
    expect(registered.body.data.sources).toHaveLength(4);

    // Apollo stores the query after answering: wait for it to be in Redis, then ask B.
    await eventually(async () => (await redis.exists(`${prefix}apq:${hash}`)) === 1, { what: 'the APQ entry in Redis' });
    const onB = await post(b, { extensions: pq(hash) });
    expect(onB.status).toBe(200);
    expect(onB.body.errors).toBeUndefined();
    expect(onB.body.data.sources).toHaveLength(4);

    const ttl = await redis.ttl(`${prefix}apq:${hash}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(APQ_TTL_S);
  });
});

describe('one replica, in memory', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw?.stop();
  });
  beforeEach(() => {
    gw.logs.length = 0;
    gw.resetUpstreamCalls();
  });

  it('registers a query and runs it by hash', async () => {
    const query = '{ sources { name configured } }';
    expect((await post(gw, { query, extensions: pq(sha256(query)) })).status).toBe(200);
    await eventually(async () => (await post(gw, { extensions: pq(sha256(query)) })).body.data?.sources?.length === 4, { what: 'the query by its hash' });
  });

  it('a hash that does not match its query answers 400 PERSISTED_QUERY_HASH_MISMATCH, logs one info line and no error', async () => {
    const r = await post(gw, { query: '{ sources { name } }', extensions: pq(sha256('something else')) });

    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([{ message: expect.stringContaining('not the sha256 of the query'), extensions: { code: 'PERSISTED_QUERY_HASH_MISMATCH' } }]);
    expect(lines(gw).filter((l) => l.level === 'error' || l.level === 'warn')).toEqual([]);
    expect(lines(gw).filter((l) => l.level === 'info')).toEqual([expect.objectContaining({ msg: 'request refused', code: 'PERSISTED_QUERY_HASH_MISMATCH', client: expect.stringMatching(/^(ip|key):/), status: 400 })]);
    expect(Object.values(gw.upstreamCalls()).every((n) => n === 0)).toBe(true);
  });

  it('persistedQuery.version 2 answers 400 PERSISTED_QUERY_VERSION_NOT_SUPPORTED, logs one info line and no error', async () => {
    const r = await post(gw, { query: '{ sources { name } }', extensions: pq(sha256('{ sources { name } }'), 2) });

    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([{ message: 'extensions.persistedQuery.version must be 1', extensions: { code: 'PERSISTED_QUERY_VERSION_NOT_SUPPORTED' } }]);
    expect(lines(gw).filter((l) => l.level === 'error' || l.level === 'warn')).toEqual([]);
    expect(lines(gw).filter((l) => l.level === 'info')).toHaveLength(1);
  });
});

it('APQ=0 turns automatic persisted queries off', async () => {
  const gw = await startTestGateway({ env: { APQ: '0' } });
  try {
    const r = await post(gw, { query: '{ sources { name } }', extensions: pq(sha256('{ sources { name } }')) });
    expect(r.body.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_SUPPORTED');
    expect((await post(gw, { query: '{ sources { name } }' })).body.data.sources).toHaveLength(4);
  } finally {
    await gw.stop();
  }
});
