import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Tracer } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { systemClock } from '../../src/clock';
import { HealthTracker } from '../../src/connectors/health';
import { createHttpClient, type HttpClient, type HttpRequest, type RequestOptions } from '../../src/connectors/http';
import { createUndiciFetch } from '../../src/connectors/undici-fetch';
import { GatewayError } from '../../src/errors';
import { createLogger, createSecrets } from '../../src/logger';
import { createMetrics, type Metrics } from '../../src/metrics';
import { runInScope, type RequestScope } from '../../src/request-scope';
import { eventually } from '../helpers/eventually';

/**
 * Upstreams that close kept-alive connections (issue 11, item 10): real HTTP
 * servers on port 0, the real keep-alive fetch and HTTP client.
 */
interface Upstream {
  server: Server;
  url: string;
  /** Requests received, in order, with the connection (1-based) each came on. */
  requests: { method: string; path: string; connection: number }[];
  connections: number;
  closedConnections: number;
  close(): Promise<void>;
}

/** `handle` answers a request; it gets the request's index on its connection (1 for the first). */
async function upstream(handle: (req: IncomingMessage, res: ServerResponse, nthOnConnection: number) => void, keepAliveTimeoutMs = 60_000): Promise<Upstream> {
  const perSocket = new WeakMap<Socket, { id: number; n: number }>();
  const sockets = new Set<Socket>();
  const u = { requests: [], connections: 0, closedConnections: 0 } as unknown as Upstream;
  const server = createServer((req, res) => {
    const s = perSocket.get(req.socket)!;
    s.n++;
    u.requests.push({ method: req.method!, path: req.url!, connection: s.id });
    req.resume();
    handle(req, res, s.n);
  });
  server.keepAliveTimeout = keepAliveTimeoutMs;
  server.on('connection', (socket) => {
    perSocket.set(socket, { id: ++u.connections, n: 0 });
    sockets.add(socket);
    socket.once('close', () => {
      sockets.delete(socket);
      u.closedConnections++;
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  u.server = server;
  u.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  u.close = () =>
    new Promise<void>((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    });
  return u;
}

const ok = (res: ServerResponse) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{"ok":true}');
};

const leftovers: (() => unknown)[] = [];
afterEach(async () => {
  for (const l of leftovers.splice(0)) await l();
});

function client(u: Upstream, fetchOpts: Parameters<typeof createUndiciFetch>[0] = {}, tracer: Tracer | null = null): { http: HttpClient; metrics: Metrics; logs: string[] } {
  const fetchImpl = createUndiciFetch(fetchOpts);
  leftovers.push(() => fetchImpl.destroy());
  const secrets = createSecrets([]);
  const logs: string[] = [];
  const metrics = createMetrics();
  const http = createHttpClient({
    source: 'SPRINGEST',
    baseUrl: u.url,
    fetch: fetchImpl,
    timeoutMs: 5000,
    redact: secrets.redact,
    logger: createLogger({ level: 'debug', secrets, write: (l) => logs.push(l) }),
    metrics,
    health: new HealthTracker('SPRINGEST', true, systemClock),
    tracer,
  });
  return { http, metrics, logs };
}

/**
 * undici hands a finished connection back to its pool on the next turn of the
 * event loop (after checking it for a pending close): a request sent at once
 * opens another connection instead. Tests that need the next request on the
 * kept-alive connection wait for that turn.
 */
const backInPool = () => new Promise<void>((r) => setImmediate(r));

const retries = async (m: Metrics) => (await m.upstreamRetries.get()).values.map((v) => ({ ...v.labels, value: v.value }));

/** Answers the first request of each connection, and destroys the connection on its second without answering a byte. */
const resetsSecondRequest = (req: IncomingMessage, res: ServerResponse, n: number) => (n >= 2 ? req.socket.destroy() : ok(res));

it('a read on a reused connection that the upstream resets before answering is retried once on a fresh one, and counted', async () => {
  const u = await upstream(resetsSecondRequest);
  leftovers.push(() => u.close());
  const { http, metrics } = client(u);

  expect((await http.request({ method: 'GET', path: '/a' })).body).toEqual({ ok: true });
  await backInPool();
  const second = await http.request({ method: 'GET', path: '/b' });

  expect(second.body).toEqual({ ok: true });
  // /b went out on the kept-alive connection 1 (reset), then again on connection 2.
  expect(u.requests).toEqual([
    { method: 'GET', path: '/a', connection: 1 },
    { method: 'GET', path: '/b', connection: 1 },
    { method: 'GET', path: '/b', connection: 2 },
  ]);
  expect(await retries(metrics)).toEqual([{ source: 'SPRINGEST', reason: 'econnreset', value: 1 }]);
});

it('a write (POST) on a reused connection that is reset is never retried: UPSTREAM_UNAVAILABLE, sent once', async () => {
  const u = await upstream(resetsSecondRequest);
  leftovers.push(() => u.close());
  const { http, metrics } = client(u);

  await http.request({ method: 'POST', path: '/w', json: { n: 1 } });
  await backInPool();
  const err = await http.request({ method: 'POST', path: '/w', json: { n: 2 } }).catch((e: unknown) => e);

  expect(err).toBeInstanceOf(GatewayError);
  expect((err as GatewayError).extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', source: 'SPRINGEST', reason: 'NETWORK' });
  expect(u.requests.map((r) => [r.method, r.connection])).toEqual([
    ['POST', 1],
    ['POST', 1],
  ]);
  expect(await retries(metrics)).toEqual([]);
});

it('a read reset on a FRESH connection is not retried (the upstream really failed)', async () => {
  const u = await upstream((req) => req.socket.destroy());
  leftovers.push(() => u.close());
  const { http, metrics } = client(u);

  const err = await http.request({ method: 'GET', path: '/a' }).catch((e: unknown) => e);

  expect((err as GatewayError).extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', reason: 'NETWORK' });
  expect(u.requests).toHaveLength(1);
  expect(await retries(metrics)).toEqual([]);
});

it('an upstream that closes idle keep-alive connections quickly (keepAliveTimeout 200 ms) causes no failure on the next read', async () => {
  const u = await upstream((_req, res) => ok(res), 200);
  leftovers.push(() => u.close());
  const { http, metrics } = client(u);

  await http.request({ method: 'GET', path: '/a' });
  // The upstream closes the idle connection on its own schedule.
  await eventually(() => u.closedConnections === 1, { what: 'the upstream to close the idle connection' });
  const next = await http.request({ method: 'GET', path: '/b' });

  expect(next.body).toEqual({ ok: true });
  expect(u.requests.map((r) => r.connection)).toEqual([1, 2]);
  expect(await retries(metrics)).toEqual([]);
});

it('the gateway closes a kept-alive socket idle past its idle timeout itself, before the upstream does', async () => {
  // The upstream would keep it for a minute.
  const u = await upstream((_req, res) => ok(res), 60_000);
  leftovers.push(() => u.close());
  const { http } = client(u, { idleSocketMs: 100 });

  await http.request({ method: 'GET', path: '/a' });
  await eventually(() => u.closedConnections === 1, { what: 'the gateway to close its idle socket' });
  await http.request({ method: 'GET', path: '/b' });

  expect(u.requests.map((r) => r.connection)).toEqual([1, 2]);
});

it('the idle timeout does not cut a request whose answer takes longer than it', async () => {
  let answer: (() => void) | undefined;
  const u = await upstream((_req, res) => (answer = () => ok(res)));
  leftovers.push(() => u.close());
  const { http } = client(u, { idleSocketMs: 50 });

  const pending = http.request({ method: 'GET', path: '/slow' });
  await eventually(() => answer !== undefined, { what: 'the request to arrive' });
  // Answer well after the idle timeout has passed while the request was active.
  const timer = setTimeout(() => answer!(), 300);
  leftovers.push(() => clearTimeout(timer));

  expect((await pending).body).toEqual({ ok: true });
  expect(u.closedConnections).toBe(0);
});

describe('reads sent as POST, writes, and the fresh connection of the retry', () => {
  it.each<[string, HttpRequest, RequestOptions]>([
    // The 4HSE and Falkor list reads: POSTs marked `shared`, which means a read.
    ['a shared POST list read', { method: 'POST', path: '/v2/certificate/index', json: { page: 2 } }, { shared: true }],
    // The 4HSE OAuth token fetch: a form POST marked idempotent.
    ['an idempotent form POST (token fetch)', { method: 'POST', path: '/token', form: new URLSearchParams({ grant_type: 'password' }) }, { idempotent: true }],
  ])('%s on a reused connection reset before any answer is retried once on a fresh connection and succeeds', async (_name, req, reqOpts) => {
    const u = await upstream(resetsSecondRequest);
    leftovers.push(() => u.close());
    const { http, metrics } = client(u);

    await http.request({ ...req, path: '/warm-up' }, reqOpts);
    await backInPool();
    const res = await http.request(req, reqOpts);

    expect(res.body).toEqual({ ok: true });
    expect(u.requests).toEqual([
      { method: 'POST', path: '/warm-up', connection: 1 },
      { method: 'POST', path: req.path, connection: 1 },
      { method: 'POST', path: req.path, connection: 2 },
    ]);
    expect(await retries(metrics)).toEqual([{ source: 'SPRINGEST', reason: 'econnreset', value: 1 }]);
  });

  it.each<[string, HttpRequest, RequestOptions]>([
    ['a POST create', { method: 'POST', path: '/v2/certificate/create', json: { n: 2 } }, {}],
    ['a PUT update (404 as null)', { method: 'PUT', path: '/v2/certificate/update/1', json: { n: 2 } }, { notFoundAsNull: true }],
    ['a DELETE revoke (404 as null)', { method: 'DELETE', path: '/v2/certificate/delete/1' }, { notFoundAsNull: true }],
    ['a shared POST explicitly marked not idempotent', { method: 'POST', path: '/x', json: { n: 2 } }, { shared: true, idempotent: false }],
  ])('%s on a reused connection reset before any answer is sent once: UPSTREAM_UNAVAILABLE, no retry', async (_name, req, reqOpts) => {
    const u = await upstream(resetsSecondRequest);
    leftovers.push(() => u.close());
    const { http, metrics } = client(u);

    await http.request({ method: 'GET', path: '/warm-up' });
    await backInPool();
    const err = await http.request(req, reqOpts).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(GatewayError);
    expect((err as GatewayError).extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', source: 'SPRINGEST', reason: 'NETWORK' });
    expect(u.requests.map((r) => [r.method, r.connection])).toEqual([
      ['GET', 1],
      [req.method, 1],
    ]);
    expect(await retries(metrics)).toEqual([]);
  });

  it('with SEVERAL pooled sockets all stale, a read succeeds with exactly one retry: the retry goes out on a new connection, not another pooled socket', async () => {
    // The first request of each connection waits until three have arrived (so the
    // agent opens three connections and then keeps three free sockets); every
    // request on a reused connection is reset before any answer.
    const held: ServerResponse[] = [];
    const u = await upstream((_req, res, n) => {
      if (n >= 2) return void res.socket!.destroy();
      held.push(res);
      if (held.length === 3) for (const r of held) ok(r);
      // Connections after the first three answer at once.
      if (held.length > 3) ok(res);
    });
    leftovers.push(() => u.close());
    const { http, metrics } = client(u);

    await Promise.all([1, 2, 3].map((i) => http.request({ method: 'GET', path: `/warm-up/${i}` })));
    expect(u.connections).toBe(3);
    await backInPool();
    const res = await http.request({ method: 'POST', path: '/v1/logs/story-certificates', json: { ids: [1] } }, { shared: true });

    expect(res.body).toEqual({ ok: true });
    // Sent on one of the three pooled (stale) sockets, reset; then once on connection 4.
    const after = u.requests.slice(3);
    expect(after).toHaveLength(2);
    expect(after[0]).toMatchObject({ method: 'POST', path: '/v1/logs/story-certificates' });
    expect(after[0].connection).toBeLessThanOrEqual(3);
    expect(after[1]).toEqual({ method: 'POST', path: '/v1/logs/story-certificates', connection: 4 });
    expect(await retries(metrics)).toEqual([{ source: 'SPRINGEST', reason: 'econnreset', value: 1 }]);
  });

  it("the retry counts as an upstream request: in the request's scope, in gateway_upstream_requests_total, and as http.request.resend_count on the span", async () => {
    const u = await upstream(resetsSecondRequest);
    leftovers.push(() => u.close());
    const exporter = new InMemorySpanExporter();
    const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
    leftovers.push(() => provider.shutdown());
    const { http, metrics } = client(u, {}, provider.getTracer('test'));
    const scope: RequestScope = { requestId: 'r1', clientId: 'ip:test', tracer: null, upstreamCalls: 0 };

    await runInScope(scope, async () => {
      await http.request({ method: 'GET', path: '/a' });
      await backInPool();
      await http.request({ method: 'POST', path: '/b', json: {} }, { shared: true });
    });
    await provider.forceFlush();

    // /a, /b (reset), /b again.
    expect(u.requests).toHaveLength(3);
    expect(scope.upstreamCalls).toBe(3);
    const requests = (await metrics.upstreamRequests.get()).values.map((v) => ({ ...v.labels, value: v.value }));
    expect(requests).toEqual(
      expect.arrayContaining([
        { source: 'SPRINGEST', status: '200', value: 2 },
        { source: 'SPRINGEST', status: 'network', value: 1 },
      ]),
    );
    expect(requests).toHaveLength(2);
    const durations = (await metrics.upstreamDuration.get()).values.find((v) => v.metricName === 'gateway_upstream_request_duration_seconds_count');
    expect(durations?.value).toBe(3);
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => [s.name, s.attributes['http.request.resend_count'], s.attributes['http.response.status_code']])).toEqual([
      ['GET /a', undefined, 200],
      ['POST /b', 1, 200],
    ]);
  });
});
