import { MAX_GRAPHQL_BODY_BYTES } from '../../src/server';
import { startTestGateway, type TestGateway } from '../helpers/gateway';

const KEY = 'k'.repeat(8) + Math.random().toString(36).slice(2).padEnd(16, 'x');
const OTHER_KEY = 'z'.repeat(24);

describe('HTTP surface', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(() => gw?.stop());

  it('/healthz answers while the process lives', async () => {
    const res = await fetch(`${gw.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('/readyz lists each source', async () => {
    await gw.query(`{ certificates(first: 1) { totalCount } }`);
    const res = await fetch(`${gw.url}/readyz`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.status).toBe('ready');
    expect(body.sources.map((s: any) => [s.source, s.configured, s.healthy])).toEqual([
      ['FOURHSE', true, true],
      ['SPRINGEST', true, true],
      ['ENSINIO', true, true],
      ['FALKOR', true, true],
    ]);
  });

  it('/metrics exposes GraphQL requests, upstream calls by source and status, and latency histograms', async () => {
    await gw.query(`{ certificates(first: 1) { totalCount } }`);
    const text = await (await fetch(`${gw.url}/metrics`)).text();
    expect(text).toMatch(/gateway_graphql_requests_total\{operation="query",operation_name="anonymous",outcome="ok"\} \d+/);
    for (const s of ['FOURHSE', 'SPRINGEST', 'ENSINIO', 'FALKOR']) {
      expect(text).toMatch(new RegExp(`gateway_upstream_requests_total\\{source="${s}",status="200"\\} \\d+`));
      expect(text).toMatch(new RegExp(`gateway_upstream_request_duration_seconds_bucket\\{le="0.05",source="${s}"\\} \\d+`));
    }
    expect(text).toMatch(/gateway_graphql_request_duration_seconds_count\{operation="query",operation_name="anonymous"\} \d+/);
  });

  it('refuses a request body over the limit before parsing it', async () => {
    const big = JSON.stringify({ query: `{ sources { name } }`, variables: { pad: 'x'.repeat(MAX_GRAPHQL_BODY_BYTES + 10) } });
    const res = await fetch(`${gw.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
    expect(res.status).toBe(413);
    expect((await res.json()).errors[0].message).toMatch(/larger than/);
    const after = await gw.query(`{ sources { name } }`);
    expect(after.status).toBe(200);
  });

  it('refuses a body that is not JSON', async () => {
    const res = await fetch(`${gw.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(res.status).toBe(400);
  });

  it('runs a query sent as a plain GET (as urql and CDNs send it: no preflight header), and still refuses a mutation over GET', async () => {
    const q = encodeURIComponent('{ certificates(first: 1) { totalCount } }');
    const res = await fetch(`${gw.url}/graphql?query=${q}`);
    expect(res.status).toBe(200);
    expect((await res.json()).data.certificates.totalCount).toBeGreaterThan(0);
    const before = gw.upstreamCalls();
    const m = encodeURIComponent('mutation { revokeCertificate(id: "x") { revoked } }');
    const refused = await fetch(`${gw.url}/graphql?query=${m}`);
    expect(refused.status).toBe(405);
    expect(gw.upstreamCalls()).toEqual(before);
  });

  it('sends a subscription over HTTP to the websocket with a clear 400', async () => {
    const before = gw.upstreamCalls();
    const res = await gw.query('subscription { certificateEvents { eventId } }');
    expect(res.status).toBe(400);
    expect(res.body.errors![0]).toMatchObject({ extensions: { code: 'BAD_REQUEST' } });
    expect(res.body.errors![0].message).toMatch(/websocket/);
    expect(gw.upstreamCalls()).toEqual(before);
  });

  it('serves GraphiQL and its assets from its own files', async () => {
    const page = await fetch(`${gw.url}/graphiql`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('/graphiql/assets/graphiql.min.js');
    expect(html).not.toMatch(/https?:\/\//);
    for (const asset of ['graphiql.min.js', 'graphiql.min.css', 'react.production.min.js', 'react-dom.production.min.js', 'app.js']) {
      const res = await fetch(`${gw.url}/graphiql/assets/${asset}`);
      expect(res.status).toBe(200);
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(100);
    }
    expect((await fetch(`${gw.url}/graphiql/assets/..%2F..%2Fpackage.json`)).status).toBe(404);
  });

  it('answers 404 on unknown paths', async () => {
    expect((await fetch(`${gw.url}/nope`)).status).toBe(404);
  });
});

describe('GATEWAY_API_KEYS', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { GATEWAY_API_KEYS: `${OTHER_KEY}, ${KEY}` } });
  });
  afterAll(() => gw?.stop());

  it.each([
    ['no Authorization header', {}],
    ['a wrong key', { authorization: `Bearer ${'q'.repeat(24)}` }],
    ['a key prefix', { authorization: `Bearer ${KEY.slice(0, -1)}` }],
    ['the key without Bearer', { authorization: KEY }],
  ])('answers 401 UNAUTHENTICATED with %s, calling no upstream', async (_name, headers) => {
    gw.resetUpstreamCalls();
    const res = await gw.query(`{ certificates(first: 1) { totalCount } }`, undefined, headers);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ errors: [{ message: expect.stringMatching(/API key/), extensions: { code: 'UNAUTHENTICATED' } }] });
    expect(gw.upstreamCalls()).toEqual({ FOURHSE: 0, SPRINGEST: 0, ENSINIO: 0, FALKOR: 0 });
  });

  it('accepts each configured key', async () => {
    for (const k of [KEY, OTHER_KEY]) {
      const res = await gw.query(`{ certificates(first: 1) { totalCount } }`, undefined, { authorization: `Bearer ${k}` });
      expect(res.status).toBe(200);
      expect(res.body.data.certificates.totalCount).toBeGreaterThan(0);
    }
  });

  it('leaves health, readiness and metrics open for the orchestrator', async () => {
    expect((await fetch(`${gw.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${gw.url}/metrics`)).status).toBe(200);
  });
});
