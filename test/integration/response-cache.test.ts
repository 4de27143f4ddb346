import { randomUUID } from 'node:crypto';
import type { Clock } from '../../src/clock';
import { startSandbox, type Sandbox } from '../../src/sandbox';
import { eventually } from '../helpers/eventually';
import { startTestGateway, type GraphQLResponse, type TestGateway } from '../helpers/gateway';
import { fourHseWebhookCertificate, postWebhook } from '../helpers/webhooks';

/**
 * The response cache of reads (issue 9 item 3), against the real simulators:
 * what is answered from it (no upstream call), what is not, and every kind of
 * change the gateway learns of invalidating exactly the answers that read the
 * changed source, on one gateway (memory store) and across two replicas
 * sharing one Redis.
 */
const SECRET = 'whsec-' + randomUUID();
const KEY_A = 'cache-test-key-aaaaaaaa';
const KEY_B = 'cache-test-key-bbbbbbbb';
const auth = (key = KEY_A): Record<string, string> => ({ authorization: `Bearer ${key}` });

const FOURHSE_LIST = `query FourHse($first: Int) { certificates(first: $first, filter: { sources: [FOURHSE] }) { totalCount nodes { id name expiresOn status holder { name } } } }`;
const ENSINIO_LIST = `query Ensinio { certificates(first: 500, filter: { sources: [ENSINIO] }) { totalCount nodes { id name } } }`;
const ALL = `query All { certificates(first: 50) { totalCount nodes { id source } } }`;
const ISSUE = `mutation Issue($input: IssueCertificateInput!) { issueCertificate(input: $input) { id name } }`;

/** A clock the test moves. */
function movableClock(iso: string): Clock & { set(iso: string): void; advance(ms: number): void } {
  let now = Date.parse(iso);
  return {
    now: () => new Date(now),
    set: (to) => void (now = Date.parse(to)),
    advance: (ms) => void (now += ms),
  };
}

const cacheOf = (r: GraphQLResponse) => r.body.extensions?.responseCache as { hit: boolean; ageMs?: number } | undefined;
const total = (calls: Record<string, number>) => Object.values(calls).reduce((a, b) => a + b, 0);

async function cacheMetric(gw: TestGateway, result: string): Promise<number> {
  const text = await (await fetch(`${gw.url}/metrics`)).text();
  const m = new RegExp(`^gateway_response_cache_total\\{result="${result}"\\} (\\d+)`, 'm').exec(text);
  return m ? Number(m[1]) : 0;
}

function fourhseInput(sandbox: Sandbox, name: string) {
  const r = sandbox.seed.fourhse.resources.find((x) => x.resource_type === 'PERSON')!;
  return {
    fourhse: { name, issuedOn: '2026-10-01', expiresOn: '2028-10-01', actionType: 'TRAINING', resourceId: r.resource_id, tenantId: r.tenant_id },
  };
}

describe('one gateway (memory store)', () => {
  let gw: TestGateway;
  const clock = movableClock('2026-11-29T10:00:00Z');

  beforeAll(async () => {
    gw = await startTestGateway({
      clock,
      env: { RESPONSE_CACHE: '1', POLL_INTERVAL_S: '10', RESPONSE_CACHE_TTL_S: '10', FOURHSE_WEBHOOK_SECRET: SECRET, GATEWAY_API_KEYS: `${KEY_A},${KEY_B}` },
    });
  });
  afterAll(() => gw?.stop());
  beforeEach(() => clock.advance(60_000)); // every test starts past the TTL of what the last one stored

  /** The query answered fresh (an upstream call made), then stored: the next identical one is a hit. */
  async function fresh(query: string, variables?: Record<string, unknown>, headers = auth()) {
    gw.resetUpstreamCalls();
    const r = await gw.query(query, variables, headers);
    expect(r.body.errors).toBeUndefined();
    expect(cacheOf(r)).toEqual({ hit: false });
    expect(total(gw.upstreamCalls())).toBeGreaterThan(0);
    return r;
  }
  /** The query answered from the cache: the same data, no upstream call. */
  async function cached(query: string, variables?: Record<string, unknown>, headers = auth()) {
    gw.resetUpstreamCalls();
    const r = await gw.query(query, variables, headers);
    expect(cacheOf(r)).toMatchObject({ hit: true });
    expect(gw.upstreamCalls()).toEqual({ FOURHSE: 0, SPRINGEST: 0, ENSINIO: 0, FALKOR: 0 });
    return r;
  }

  it('answers a second identical query from the cache, without any upstream call, and counts hits and stores', async () => {
    const [hits, stores] = [await cacheMetric(gw, 'hit'), await cacheMetric(gw, 'store')];
    const first = await fresh(FOURHSE_LIST, { first: 7 });
    clock.advance(1_500);
    const second = await cached(FOURHSE_LIST, { first: 7 });
    expect(second.body.data).toEqual(first.body.data);
    expect(cacheOf(second)).toEqual({ hit: true, ageMs: 1_500 });
    // Whitespace, commas and comments do not make another operation (the document is keyed as printed).
    await cached(
      `# the same operation, laid out otherwise
      query FourHse($first: Int) {
        certificates(first: $first, filter: { sources: [FOURHSE] }) { totalCount, nodes { id, name, expiresOn, status, holder { name } } }
      }`,
      { first: 7 },
    );
    expect(await cacheMetric(gw, 'hit')).toBe(hits + 2);
    expect(await cacheMetric(gw, 'store')).toBe(stores + 1);
    // The access lines say it too.
    const lines = gw.logs.map((l) => JSON.parse(l)).filter((l) => l.msg === 'graphql request' && l.operationName === 'FourHse');
    expect(lines.slice(-3).map((l) => [l.responseCache, l.upstreamCalls > 0])).toEqual([
      ['miss', true],
      ['hit', false],
      ['hit', false],
    ]);
  });

  it('shares answers between API keys (every caller sees the same data), not between variables', async () => {
    await fresh(FOURHSE_LIST, { first: 3 });
    await cached(FOURHSE_LIST, { first: 3 }, auth(KEY_B));
    await fresh(FOURHSE_LIST, { first: 4 });
    await cached(FOURHSE_LIST, { first: 4 });
    await cached(FOURHSE_LIST, { first: 3 });
  });

  it('keys on the day: a status computed yesterday is not served today', async () => {
    clock.set('2026-11-30T23:59:58Z');
    await fresh(FOURHSE_LIST, { first: 5 });
    clock.advance(1_000);
    await cached(FOURHSE_LIST, { first: 5 });
    clock.advance(2_000); // 00:00:01, well within the TTL
    await fresh(FOURHSE_LIST, { first: 5 });
  });

  it('serves an answer for RESPONSE_CACHE_TTL_S at most (the injected clock)', async () => {
    await fresh(FOURHSE_LIST, { first: 6 });
    clock.advance(9_999);
    expect(cacheOf(await cached(FOURHSE_LIST, { first: 6 }))).toEqual({ hit: true, ageMs: 9_999 });
    clock.advance(1);
    await fresh(FOURHSE_LIST, { first: 6 });
  });

  it('caches queries sent as GET too (the same operation as a POST)', async () => {
    await fresh(FOURHSE_LIST, { first: 8 });
    const get = async () => {
      gw.resetUpstreamCalls();
      const params = new URLSearchParams({ query: FOURHSE_LIST, variables: JSON.stringify({ first: 8 }) });
      const res = await fetch(`${gw.url}/graphql?${params}`, { headers: auth() });
      expect(res.status).toBe(200);
      return (await res.json()) as { extensions?: { responseCache?: unknown } };
    };
    expect((await get()).extensions?.responseCache).toMatchObject({ hit: true });
    expect(total(gw.upstreamCalls())).toBe(0);
  });

  it('honours Cache-Control: no-cache: answers fresh and stores that answer', async () => {
    const bypasses = await cacheMetric(gw, 'bypass');
    await fresh(FOURHSE_LIST, { first: 9 });
    clock.advance(5_000);
    await fresh(FOURHSE_LIST, { first: 9 }, { ...auth(), 'cache-control': 'no-cache' });
    expect(await cacheMetric(gw, 'bypass')).toBe(bypasses + 1);
    clock.advance(1_000);
    // The fresh answer replaced the 5 s old one.
    expect(cacheOf(await cached(FOURHSE_LIST, { first: 9 }))).toEqual({ hit: true, ageMs: 1_000 });
  });

  it("lets a browser send Cache-Control (CORS preflight, from the sandbox's own origin)", async () => {
    const res = await fetch(`${gw.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: gw.url, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,cache-control,pragma' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-headers')).toBe('content-type, cache-control, pragma');
  });

  it('does not store an answer with a partial error', async () => {
    const stores = await cacheMetric(gw, 'store');
    gw.sandbox.springest.setFault({ kind: 'status', status: 503 });
    try {
      for (let i = 0; i < 2; i++) {
        gw.resetUpstreamCalls();
        const r = await gw.query(ALL, undefined, auth());
        expect(r.body.errors?.[0].extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', source: 'SPRINGEST' });
        expect(r.body.data.certificates.nodes.length).toBeGreaterThan(0);
        expect(cacheOf(r)).toEqual({ hit: false });
        expect(gw.upstreamCalls().FOURHSE).toBeGreaterThan(0);
      }
    } finally {
      gw.sandbox.springest.setFault(null);
    }
    expect(await cacheMetric(gw, 'store')).toBe(stores);
    // Once the source is back, the whole answer is stored.
    await fresh(ALL);
    await cached(ALL);
  });

  it('does not store an answer built on an upstream read another request had in flight', async () => {
    const stores = await cacheMetric(gw, 'store');
    const sim = gw.sandbox.fourhse;
    const lists = () => sim.requests.filter((r) => r.path.startsWith('/v2/certificate/index')).length;
    const before = lists();
    sim.latencyMs = 300;
    let first: Promise<GraphQLResponse>, second: Promise<GraphQLResponse>;
    try {
      first = gw.query(FOURHSE_LIST, { first: 11 }, auth());
      // The first request's list read has reached 4HSE and waits there: the second joins it.
      await eventually(() => lists() > before, { what: "the first request's 4HSE list read" });
      second = gw.query(FOURHSE_LIST, { first: 11 }, auth());
      const answers = await Promise.all([first, second]);
      expect(answers.map(cacheOf)).toEqual([{ hit: false }, { hit: false }]);
      expect(answers[1].body.data).toEqual(answers[0].body.data);
    } finally {
      sim.latencyMs = 0;
    }
    expect(lists()).toBe(before + 1);
    // The sender stored its answer; the request that joined its read did not.
    expect(await cacheMetric(gw, 'store')).toBe(stores + 1);
    await cached(FOURHSE_LIST, { first: 11 });
  });

  it('never caches source health (no change event tells when it changes)', async () => {
    for (let i = 0; i < 2; i++) expect(cacheOf(await gw.query(`{ sources { name healthy } }`, undefined, auth()))).toEqual({ hit: false });
  });

  it('a write through the gateway invalidates the answers that read its source, and only those', async () => {
    const before = await fresh(FOURHSE_LIST, { first: 500 });
    await fresh(ENSINIO_LIST);
    const name = `Cache write ${randomUUID()}`;
    const w = await gw.query(ISSUE, { input: fourhseInput(gw.sandbox, name) }, auth());
    expect(w.body.errors).toBeUndefined();
    // A mutation is never answered from (nor stored in) the cache.
    expect(cacheOf(w)).toBeUndefined();
    const after = await fresh(FOURHSE_LIST, { first: 500 });
    expect(after.body.data.certificates.totalCount).toBe(before.body.data.certificates.totalCount + 1);
    expect(after.body.data.certificates.nodes.map((n: { name: string }) => n.name)).toContain(name);
    await cached(ENSINIO_LIST);
  });

  it("a 4HSE webhook invalidates the answers that read 4HSE before it is answered", async () => {
    await fresh(FOURHSE_LIST, { first: 10 });
    await fresh(ENSINIO_LIST);
    const hook = await postWebhook(gw.url, SECRET, 'CERTIFICATE::CREATE', fourHseWebhookCertificate(gw.sandbox));
    expect(hook.status).toBe(200);
    await fresh(FOURHSE_LIST, { first: 10 });
    await cached(ENSINIO_LIST);
  });
});

describe('RESPONSE_CACHE_MAX_ENTRY_BYTES', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { RESPONSE_CACHE: '1', RESPONSE_CACHE_MAX_ENTRY_BYTES: '2000' } });
  });
  afterAll(() => gw?.stop());

  it('sends a larger answer but does not store it', async () => {
    const twice = async (first: number) => {
      const r = [await gw.query(FOURHSE_LIST, { first }), await gw.query(FOURHSE_LIST, { first })];
      expect(JSON.stringify(r[1].body.data).length > 2000).toBe(first > 1);
      return r.map((x) => cacheOf(x)?.hit);
    };
    expect(await twice(1)).toEqual([false, true]);
    expect(await twice(100)).toEqual([false, false]);
  });
});

describe('two replicas sharing one Redis', () => {
  let sandbox: Sandbox;
  let a: TestGateway;
  let b: TestGateway;

  beforeAll(async () => {
    sandbox = await startSandbox();
    const env = {
      RESPONSE_CACHE: '1',
      FOURHSE_WEBHOOK_SECRET: SECRET,
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      REDIS_KEY_PREFIX: `test:${randomUUID()}:`,
    };
    // A runs the pollers (their interval is the test's own pollOnce calls); B none.
    a = await startTestGateway({ sharedSandbox: sandbox, env, liveSources: { pollIntervalMs: 3_600_000, expiryIntervalMs: 3_600_000 } });
    b = await startTestGateway({ sharedSandbox: sandbox, env });
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await sandbox?.stop();
  });

  const calls = () => Object.fromEntries([...sandbox.simulators].map(([name, sim]) => [name, sim.requests.length]));
  /** `query` on `gw`: whether it was a hit, whether it called upstream, its data. */
  async function ask(gw: TestGateway, query: string, variables?: Record<string, unknown>) {
    const before = total(calls());
    const r = await gw.query(query, variables);
    expect(r.body.errors).toBeUndefined();
    return { hit: cacheOf(r)?.hit, upstream: total(calls()) - before, data: r.body.data };
  }
  /** Both replicas answer `query` from the cache (whoever stored it: Redis is shared). */
  async function warm(query: string, variables?: Record<string, unknown>) {
    await ask(a, query, variables);
    // The store is sent without waiting for Redis's reply: wait for it to be there.
    await eventually(async () => (await ask(b, query, variables)).hit === true, { what: 'the answer stored in Redis, seen by B' });
    expect(await ask(a, query, variables)).toMatchObject({ hit: true, upstream: 0 });
    expect(await ask(b, query, variables)).toMatchObject({ hit: true, upstream: 0 });
  }
  /** After a change: `first` answers fresh (the change made its answer stale), `second` the same data (perhaps from what `first` just stored). */
  async function freshAfterChange(first: TestGateway, second: TestGateway, query: string, variables?: Record<string, unknown>) {
    const one = await ask(first, query, variables);
    expect(one.hit).toBe(false);
    expect(one.upstream).toBeGreaterThan(0);
    expect((await ask(second, query, variables)).data).toEqual(one.data);
    return one.data;
  }

  it.each([
    ['A', 'B', () => [a, b]],
    ['B', 'A', () => [b, a]],
  ] as const)('a write through replica %s invalidates the answers of %s (and its own)', async (_w, _o, pair) => {
    const [writer, other] = pair();
    await warm(FOURHSE_LIST, { first: 500 });
    await warm(ENSINIO_LIST);
    const name = `Replica write ${randomUUID()}`;
    expect((await writer.query(ISSUE, { input: fourhseInput(sandbox, name) })).body.errors).toBeUndefined();
    const data = await freshAfterChange(other, writer, FOURHSE_LIST, { first: 500 });
    expect(data.certificates.nodes.map((n: { name: string }) => n.name)).toContain(name);
    // Ensinio was not written: its answers stand on both.
    expect(await ask(other, ENSINIO_LIST)).toMatchObject({ hit: true, upstream: 0 });
    expect(await ask(writer, ENSINIO_LIST)).toMatchObject({ hit: true, upstream: 0 });
  });

  it("4HSE's own webhook (a change made in 4HSE) received by B invalidates A's answers", async () => {
    await warm(FOURHSE_LIST, { first: 500 });
    const before = (await ask(a, FOURHSE_LIST, { first: 500 })).data;
    sandbox.fourhse.setWebhookTarget({ baseUrl: b.url, secret: SECRET });
    try {
      const sent = sandbox.fourhse.webhookDeliveries.length;
      sandbox.change('FOURHSE', 'create');
      await sandbox.fourhse.webhooksIdle();
      expect(sandbox.fourhse.webhookDeliveries.slice(sent).map((d) => d.status)).toEqual([200]);
    } finally {
      sandbox.fourhse.setWebhookTarget(null);
    }
    const data = await freshAfterChange(a, b, FOURHSE_LIST, { first: 500 });
    expect(data.certificates.totalCount).toBe(before.certificates.totalCount + 1);
  });

  it('a poll on A that found a change in Ensinio invalidates the answers of both (and until then they are served)', async () => {
    const poller = a.gateway.live!.pollers.get('ENSINIO')!;
    await poller.pollOnce(); // the baseline
    await warm(ENSINIO_LIST);
    await warm(FOURHSE_LIST, { first: 500 });
    const before = (await ask(b, ENSINIO_LIST)).data;
    sandbox.change('ENSINIO', 'create');
    // Not known yet: the cached answer is served (this is the staleness the README bounds by the polling interval).
    expect(await ask(b, ENSINIO_LIST)).toMatchObject({ hit: true, data: before });
    await poller.pollOnce();
    const after = await freshAfterChange(b, a, ENSINIO_LIST);
    expect(after.certificates.totalCount).toBe(before.certificates.totalCount + 1);
    expect(await ask(b, FOURHSE_LIST, { first: 500 })).toMatchObject({ hit: true, upstream: 0 });
  });
});

describe('gateways that answer differently do not share answers through Redis', () => {
  let sandbox: Sandbox;
  let a: TestGateway;
  let b: TestGateway;
  const prefix = `test:${randomUUID()}:`;

  beforeAll(async () => {
    sandbox = await startSandbox();
    const env = { RESPONSE_CACHE: '1', REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', REDIS_KEY_PREFIX: prefix };
    a = await startTestGateway({ sharedSandbox: sandbox, env: { ...env, EXPIRING_WITHIN_DAYS: '30' } });
    b = await startTestGateway({ sharedSandbox: sandbox, env: { ...env, EXPIRING_WITHIN_DAYS: '90' } });
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await sandbox?.stop();
  });

  it('another EXPIRING_WITHIN_DAYS is another key: B does not serve what A stored', async () => {
    const Redis = (await import('ioredis')).default;
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
    try {
      const answers = async () => (await redis.keys(`${prefix}rcache:*`)).filter((k) => !k.startsWith(`${prefix}rcache:gen:`) && k !== `${prefix}rcache:epoch`);
      expect(cacheOf(await a.query(FOURHSE_LIST, { first: 500 }))?.hit).toBe(false);
      await eventually(async () => (await answers()).length === 1, { what: "A's answer stored in Redis" });
      const fromB = await b.query(FOURHSE_LIST, { first: 500 });
      expect(fromB.body.errors).toBeUndefined();
      expect(cacheOf(fromB)?.hit).toBe(false);
      // B stored its own, under its own key; A still hits its own.
      await eventually(async () => (await answers()).length === 2, { what: "B's answer stored in Redis" });
      expect(cacheOf(await a.query(FOURHSE_LIST, { first: 500 }))?.hit).toBe(true);
    } finally {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    }
  });
});
