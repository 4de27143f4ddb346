import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { Clock } from '../../src/clock';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { eventually } from '../helpers/eventually';

/**
 * Body limits per operation kind, rate limits (shared through Redis), long
 * URLs, and websocket limits (issue 11, item 1 and "Bad input").
 */
const NONE = { FOURHSE: 0, SPRINGEST: 0, ENSINIO: 0, FALKOR: 0 };
const PDF = readFileSync(join(__dirname, '..', 'fixtures', 'pdf', 'certificate.pdf'));
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const refusals = (gw: TestGateway, from: number) => gw.logs.slice(from).filter((l) => l.includes('request refused')).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('body limits per operation kind', () => {
  let gw: TestGateway;
  const SMALL = 64 * 1024;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { MAX_BODY_BYTES: String(SMALL), MAX_UPLOAD_BODY_BYTES: String(2 * 1024 * 1024) } });
  });
  afterAll(() => gw?.stop());

  const springest = (fileBase64: string) => {
    const certification = gw.sandbox.seed.springest.certifications.find((c) => c.requires_valid_until)!;
    return { springest: { certificationId: certification.id, email: 'maria.rossi@acme-construction.example', validFrom: '2026-11-01', validUntil: '2029-11-01', fileBase64, fileName: 'big.pdf' } };
  };
  const ISSUE = `mutation($input: IssueCertificateInput!, $key: String) { issueCertificate(input: $input, idempotencyKey: $key) { id source } }`;

  it('an ordinary query over MAX_BODY_BYTES: 413 PAYLOAD_TOO_LARGE naming the limit, no upstream call, one info line', async () => {
    gw.resetUpstreamCalls();
    const from = gw.logs.length;
    const res = await gw.query(`query($s: String) { certificates(first: 1, filter: { search: $s }) { totalCount } }`, { s: 'x'.repeat(SMALL) });
    expect(res.status).toBe(413);
    expect(res.body.errors![0].extensions).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', limit: SMALL });
    expect(res.body.errors![0].message).toMatch(new RegExp(`${SMALL} bytes \\(MAX_BODY_BYTES\\)`));
    expect(gw.upstreamCalls()).toEqual(NONE);
    expect(refusals(gw, from)).toEqual([expect.objectContaining({ level: 'info', client: 'ip:127.0.0.1', code: 'PAYLOAD_TOO_LARGE' })]);
  });

  it('issueCertificate carrying a Springest PDF may be larger, up to MAX_UPLOAD_BODY_BYTES', async () => {
    // A real PDF padded to ~600 KiB of base64: over the ordinary limit, under the upload limit.
    const big = Buffer.concat([PDF, Buffer.alloc(450 * 1024, 0x20)]).toString('base64');
    const res = await gw.query(ISSUE, { input: springest(big), key: randomUUID() });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.issueCertificate.source).toBe('SPRINGEST');
  });

  it('a big body that is not the PDF is refused even in issueCertificate', async () => {
    gw.resetUpstreamCalls();
    const input = { fourhse: { tenantId: 't', resourceId: 'r', actionType: 'TRAINING', name: 'n', issuedOn: '2026-01-01', data: { blob: 'x'.repeat(SMALL) } } };
    const res = await gw.query(ISSUE, { input });
    expect(res.status).toBe(413);
    expect(res.body.errors![0].extensions!.code).toBe('PAYLOAD_TOO_LARGE');
    expect(gw.upstreamCalls()).toEqual(NONE);
  });

  it('anything over MAX_UPLOAD_BODY_BYTES is refused before it is read', async () => {
    const res = await gw.query(ISSUE, { input: springest('A'.repeat(3 * 1024 * 1024)) });
    expect(res.status).toBe(413);
    expect(res.body.errors![0].extensions).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', limit: 2 * 1024 * 1024 });
    expect(res.body.errors![0].message).toMatch(/MAX_UPLOAD_BODY_BYTES/);
  });
});

describe('long URLs and headers', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(() => gw?.stop());

  /** A raw request through node:http, so that a reset shows as an error rather than being retried. */
  const get = (url: string, path: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${url}${path}`, { headers }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('error', reject);
      req.end();
    });

  it('a GET whose query string passes the header limit answers 414 with a JSON error, not a reset', async () => {
    const res = await get(gw.url, `/graphql?query=${encodeURIComponent(`{ ${'sources { name } '.repeat(5000)}}`)}`);
    expect(res.status).toBe(414);
    expect(JSON.parse(res.body).errors[0].extensions.code).toBe('URI_TOO_LONG');
    // The process serves the next request as usual.
    expect((await get(gw.url, '/healthz')).status).toBe(200);
  });

  it('a GET of several MiB gets its 414 too, while the client is still sending', async () => {
    const res = await get(gw.url, `/graphql?query=${'%7B'.repeat(1024 * 1024)}`);
    expect(res.status).toBe(414);
  });

  it('headers over the limit answer 431', async () => {
    const res = await get(gw.url, '/graphql?query=%7B__typename%7D', { 'x-big': 'y'.repeat(20_000) });
    expect(res.status).toBe(431);
  });
});

describe('rate limits', () => {
  const fixed: Clock = { now: () => new Date('2026-11-29T10:00:10Z') };
  let a: TestGateway;
  let b: TestGateway;
  beforeAll(async () => {
    // Two replicas sharing one Redis (their own key prefix), five requests a minute per client, a clock that stays in one minute.
    const env = { REDIS_URL, REDIS_KEY_PREFIX: `test-rate-${randomUUID()}:`, RATE_LIMIT_PER_MIN: '5' };
    a = await startTestGateway({ env, clock: fixed });
    b = await startTestGateway({ env, clock: fixed });
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
  });

  it('replicas share one budget per client through Redis: the sixth request is RATE_LIMITED with retryAfter and Retry-After', async () => {
    const q = `{ sources { name } }`;
    for (const gw of [a, a, a, b, b]) expect((await gw.query(q)).status).toBe(200);
    a.resetUpstreamCalls();
    b.resetUpstreamCalls();
    const from = b.logs.length;
    const res = await fetch(`${b.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ certificates(first: 1) { totalCount } }` }) });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('50');
    const body = (await res.json());
    expect(body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 50 });
    expect((await a.query(q)).status).toBe(429);
    expect(b.upstreamCalls()).toEqual(NONE);
    expect(a.upstreamCalls()).toEqual(NONE);
    expect(refusals(b, from)).toEqual([expect.objectContaining({ level: 'info', client: 'ip:127.0.0.1', code: 'RATE_LIMITED' })]);
    // Probes are not GraphQL requests: never limited.
    expect((await fetch(`${a.url}/healthz`)).status).toBe(200);
  });

  it('without Redis each process counts alone, per API key when keys are configured', async () => {
    const keys = ['k'.repeat(16), 'l'.repeat(16)];
    const solo = await startTestGateway({ env: { RATE_LIMIT_PER_MIN: '2', GATEWAY_API_KEYS: keys.join(',') }, clock: fixed });
    try {
      const as = (k: string) => solo.query(`{ sources { name } }`, undefined, { authorization: `Bearer ${k}` });
      expect((await as(keys[0])).status).toBe(200);
      expect((await as(keys[0])).status).toBe(200);
      expect((await as(keys[0])).status).toBe(429);
      expect((await as(keys[1])).status).toBe(200);
      const line = solo.logs.map((l) => JSON.parse(l)).find((l) => l.msg === 'request refused');
      expect(line.client).toMatch(/^key:[A-Za-z0-9_-]{16}$/);
      expect(JSON.stringify(solo.logs)).not.toContain(keys[0]);
      // Another spelling of the same key is the same client (the id is the key's digest, not the header's).
      for (const spelled of [`bearer ${keys[0]}`, `BEARER  ${keys[0]}`, `Bearer\t${keys[0]} `]) {
        expect((await solo.query(`{ sources { name } }`, undefined, { authorization: spelled })).status).toBe(429);
      }
    } finally {
      await solo.stop();
    }
  });
});

describe('rate limits on the websocket', () => {
  it('queries over a websocket take from the same per-client budget as HTTP: over it, RATE_LIMITED with retryAfter and no upstream call', async () => {
    const fixed: Clock = { now: () => new Date('2026-11-29T10:00:10Z') };
    const gw = await startTestGateway({ env: { RATE_LIMIT_PER_MIN: '3' }, clock: fixed });
    const ws = new WebSocket(gw.url.replace(/^http/, 'ws') + '/graphql', 'graphql-transport-ws');
    try {
      const messages: any[] = [];
      ws.on('message', (m) => messages.push(JSON.parse((m as Buffer).toString())));
      await new Promise((resolve, reject) => {
        ws.once('open', resolve);
        ws.once('error', reject);
      });
      ws.send(JSON.stringify({ type: 'connection_init' }));
      await eventually(() => messages.some((m) => m.type === 'connection_ack'), { what: 'connection_ack' });
      expect((await gw.query(`{ sources { name } }`)).status).toBe(200);
      expect((await gw.query(`{ sources { name } }`)).status).toBe(200);
      const query = (id: string) => ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query: '{ certificates(first: 1) { totalCount } }' } }));
      query('third');
      await eventually(() => messages.some((m) => m.id === 'third' && m.type === 'complete'), { what: 'the third request answered' });
      expect(messages.find((m) => m.id === 'third' && m.type === 'next').payload.errors).toBeUndefined();
      gw.resetUpstreamCalls();
      query('fourth');
      await eventually(() => messages.some((m) => m.id === 'fourth' && m.type === 'error'), { what: 'the fourth request refused' });
      expect(messages.find((m) => m.id === 'fourth').payload[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 50, limit: 3 });
      expect(Object.values(gw.upstreamCalls()).every((n) => n === 0)).toBe(true);
      expect((await gw.query(`{ sources { name } }`)).status).toBe(429);
    } finally {
      ws.terminate();
      await gw.stop();
    }
  });
});

describe('websocket limits', () => {
  let gw: TestGateway;
  const sockets: WebSocket[] = [];
  beforeAll(async () => {
    gw = await startTestGateway({ env: { WS_MAX_CONNECTIONS_PER_CLIENT: '2', WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: '2' } });
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.terminate();
  });
  afterAll(() => gw?.stop());

  interface Conn {
    ws: WebSocket;
    messages: any[];
    closed: Promise<{ code: number; reason: string }>;
  }
  /** A raw graphql-transport-ws connection, initialised (or closed while trying). */
  async function connect(): Promise<Conn> {
    const ws = new WebSocket(gw.url.replace(/^http/, 'ws') + '/graphql', 'graphql-transport-ws');
    sockets.push(ws);
    const messages: any[] = [];
    ws.on('message', (m) => messages.push(JSON.parse((m as Buffer).toString())));
    const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    ws.send(JSON.stringify({ type: 'connection_init' }));
    await Promise.race([eventually(() => messages.some((m) => m.type === 'connection_ack'), { what: 'connection_ack' }), closed]);
    return { ws, messages, closed };
  }
  const metric = async (limit: string) => {
    const text = await (await fetch(`${gw.url}/metrics`)).text();
    return Number(new RegExp(`gateway_ws_limit_refusals_total\\{limit="${limit}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
  };

  it('a client over WS_MAX_CONNECTIONS_PER_CLIENT is closed with 4429 and a reason; a freed slot can be used again', async () => {
    const before = await metric('connections');
    const c1 = await connect();
    const c2 = await connect();
    const c3 = await connect();
    expect(await c3.closed).toEqual({ code: 4429, reason: 'Too many websockets for this client (limit 2)' });
    expect(c1.messages.map((m) => m.type)).toEqual(['connection_ack']);
    expect(c2.messages.map((m) => m.type)).toEqual(['connection_ack']);
    expect(await metric('connections')).toBe(before + 1);
    c1.ws.close();
    await c1.closed;
    await eventually(async () => {
      const c4 = await connect();
      if (!c4.messages.some((m) => m.type === 'connection_ack')) throw new Error('not acknowledged yet');
    }, { what: 'a connection accepted once one closed' });
  });

  it('a subscription over WS_MAX_SUBSCRIPTIONS_PER_CONNECTION gets TOO_MANY_SUBSCRIPTIONS; the others go on', async () => {
    const before = await metric('subscriptions');
    const c = await connect();
    const sub = (id: string) => c.ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query: 'subscription { certificateEvents { eventId } }' } }));
    sub('1');
    sub('2');
    sub('3');
    await eventually(() => c.messages.some((m) => m.id === '3' && m.type === 'error'), { what: 'the third subscription refused' });
    const err = c.messages.find((m) => m.id === '3').payload[0];
    expect(err.extensions).toMatchObject({ code: 'TOO_MANY_SUBSCRIPTIONS', limit: 'subscriptions', max: 2 });
    expect(c.messages.filter((m) => m.type === 'error' && m.id !== '3')).toEqual([]);
    expect(c.ws.readyState).toBe(WebSocket.OPEN);
    expect(await metric('subscriptions')).toBe(before + 1);
    // Completing one frees its slot: "again" is accepted, then "probe" (the third again) is refused.
    c.ws.send(JSON.stringify({ id: '1', type: 'complete' }));
    sub('again');
    sub('probe');
    await eventually(() => c.messages.some((m) => m.id === 'probe' && m.type === 'error'), { what: 'the probe subscription refused' });
    expect(c.messages.filter((m) => m.id === 'again')).toEqual([]);
  });

  it('garbage messages close that socket (graphql-ws: 4400) and others are served meanwhile', async () => {
    const good = await connect();
    const bad = await connect();
    bad.ws.send('this is not json {{{');
    expect((await bad.closed).code).toBe(4400);
    good.ws.send(JSON.stringify({ id: 'q', type: 'subscribe', payload: { query: '{ sources { name } }' } }));
    await eventually(() => good.messages.some((m) => m.id === 'q' && m.type === 'next'), { what: 'the query answered on the good socket' });
    expect(good.messages.find((m) => m.id === 'q' && m.type === 'next').payload.data.sources).toHaveLength(4);
  });
});
