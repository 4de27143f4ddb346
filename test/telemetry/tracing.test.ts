import { randomBytes } from 'node:crypto';
import type { RecordedRequest } from '../../src/sandbox/sim-server';
import { eventually } from '../helpers/eventually';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../helpers/otlp-receiver';
import { subscribe } from '../helpers/subscriber';

/**
 * OpenTelemetry end to end: the real gateway over the four real simulators,
 * exporting OTLP/HTTP (JSON) to a real receiver on a socket.
 */
const SOURCES = ['FOURHSE', 'SPRINGEST', 'ENSINIO', 'FALKOR'];
const OTLP_SECRET = 'otlp-' + randomBytes(12).toString('hex');
const SERVER = 2;
const CLIENT = 3;

let otlp: OtlpReceiver;
let gw: TestGateway;

beforeAll(async () => {
  otlp = await startOtlpReceiver();
  gw = await startTestGateway({
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
      OTEL_SERVICE_NAME: 'gateway-under-test',
      OTEL_EXPORTER_OTLP_HEADERS: `authorization=Bearer%20${OTLP_SECRET}`,
    },
  });
});
afterAll(async () => {
  await gw?.stop();
  await otlp?.stop();
});

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const inTrace = (traceId: string) => otlp.spans.filter((s) => s.traceId === traceId);

/** The spans of a trace once the operation span (the last to end) has arrived. */
async function traceOf(traceId: string, operation: (s: ReceivedSpan) => boolean): Promise<ReceivedSpan[]> {
  await gw.gateway.flushTraces();
  await eventually(() => inTrace(traceId).some(operation), { what: `the operation span of trace ${traceId}` });
  return inTrace(traceId);
}

const QUERY = `query AllCertificates { certificates(first: 100) { totalCount nodes { id name holder { name } } } }`;

describe('tracing', () => {
  it('one certificates query over four sources: one operation span in the client trace, one child span per upstream request, traceparent sent upstream', async () => {
    const traceId = hex(16);
    const clientSpanId = hex(8);
    gw.resetUpstreamCalls();
    const marks = Object.fromEntries([...gw.sandbox.simulators].map(([name, sim]) => [name, sim.requests.length]));
    const logsBefore = gw.logs.length;
    const res = await fetch(`${gw.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: `00-${traceId}-${clientSpanId}-01`, tracestate: 'vendor=abc', 'x-request-id': 'req-trace-1' },
      body: JSON.stringify({ query: QUERY }),
    });
    const body = (await res.json()) as { data?: { certificates: { totalCount: number } }; errors?: unknown[] };
    expect(res.status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data!.certificates.totalCount).toBeGreaterThan(0);
    expect(res.headers.get('x-request-id')).toBe('req-trace-1');

    const calls = gw.upstreamCalls();
    for (const s of SOURCES) expect(calls[s]).toBeGreaterThan(0);

    const spans = await traceOf(traceId, (s) => s.kind === SERVER);
    const operations = spans.filter((s) => s.kind === SERVER);
    expect(operations).toHaveLength(1);
    const op = operations[0];
    expect(op).toMatchObject({
      name: 'AllCertificates',
      parentSpanId: clientSpanId,
      attributes: expect.objectContaining({ 'graphql.operation.name': 'AllCertificates', 'graphql.operation.type': 'query', 'gateway.outcome': 'ok', 'http.response.status_code': 200 }),
      resource: expect.objectContaining({ 'service.name': 'gateway-under-test' }),
    });

    // One CLIENT span per request each simulator received, with the source, method, route template and status.
    const upstream = spans.filter((s) => s.kind === CLIENT);
    for (const s of SOURCES) expect(upstream.filter((u) => u.attributes['gateway.source'] === s)).toHaveLength(calls[s]);
    for (const u of upstream) {
      expect(u.attributes).toMatchObject({ 'http.response.status_code': 200 });
      expect(String(u.attributes['http.request.method'])).toMatch(/^(GET|POST)$/);
      expect(String(u.attributes['url.template'])).toMatch(/^\/[^?]*$/);
      expect(u.name).toBe(`${u.attributes['http.request.method']} ${u.attributes['url.template']}`);
    }
    // Every upstream span descends from the operation span (through DataLoader batch spans).
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    for (const u of upstream) {
      let p = byId.get(u.parentSpanId);
      while (p && p !== op) p = byId.get(p.parentSpanId);
      expect(p).toBe(op);
    }
    // The list loaders' batches sit between the operation and the requests they make.
    expect(spans.map((s) => s.name)).toEqual(
      expect.arrayContaining(['dataloader FOURHSE.index', 'dataloader SPRINGEST.certificates', 'dataloader ENSINIO.pages', 'dataloader FALKOR.certificates']),
    );
    for (const s of ['SPRINGEST', 'FALKOR']) {
      const u = upstream.find((x) => x.attributes['gateway.source'] === s && x.attributes['url.template'] !== '/certifications.json')!;
      expect(byId.get(u.parentSpanId)?.name).toBe(`dataloader ${s}.certificates`);
    }

    // Each upstream request carried the trace, its parent being that request's own span.
    const sent = [...gw.sandbox.simulators].flatMap(([name, sim]) => sim.requests.slice(marks[name]) as RecordedRequest[]);
    expect(sent).toHaveLength(upstream.length);
    const parents = sent.map((r) => {
      const tp = String(r.headers.traceparent ?? '');
      expect(tp).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
      expect(r.headers.tracestate).toBe('vendor=abc');
      return tp.split('-')[2];
    });
    expect(new Set(parents)).toEqual(new Set(upstream.map((u) => u.spanId)));

    // The access log: one line at info, with the request id, the trace and the upstream calls.
    const lines = gw.logs.slice(logsBefore).map((l) => JSON.parse(l) as Record<string, unknown>);
    const access = lines.filter((l) => l.msg === 'graphql request');
    expect(access).toHaveLength(1);
    expect(access[0]).toMatchObject({
      level: 'info',
      request_id: 'req-trace-1',
      trace_id: traceId,
      span_id: op.spanId,
      operationName: 'AllCertificates',
      operationType: 'query',
      outcome: 'ok',
      status: 200,
      upstreamCalls: upstream.length,
      client: 'ip:127.0.0.1',
    });
    expect(access[0]).not.toHaveProperty('variables');
    // Lines written during the request (upstream calls at debug) carry its request id and trace.
    const upstreamLines = lines.filter((l) => l.msg === 'upstream request');
    expect(upstreamLines).toHaveLength(upstream.length);
    for (const l of upstreamLines) {
      expect(l).toMatchObject({ request_id: 'req-trace-1', trace_id: traceId });
      expect(upstream.map((u) => u.spanId)).toContain(l.span_id);
    }
  });

  it('exports with the configured headers, and never logs their secret', async () => {
    expect((await gw.query('{ __typename }')).status).toBe(200);
    await gw.gateway.flushTraces();
    await eventually(() => otlp.exportHeaders.length > 0, { what: 'an export' });
    expect(otlp.exportHeaders[0].authorization).toBe(`Bearer ${OTLP_SECRET}`);
    expect(otlp.rejected).toEqual([]);
    expect(gw.logs.join('\n')).not.toContain(OTLP_SECRET);
  });

  it('a malformed traceparent is ignored: the request succeeds in a trace of its own', async () => {
    const before = new Set(otlp.spans.map((s) => s.traceId));
    const res = await gw.query('query Bad { __typename }', undefined, { traceparent: '00-zzzz-not-a-trace-01', 'x-request-id': 'has spaces and is refused' });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    await gw.gateway.flushTraces();
    await eventually(() => otlp.spans.some((s) => s.name === 'Bad' && !before.has(s.traceId)), { what: 'the span of Bad' });
    const span = otlp.spans.find((s) => s.name === 'Bad')!;
    expect(span.parentSpanId).toBe('');
    expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
    // The unusable request id was replaced by a generated one.
    const line = gw.logs.map((l) => JSON.parse(l)).find((l) => l.msg === 'graphql request' && l.operationName === 'Bad');
    expect(line.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(line.trace_id).toBe(span.traceId);
  });

  it('an upstream failure marks its span and the operation (partial) and still answers', async () => {
    gw.sandbox.falkor.setFault({ kind: 'status', status: 503, times: 1 });
    const traceId = hex(16);
    const res = await gw.query('query Partial { certificates(first: 5) { totalCount } }', undefined, { traceparent: `00-${traceId}-${hex(8)}-01` });
    expect(res.status).toBe(200);
    const spans = await traceOf(traceId, (s) => s.kind === SERVER);
    const failed = spans.filter((s) => s.kind === CLIENT && s.attributes['gateway.source'] === 'FALKOR');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]).toMatchObject({ status: 2, attributes: expect.objectContaining({ 'http.response.status_code': 503, 'error.type': 'UPSTREAM_UNAVAILABLE' }) });
    expect(spans.find((s) => s.kind === SERVER)!.attributes['gateway.outcome']).toBe('partial');
  });

  it('a subscription has its span for as long as it runs', async () => {
    const sub = subscribe(gw.url, {}, undefined, 'subscription Watch { certificateEvents { eventId } }');
    await eventually(async () => (await (await fetch(`${gw.url}/metrics`)).text()).includes('gateway_subscriptions_active 1'), { what: 'the subscription to start' });
    await sub.close();
    // The span ends when the server sees the socket close; then it is flushed.
    await eventually(
      async () => {
        await gw.gateway.flushTraces();
        return otlp.spans.some((s) => s.name === 'Watch');
      },
      { what: 'the span of the subscription' },
    );
    await eventually(async () => (await (await fetch(`${gw.url}/metrics`)).text()).includes('gateway_subscriptions_active 0'), { what: 'the gauge back to 0' });
    const ended = gw.logs.map((l) => JSON.parse(l)).find((l) => l.msg === 'graphql subscription ended' && l.operationName === 'Watch');
    expect(ended).toMatchObject({ level: 'info', operationType: 'subscription', transport: 'websocket', events: 0, client: 'ip:127.0.0.1' });
    expect(otlp.spans.find((s) => s.name === 'Watch')).toMatchObject({ kind: SERVER, attributes: expect.objectContaining({ 'graphql.operation.type': 'subscription', 'network.protocol.name': 'websocket' }) });
  });
});

describe('sampling', () => {
  it('parentbased_always_off: a root operation is not exported, one whose client sampled it is', async () => {
    const sampled = await startTestGateway({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url, OTEL_SERVICE_NAME: 'sampled-gw', OTEL_TRACES_SAMPLER: 'parentbased_always_off' } });
    const traceId = hex(16);
    try {
      expect((await sampled.query('query Unsampled { __typename }')).status).toBe(200);
      expect((await sampled.query('query Sampled { __typename }', undefined, { traceparent: `00-${traceId}-${hex(8)}-01` })).status).toBe(200);
    } finally {
      await sampled.stop(); // flushes whatever was sampled
    }
    const mine = otlp.spans.filter((s) => s.resource['service.name'] === 'sampled-gw');
    expect(mine.map((s) => s.name)).toEqual(['Sampled']);
    expect(mine[0].traceId).toBe(traceId);
  });
});

describe('tracing off (no OTLP endpoint)', () => {
  it('sends no traceparent upstream, yet keeps request ids and the access log', async () => {
    const plain = await startTestGateway();
    try {
      plain.resetUpstreamCalls();
      const res = await fetch(`${plain.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', traceparent: `00-${hex(16)}-${hex(8)}-01` },
        body: JSON.stringify({ query: QUERY }),
      });
      expect(res.status).toBe(200);
      const id = res.headers.get('x-request-id');
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      const sent = [...plain.sandbox.simulators.values()].flatMap((s) => s.requests as RecordedRequest[]);
      expect(sent.length).toBeGreaterThan(0);
      for (const r of sent) expect(r.headers.traceparent).toBeUndefined();
      const access = plain.logs.map((l) => JSON.parse(l)).filter((l) => l.msg === 'graphql request');
      expect(access).toHaveLength(1);
      expect(access[0]).toMatchObject({ level: 'info', request_id: id, operationName: 'AllCertificates', upstreamCalls: sent.length });
      expect(access[0]).not.toHaveProperty('trace_id');
    } finally {
      await plain.stop();
    }
  });
});
