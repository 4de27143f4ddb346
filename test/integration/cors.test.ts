import { request, type IncomingHttpHeaders } from 'node:http';
import WebSocket from 'ws';
import { ConfigError, loadConfig } from '../../src/config';
import { defaultRegistry } from '../../src/connectors/registry';
import { startTestGateway, type TestGateway } from '../helpers/gateway';

/**
 * CORS over real HTTP and real websockets (issue 10 item 1): preflights,
 * the headers of actual answers, the websocket Origin check, the config.
 * node:http so the Origin and every Access-Control-* header are exactly as sent.
 */
const APP = 'http://app.example.test:5173';
const EVIL = 'https://evil.example.test';
const QUERY = JSON.stringify({ query: '{ sources { name } }' });

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function send(url: string, method: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/graphql`, { method, headers: body ? { ...headers, 'content-length': String(Buffer.byteLength(body)) } : headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const preflight = (url: string, origin: string, requestHeaders = 'content-type, authorization, x-custom-thing') =>
  send(url, 'OPTIONS', { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': requestHeaders });
const post = (url: string, headers: Record<string, string> = {}) => send(url, 'POST', { 'content-type': 'application/json', ...headers }, QUERY);
const corsHeaders = (h: IncomingHttpHeaders) => Object.keys(h).filter((k) => k.startsWith('access-control-'));
const varyOf = (h: IncomingHttpHeaders) => (h.vary ?? '').split(',').map((s) => s.trim().toLowerCase());

/** How a websocket upgrade ends: 'open', or the HTTP status of a refused upgrade. */
function upgrade(url: string, origin?: string): Promise<'open' | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url.replace(/^http/, 'ws') + '/graphql', 'graphql-transport-ws', origin ? { origin } : {});
    ws.once('open', () => {
      ws.close();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode!);
      res.resume();
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

describe('CORS with CORS_ORIGINS', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { CORS_ORIGINS: `${APP}, https://other.example.test` } });
  });
  afterAll(() => gw?.stop());

  it('answers a preflight from an allowed origin with 204, the methods, the requested headers it allows, max-age and Vary', async () => {
    const res = await preflight(gw.url, APP);
    expect(res.status).toBe(204);
    expect(res.body).toBe('');
    expect(res.headers['access-control-allow-origin']).toBe(APP);
    expect(res.headers['access-control-allow-methods']).toBe('GET, POST, OPTIONS');
    // Only what was asked among the allowed ones: x-custom-thing is not allowed.
    expect(res.headers['access-control-allow-headers']).toBe('content-type, authorization');
    expect(res.headers['access-control-max-age']).toBe('600');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    expect(varyOf(res.headers)).toContain('origin');
    // Every header a client library sends is allowed.
    const all = await preflight(gw.url, APP, 'Apollo-Require-Preflight,X-Apollo-Operation-Name,traceparent,tracestate,x-request-id');
    expect(all.headers['access-control-allow-headers']).toBe('apollo-require-preflight, x-apollo-operation-name, traceparent, tracestate, x-request-id');
  });

  it('refuses a preflight from an origin not in the list: 403, a JSON error with a code, no Access-Control-* header', async () => {
    const res = await preflight(gw.url, EVIL);
    expect(res.status).toBe(403);
    expect(corsHeaders(res.headers)).toEqual([]);
    expect(JSON.parse(res.body).errors[0].extensions.code).toBe('CORS_ORIGIN_NOT_ALLOWED');
    expect(JSON.parse(res.body).errors[0].message).toContain('CORS_ORIGINS');
  });

  it('a preflight does not count as a GraphQL request: no access line, no x-request-id', async () => {
    const before = gw.logs.filter((l) => l.includes('"graphql request"')).length;
    const res = await preflight(gw.url, APP);
    expect(res.headers['x-request-id']).toBeUndefined();
    await post(gw.url); // the access line of this request proves the log is written, and in order
    expect(gw.logs.filter((l) => l.includes('"graphql request"')).length).toBe(before + 1);
  });

  it('a POST from an allowed origin gets Access-Control-Allow-Origin (the origin), Vary and the exposed headers', async () => {
    const res = await post(gw.url, { origin: APP });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).data.sources.length).toBe(4);
    expect(res.headers['access-control-allow-origin']).toBe(APP);
    expect(res.headers['access-control-expose-headers']).toBe('x-request-id, retry-after');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    expect(varyOf(res.headers)).toContain('origin');
    // An error answer too: a browser script must be able to read it.
    const bad = await send(gw.url, 'POST', { origin: APP, 'content-type': 'application/json' }, '{"query": ');
    expect(bad.status).toBe(400);
    expect(bad.headers['access-control-allow-origin']).toBe(APP);
  });

  it('a POST from an origin not in the list is served without CORS headers (the browser blocks it)', async () => {
    const res = await post(gw.url, { origin: EVIL });
    expect(res.status).toBe(200);
    expect(corsHeaders(res.headers)).toEqual([]);
    expect(varyOf(res.headers)).toContain('origin');
  });

  it('a request without Origin (a server) is served as before, with Vary: Origin only', async () => {
    const res = await post(gw.url);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).data.sources.length).toBe(4);
    expect(corsHeaders(res.headers)).toEqual([]);
    expect(varyOf(res.headers)).toContain('origin');
    const get = await send(gw.url, 'GET', { 'apollo-require-preflight': '1' }, undefined);
    expect(get.status).toBe(400); // no query: Apollo's own answer, unchanged
    // OPTIONS without Origin is no preflight: 204 with Allow (no longer 405).
    const options = await send(gw.url, 'OPTIONS', {});
    expect(options.status).toBe(204);
    expect(options.headers.allow).toBe('GET, POST, OPTIONS');
    expect(corsHeaders(options.headers)).toEqual([]);
  });

  it('the sandbox also allows its own origin (127.0.0.1 and localhost on its port)', async () => {
    const port = new URL(gw.url).port;
    for (const own of [`http://127.0.0.1:${port}`, `http://localhost:${port}`]) {
      expect((await preflight(gw.url, own)).status).toBe(204);
      expect((await post(gw.url, { origin: own })).headers['access-control-allow-origin']).toBe(own);
    }
    expect((await preflight(gw.url, `http://localhost:1${port}`)).status).toBe(403);
  });

  it('refuses a websocket upgrade from an origin not in the list with 403, counts it and logs it once', async () => {
    expect(await upgrade(gw.url, EVIL)).toBe(403);
    const metrics = await (await fetch(`${gw.url}/metrics`)).text();
    expect(metrics).toMatch(/^gateway_ws_origin_refusals_total 1$/m);
    expect(gw.logs.filter((l) => l.includes('websocket refused: origin not allowed') && l.includes(EVIL))).toHaveLength(1);
  });

  it('accepts a websocket upgrade from each allowed origin and without Origin', async () => {
    expect(await upgrade(gw.url, APP)).toBe('open');
    expect(await upgrade(gw.url, 'https://other.example.test')).toBe('open');
    expect(await upgrade(gw.url)).toBe('open');
  });
});

describe('CORS_CREDENTIALS', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { CORS_ORIGINS: APP, CORS_CREDENTIALS: '1' } });
  });
  afterAll(() => gw?.stop());

  it('adds Access-Control-Allow-Credentials to preflights and answers of an allowed origin, never to others', async () => {
    const pre = await preflight(gw.url, APP);
    expect(pre.headers['access-control-allow-credentials']).toBe('true');
    expect(pre.headers['access-control-allow-origin']).toBe(APP);
    const res = await post(gw.url, { origin: APP });
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    expect(res.headers['access-control-allow-origin']).toBe(APP);
    expect(corsHeaders((await post(gw.url, { origin: EVIL })).headers)).toEqual([]);
    expect(corsHeaders((await preflight(gw.url, EVIL)).headers)).toEqual([]);
  });

});

describe('preflights and the rate limit', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    // A fixed clock: the minute window cannot roll over during the test.
    gw = await startTestGateway({ env: { CORS_ORIGINS: APP, RATE_LIMIT_PER_MIN: '2' }, clock: { now: () => new Date('2026-11-29T10:00:10Z') } });
  });
  afterAll(() => gw?.stop());

  it('preflights do not take from the rate limit (2 a minute here)', async () => {
    for (let i = 0; i < 10; i++) expect((await preflight(gw.url, APP)).status).toBe(204);
    expect((await post(gw.url, { origin: APP })).status).toBe(200);
    expect((await post(gw.url, { origin: APP })).status).toBe(200);
    const limited = await post(gw.url, { origin: APP });
    expect(limited.status).toBe(429);
    // The refusal is readable by the page, retry-after included.
    expect(limited.headers['access-control-allow-origin']).toBe(APP);
    expect(limited.headers['access-control-expose-headers']).toContain('retry-after');
  });
});

describe('outside the sandbox', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    // The simulators as if they were the real upstream: SANDBOX=0, no CORS_ORIGINS.
    gw = await startTestGateway({ env: { SANDBOX: '0' } });
  });
  afterAll(() => gw?.stop());

  it('allows no origin by default, not even its own URL; websockets from a browser on another host are refused', async () => {
    expect(gw.config.sandbox).toBe(false);
    const port = new URL(gw.url).port;
    for (const o of [APP, `http://localhost:${port}`]) {
      expect((await preflight(gw.url, o)).status).toBe(403);
      expect(corsHeaders((await post(gw.url, { origin: o })).headers)).toEqual([]);
    }
    expect(await upgrade(gw.url, APP)).toBe(403);
    // GraphiQL served by this gateway opens its websocket from the gateway's own host: accepted.
    expect(await upgrade(gw.url, gw.url)).toBe('open');
    expect(await upgrade(gw.url)).toBe('open');
  });
});

describe('CORS configuration', () => {
  const load = (env: Record<string, string>) => loadConfig({ FALKOR_BASE_URL: 'https://falkor.example.com', FALKOR_TOKEN: 'k'.repeat(20), ...env }, defaultRegistry());
  const fail = (env: Record<string, string>) => {
    try {
      load(env);
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      return e as ConfigError;
    }
    throw new Error('expected a ConfigError');
  };

  it('defaults: no origin, no credentials; the sandbox allows its own origin', () => {
    const c = load({});
    expect(c.sandbox).toBe(false);
    expect(c.cors).toEqual({ origins: [], credentials: false, allowOwnOrigin: false });
    expect(loadConfig({}, defaultRegistry()).cors).toEqual({ origins: [], credentials: false, allowOwnOrigin: true });
  });

  it('reads a comma or whitespace separated list, normalized as browsers send Origin', () => {
    expect(load({ CORS_ORIGINS: 'https://App.Example.com, http://localhost:5173\n https://x.example.com:443 https://app.example.com' }).cors.origins).toEqual([
      'https://app.example.com',
      'http://localhost:5173',
      'https://x.example.com',
    ]);
    expect(load({ CORS_ORIGINS: '*' }).cors.origins).toBe('*');
  });

  it.each([
    ['app.example.com'],
    ['https://app.example.com/'],
    ['https://app.example.com/path'],
    ['ftp://app.example.com'],
    ['https://user@app.example.com'],
    ['https://app.example.com?x=1'],
    ['*, https://app.example.com'],
    ['null'],
  ])('refuses CORS_ORIGINS=%j with a ConfigError naming it', (value) => {
    const e = fail({ CORS_ORIGINS: value });
    expect(e.variable).toBe('CORS_ORIGINS');
    expect(e.message).toContain('CORS_ORIGINS');
  });

  it('refuses credentials with *, and a CORS_CREDENTIALS that is not a boolean', () => {
    expect(fail({ CORS_ORIGINS: '*', CORS_CREDENTIALS: 'true' }).variable).toBe('CORS_CREDENTIALS');
    expect(fail({ CORS_CREDENTIALS: 'maybe' }).variable).toBe('CORS_CREDENTIALS');
    expect(load({ CORS_ORIGINS: 'https://app.example.com', CORS_CREDENTIALS: '1' }).cors.credentials).toBe(true);
  });
});
