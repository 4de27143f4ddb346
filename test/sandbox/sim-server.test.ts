import http from 'node:http';
import { json, startSimServer, type Simulator } from '../../src/sandbox/sim-server';
import { eventually } from '../helpers/eventually';
import { call } from './helpers';

describe('sim-server machinery', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimServer((req) => (req.path === '/boom' ? Promise.reject(new Error('kaput')) : json(200, { ok: true, path: req.path })), {
      errorBody: (status, message) => ({ failure: message, status }),
    });
  });
  afterAll(() => sim.stop());
  beforeEach(() => {
    sim.setFault(null);
    sim.latencyMs = 0;
    sim.requests.length = 0;
  });

  it('listens on 127.0.0.1 with a random port and no trailing slash', () => {
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('records every request in order: method, path, query (arrays for repeats), headers, parsed body', async () => {
    await call('POST', `${sim.url}/a/b?x=1&y=2&y=3`, { headers: { 'X-Custom': 'yes' }, json: { hello: 'world' } });
    await call('PUT', `${sim.url}/raw`, { body: 'grant_type=password&x=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    await call('GET', `${sim.url}/empty`);
    expect(sim.requests).toHaveLength(3);
    const [a, b, c] = sim.requests;
    expect(a).toMatchObject({ method: 'POST', path: '/a/b', query: { x: '1', y: ['2', '3'] }, body: { hello: 'world' } });
    expect(a.headers['x-custom']).toBe('yes');
    expect(b).toMatchObject({ method: 'PUT', path: '/raw', body: 'grant_type=password&x=1' });
    expect(c.body).toBeUndefined();
  });

  it('adds the mutable latency before answering', async () => {
    sim.latencyMs = 150;
    const t0 = Date.now();
    const r = await call('GET', `${sim.url}/slow`);
    expect(r.status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it('injects a status fault with the vendor error body and custom headers, until cleared', async () => {
    sim.setFault({ kind: 'status', status: 429, headers: { 'Retry-After': '7' } });
    for (let i = 0; i < 2; i++) {
      const r = await call('GET', `${sim.url}/x`);
      expect(r.status).toBe(429);
      expect(r.headers.get('retry-after')).toBe('7');
      expect(r.body).toEqual({ failure: 'Too Many Requests', status: 429 });
    }
    sim.setFault(null);
    expect((await call('GET', `${sim.url}/x`)).status).toBe(200);
  });

  it('uses a given fault body verbatim', async () => {
    sim.setFault({ kind: 'status', status: 503, body: '<html>down</html>' });
    const r = await call('GET', `${sim.url}/x`);
    expect(r.status).toBe(503);
    expect(r.text).toBe('<html>down</html>');
    expect(r.headers.get('content-type')).toMatch(/text\/plain/);
  });

  it('delays a correct answer', async () => {
    sim.setFault({ kind: 'delay', ms: 200 });
    const t0 = Date.now();
    const r = await call('GET', `${sim.url}/x`);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
    expect(r.body).toEqual({ ok: true, path: '/x' });
  });

  it('answers 200 with broken JSON for malformed, and valid JSON of another shape for shape', async () => {
    sim.setFault({ kind: 'malformed' });
    const bad = await fetch(`${sim.url}/x`);
    expect(bad.status).toBe(200);
    expect(bad.headers.get('content-type')).toMatch(/application\/json/);
    await expect(bad.json()).rejects.toThrow();
    sim.setFault({ kind: 'shape' });
    const odd = await call('GET', `${sim.url}/x`);
    expect(odd.status).toBe(200);
    expect(odd.body).toEqual({ unexpected: true });
  });

  it('honours the optional times and path scope', async () => {
    sim.setFault({ kind: 'status', status: 503, times: 2, path: '/only' });
    expect((await call('GET', `${sim.url}/other`)).status).toBe(200);
    expect((await call('GET', `${sim.url}/only/1`)).status).toBe(503);
    expect((await call('GET', `${sim.url}/only/2`)).status).toBe(503);
    expect((await call('GET', `${sim.url}/only/3`)).status).toBe(200);
  });

  it('answers 500 when the handler throws', async () => {
    const r = await call('GET', `${sim.url}/boom`);
    expect(r.status).toBe(500);
    expect(r.body.failure).toMatch(/kaput/);
  });

  it('keeps connections alive between requests', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const get = () =>
      new Promise<boolean>((resolve, reject) => {
        const req = http.get(`${sim.url}/ka`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(req.reusedSocket));
        });
        req.on('error', reject);
      });
    expect(await get()).toBe(false);
    expect(await get()).toBe(true);
    expect(await get()).toBe(true);
    agent.destroy();
  });
});

describe('sim-server stop', () => {
  it('closes keep-alive sockets and pending delays promptly, and is idempotent', async () => {
    const sim = await startSimServer(() => json(200, {}));
    const agent = new http.Agent({ keepAlive: true });
    await new Promise<void>((resolve) => http.get(`${sim.url}/`, { agent }, (res) => { res.resume(); res.on('end', resolve); }));
    sim.setFault({ kind: 'delay', ms: 60_000 });
    const hanging = fetch(`${sim.url}/`).then(() => 'answered', () => 'failed');
    await eventually(() => sim.requests.length === 2, { what: 'the delayed request at the simulator' });
    // stop() resolving at all (within jest's timeout) while a 60 s delay is pending is the point.
    await sim.stop();
    await sim.stop();
    expect(await hanging).toBe('failed');
    await expect(fetch(`${sim.url}/`)).rejects.toThrow();
    agent.destroy();
  });
});
