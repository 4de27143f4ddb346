import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from '../../src/clock';
import { HealthTracker } from '../../src/connectors/health';
import { createHttpClient, type HttpClient } from '../../src/connectors/http';
import { createUndiciFetch } from '../../src/connectors/undici-fetch';
import { GatewayError } from '../../src/errors';
import { createLogger, createSecrets } from '../../src/logger';
import { createMetrics } from '../../src/metrics';

/** A real upstream of a few lines: answers what `reply` says, after `delayMs`, and counts requests. */
let server: Server;
let url: string;
let hits = 0;
let reply: { status: number; body: string; headers?: Record<string, string> } = { status: 200, body: '{"ok":true}' };
let delayMs = 0;
let open = 0;
let mostOpen = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    hits++;
    open++;
    mostOpen = Math.max(mostOpen, open);
    res.once('finish', () => open--);
    req.resume();
    setTimeout(() => {
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(reply.body);
    }, delayMs);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

const fetchImpl = createUndiciFetch();
afterAll(() => fetchImpl.destroy());

function client(extra: { timeoutMs?: number; shareInflight?: boolean; maxConcurrent?: number; fetch?: typeof fetchImpl; clock?: Clock } = {}): { http: HttpClient; health: HealthTracker; logs: string[] } {
  const secrets = createSecrets(['s3cr3t-key-value']);
  const logs: string[] = [];
  const health = new HealthTracker('SPRINGEST', true, systemClock);
  const http = createHttpClient({
    source: 'SPRINGEST',
    baseUrl: url,
    fetch: extra.fetch ?? fetchImpl,
    timeoutMs: extra.timeoutMs ?? 2000,
    errorMessage: (b) => (b as { error?: string })?.error,
    redact: secrets.redact,
    logger: createLogger({ level: 'debug', secrets, write: (l) => logs.push(l) }),
    metrics: createMetrics(),
    health,
    shareInflight: extra.shareInflight,
    maxConcurrent: extra.maxConcurrent,
    clock: extra.clock,
  });
  return { http, health, logs };
}

const error = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(GatewayError);
    return e as GatewayError;
  }
  throw new Error('expected an error');
};

beforeEach(() => {
  hits = 0;
  delayMs = 0;
  reply = { status: 200, body: '{"ok":true}' };
});

describe('the shared HTTP client', () => {
  it('shares one identical read in flight, not one that comes later', async () => {
    const { http } = client();
    delayMs = 50;
    const req = { method: 'GET' as const, path: '/x', query: { api_key: 's3cr3t-key-value', email: 'a@b' } };
    const [a, b, c] = await Promise.all([http.request(req, { shared: true }), http.request(req, { shared: true }), http.request({ ...req, query: { email: 'other' } }, { shared: true })]);
    expect(hits).toBe(2);
    expect(a.body).toBe(b.body);
    expect(c.body).toEqual({ ok: true });
    await http.request(req, { shared: true });
    expect(hits).toBe(3);
  });

  it('does not share writes, nor anything when sharing is off', async () => {
    const { http } = client();
    await Promise.all([http.request({ method: 'POST', path: '/w', json: { a: 1 } }), http.request({ method: 'POST', path: '/w', json: { a: 1 } })]);
    expect(hits).toBe(2);
    const off = client({ shareInflight: false }).http;
    await Promise.all([off.request({ method: 'GET', path: '/x' }, { shared: true }), off.request({ method: 'GET', path: '/x' }, { shared: true })]);
    expect(hits).toBe(4);
  });

  it.each([
    [{ status: 503, body: '{}' }, { code: 'UPSTREAM_UNAVAILABLE', source: 'SPRINGEST', status: 503 }],
    [{ status: 401, body: '{"error":"Invalid API key s3cr3t-key-value"}' }, { code: 'UPSTREAM_UNAVAILABLE', status: 401 }],
    [{ status: 429, body: '{}', headers: { 'retry-after': '42' } }, { code: 'RATE_LIMITED', retryAfter: 42 }],
    [{ status: 429, body: '{}' }, { code: 'RATE_LIMITED', retryAfter: 60 }],
    [{ status: 422, body: '{"error":"created_from is not a date"}' }, { code: 'UPSTREAM_REJECTED', upstreamMessage: 'created_from is not a date' }],
    [{ status: 404, body: '{"error":"nope"}' }, { code: 'UPSTREAM_REJECTED', status: 404 }],
    [{ status: 200, body: '{"truncated": ' }, { code: 'UPSTREAM_UNAVAILABLE', reason: 'MALFORMED' }],
  ])('maps %p once, to %p', async (r, extensions) => {
    const { http, health, logs } = client();
    reply = r;
    const e = await error(http.request({ method: 'GET', path: '/x', query: { api_key: 's3cr3t-key-value' } }));
    expect(e.extensions).toMatchObject(extensions);
    expect(e.message.startsWith('SPRINGEST')).toBe(true);
    expect(e.message + logs.join('\n')).not.toContain('s3cr3t-key-value');
    if (extensions.code !== 'UPSTREAM_REJECTED') expect(health.snapshot().healthy).toBe(false);
  });

  it('reads a Retry-After date against the injected clock', async () => {
    const clock: Clock = { now: () => new Date('2031-05-06T07:00:00Z') };
    const { http } = client({ clock });
    reply = { status: 429, body: '{}', headers: { 'retry-after': new Date('2031-05-06T07:02:30Z').toUTCString() } };
    expect((await error(http.request({ method: 'GET', path: '/x' }))).extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 150 });
  });

  it("says why a 403 was refused (a feature the plan disables), without secrets or URLs", async () => {
    const { http } = client();
    reply = { status: 403, body: '{"error":"Recurso desabilitado no seu plano; veja https://x.example/planos?api_key=s3cr3t-key-value"}' };
    const e = await error(http.request({ method: 'GET', path: '/x' }));
    expect(e.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', status: 403 });
    expect(e.message).toMatch(/HTTP 403\): Recurso desabilitado no seu plano; veja \[URL\]/);
    expect(e.message).not.toContain('s3cr3t');
  });

  it.each([
    ['with a content-length', { 'content-length': String(Buffer.byteLength(JSON.stringify({ data: 'x'.repeat(200 * 1024) }))) }],
    ['chunked, with no length given', { 'transfer-encoding': 'chunked' }],
  ])('cuts off an answer over the size limit (%s): UPSTREAM_UNAVAILABLE, reason TOO_LARGE, and serves the next', async (_n, headers) => {
    const small = createUndiciFetch({ maxResponseBytes: 64 * 1024 });
    try {
      const { http } = client({ fetch: small });
      reply = { status: 200, body: JSON.stringify({ data: 'x'.repeat(200 * 1024) }), headers };
      const e = await error(http.request({ method: 'GET', path: '/big' }));
      expect(e.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', source: 'SPRINGEST', reason: 'TOO_LARGE' });
      reply = { status: 200, body: '{"ok":true}' };
      expect((await http.request({ method: 'GET', path: '/small' })).body).toEqual({ ok: true });
    } finally {
      small.destroy();
    }
  });

  it('keeps at most maxConcurrent requests open against a source; the rest wait their turn', async () => {
    const { http } = client({ timeoutMs: 5000, maxConcurrent: 4 });
    delayMs = 20;
    mostOpen = 0;
    const all = await Promise.all(Array.from({ length: 40 }, (_, i) => http.request({ method: 'GET', path: '/page', query: { page: i } })));
    expect(all.every((r) => r.status === 200)).toBe(true);
    expect(hits).toBe(40);
    expect(mostOpen).toBe(4);
  });

  it('counts the wait for a slot in the timeout: behind a hung upstream, queued requests time out too, and free their place', async () => {
    const { http } = client({ timeoutMs: 300, maxConcurrent: 2 });
    delayMs = 1_000; // hung, as far as a 300 ms timeout can tell
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => http.request({ method: 'GET', path: '/hung', query: { i } })));
    for (const r of results) {
      expect(r.status).toBe('rejected');
      expect((r as PromiseRejectedResult).reason.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', reason: 'TIMEOUT' });
    }
    // The first two held the slots until their deadline; the next two may catch a freed slot in the same
    // instant, but the last two, behind hung requests, gave up in the queue (without the deadline there: 6).
    expect(hits).toBeGreaterThanOrEqual(2);
    expect(hits).toBeLessThanOrEqual(4);
    // And the slots are free again.
    delayMs = 0;
    expect((await http.request({ method: 'GET', path: '/after' })).status).toBe(200);
  });

  it('answers a 404 as null when asked to', async () => {
    reply = { status: 404, body: '{"name":"Not Found"}' };
    const res = await client().http.request({ method: 'GET', path: '/x' }, { notFoundAsNull: true });
    expect(res).toMatchObject({ status: 404, body: null });
  });

  it('gives up after the timeout with reason TIMEOUT', async () => {
    delayMs = 500;
    const e = await error(client({ timeoutMs: 100 }).http.request({ method: 'GET', path: '/slow' }));
    expect(e.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', reason: 'TIMEOUT' });
  });

  it('counts the body in the timeout: an upstream that answers its headers and then stalls mid-body gives up with reason TIMEOUT', async () => {
    const stalled: { end(): void }[] = [];
    const stalling = createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
      res.write('{"data": [1, 2, ');
      stalled.push(res);
    });
    await new Promise<void>((r) => stalling.listen(0, '127.0.0.1', r));
    try {
      const secrets = createSecrets([]);
      const http = createHttpClient({
        source: 'SPRINGEST',
        baseUrl: `http://127.0.0.1:${(stalling.address() as AddressInfo).port}`,
        fetch: fetchImpl,
        timeoutMs: 200,
        redact: secrets.redact,
        logger: createLogger({ level: 'error', secrets, write: () => undefined }),
        metrics: createMetrics(),
        health: new HealthTracker('SPRINGEST', true, systemClock),
      });
      const e = await error(http.request({ method: 'GET', path: '/stalls' }));
      expect(e.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', source: 'SPRINGEST', reason: 'TIMEOUT' });
      expect(stalled).toHaveLength(1);
    } finally {
      for (const r of stalled) r.end();
      stalling.closeAllConnections();
      await new Promise((r) => stalling.close(r));
    }
  });

  it('reports a refused connection as NETWORK', async () => {
    const secrets = createSecrets([]);
    const http = createHttpClient({
      source: 'FALKOR',
      baseUrl: 'http://127.0.0.1:1',
      fetch: fetchImpl,
      timeoutMs: 1000,
      redact: secrets.redact,
      logger: createLogger({ level: 'error', secrets, write: () => undefined }),
      metrics: createMetrics(),
      health: new HealthTracker('FALKOR', true, systemClock),
    });
    const e = await error(http.request({ method: 'GET', path: '/' }));
    expect(e.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', source: 'FALKOR', reason: 'NETWORK' });
  });
});
