import WebSocket from 'ws';
import { MAX_OPERATION_NAMES } from '../../src/metrics';
import { eventually } from '../helpers/eventually';
import { startTestGateway, type TestGateway } from '../helpers/gateway';

/** /metrics as operators scrape it: operation names of bounded cardinality, gauges, METRICS_PORT. */
let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw?.stop();
});

const scrape = async (url = gw.url) => (await fetch(`${url}/metrics`)).text();
/** The value of one series, or undefined when absent. */
const valueOf = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};
const requests = (labels: string) => `gateway_graphql_requests_total{${labels}}`;

describe('metrics by operation name', () => {
  it('labels validated operations by name, anonymous ones as "anonymous", and never a name from a document that did not validate', async () => {
    expect((await gw.query('query CountThem { __typename }')).status).toBe(200);
    expect((await gw.query('{ __typename }')).status).toBe(200);
    const invalid = await gw.query('query NotInTheSchema { noSuchField }');
    expect(invalid.status).toBe(400);
    const text = await scrape();
    expect(valueOf(text, requests('operation="query",operation_name="CountThem",outcome="ok"'))).toBe(1);
    expect(valueOf(text, requests('operation="query",operation_name="anonymous",outcome="ok"'))).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain('NotInTheSchema');
    expect(valueOf(text, requests('operation="unknown",operation_name="unknown",outcome="error"'))).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/gateway_graphql_request_duration_seconds_count\{operation="query",operation_name="CountThem"\} 1/);
  });

  it(`keeps at most ${MAX_OPERATION_NAMES} distinct names; later new names count as "other"`, async () => {
    for (let i = 0; i < MAX_OPERATION_NAMES + 5; i++) expect((await gw.query(`query Op${i} { __typename }`)).status).toBe(200);
    const text = await scrape();
    const names = new Set([...text.matchAll(/gateway_graphql_requests_total\{[^}]*operation_name="([^"]+)"/g)].map((m) => m[1]));
    expect(names.has('other')).toBe(true);
    expect([...names].filter((n) => n !== 'other' && n !== 'anonymous' && n !== 'unknown').length).toBe(MAX_OPERATION_NAMES);
    expect(valueOf(text, requests('operation="query",operation_name="other",outcome="ok"'))).toBeGreaterThanOrEqual(5);
    // A name already known keeps its own label.
    expect((await gw.query('query CountThem { __typename }')).status).toBe(200);
    expect(valueOf(await scrape(), requests('operation="query",operation_name="CountThem",outcome="ok"'))).toBe(2);
  });
});

describe('gauges', () => {
  it('counts open websockets', async () => {
    const before = valueOf(await scrape(), 'gateway_websockets_open')!;
    const ws = new WebSocket(`${gw.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    await eventually(async () => valueOf(await scrape(), 'gateway_websockets_open') === before + 1, { what: 'the open socket counted' });
    ws.close();
    await eventually(async () => valueOf(await scrape(), 'gateway_websockets_open') === before, { what: 'the closed socket uncounted' });
  });

  it('shows each source healthy (1) or not (0)', async () => {
    gw.sandbox.falkor.setFault({ kind: 'status', status: 503 });
    try {
      await gw.query('{ certificates(first: 1) { totalCount } }');
      const text = await scrape();
      expect(valueOf(text, 'gateway_source_healthy{source="FALKOR"}')).toBe(0);
      expect(valueOf(text, 'gateway_source_healthy{source="ENSINIO"}')).toBe(1);
    } finally {
      gw.sandbox.falkor.setFault(null);
    }
    await gw.query('{ certificates(first: 1) { totalCount } }');
    expect(valueOf(await scrape(), 'gateway_source_healthy{source="FALKOR"}')).toBe(1);
  });

  it('counts hits and misses of the reference-data cache', async () => {
    gw.gateway.invalidateCaches();
    const q = '{ certificates(first: 3, filter: { sources: [SPRINGEST] }) { nodes { certification { name } } } }';
    const before = await scrape();
    const miss0 = valueOf(before, 'gateway_cache_lookups_total{cache="springest_certifications",result="miss"}') ?? 0;
    const hit0 = valueOf(before, 'gateway_cache_lookups_total{cache="springest_certifications",result="hit"}') ?? 0;
    expect((await gw.query(q)).body.errors).toBeUndefined();
    expect((await gw.query(q)).body.errors).toBeUndefined();
    const after = await scrape();
    expect(valueOf(after, 'gateway_cache_lookups_total{cache="springest_certifications",result="miss"}')).toBe(miss0 + 1);
    expect(valueOf(after, 'gateway_cache_lookups_total{cache="springest_certifications",result="hit"}')).toBeGreaterThan(hit0);
  });

  it('shows the last successful poll of each polled source', async () => {
    const live = await startTestGateway({ liveSources: { pollIntervalMs: 3_600_000, expiryIntervalMs: 3_600_000 } });
    try {
      const started = Date.now() / 1000;
      await eventually(
        async () => {
          const text = await scrape(live.url);
          for (const s of ['SPRINGEST', 'ENSINIO', 'FALKOR']) expect(valueOf(text, `gateway_source_last_successful_poll_seconds{source="${s}"}`)).toBeGreaterThanOrEqual(Math.floor(started) - 60);
        },
        { what: 'a poll of each polled source' },
      );
      // 4HSE pushes webhooks: it is not polled, so it has no such series.
      expect(await scrape(live.url)).not.toContain('gateway_source_last_successful_poll_seconds{source="FOURHSE"}');
    } finally {
      await live.stop();
    }
  });
});

describe('METRICS_PORT', () => {
  it('serves /metrics on its own listener and answers 404 for it on the public port', async () => {
    const own = await startTestGateway({ env: { METRICS_PORT: '0' } });
    try {
      expect(own.gateway.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(own.gateway.metricsUrl).not.toBe(own.url);
      await own.query('query Seen { __typename }');
      const res = await fetch(`${own.gateway.metricsUrl}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await res.text()).toMatch(/gateway_graphql_requests_total\{operation="query",operation_name="Seen",outcome="ok"\} 1/);
      expect((await fetch(`${own.url}/metrics`)).status).toBe(404);
      expect((await fetch(`${own.gateway.metricsUrl}/graphql`)).status).toBe(404);
      // The public port still answers everything else.
      expect((await fetch(`${own.url}/healthz`)).status).toBe(200);
    } finally {
      await own.stop();
    }
  });
});
