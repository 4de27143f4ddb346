import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { startSandbox, type Sandbox } from '../../src/sandbox';
import { startTestGateway } from '../helpers/gateway';
import { eventually } from '../helpers/eventually';
import { sandboxEnv, startProcessGateway, type ProcessGateway } from '../helpers/process-gateway';
import { subscribe, type Subscriber } from '../helpers/subscriber';
import { markEvent } from '../helpers/webhooks';

/**
 * Shutdown as probes see it (SHUTDOWN_DELAY_S, SHUTDOWN_GRACE_S), on the built
 * gateway as a process: after SIGTERM /readyz answers 503 while the listener
 * still accepts and serves; then the drain closes 1,000 subscribed websockets
 * with 1001 and the process exits 0 (a forced exit past the grace period is 1).
 */
const SECRET = 'whsec-' + randomUUID();
const SOCKETS = 1_000;
let sandbox: Sandbox;
const gateways: ProcessGateway[] = [];
const subs: Subscriber[] = [];

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await Promise.all(gateways.map((g) => g.kill('SIGKILL')));
  for (const s of subs) void s.close().catch(() => undefined);
  await sandbox?.stop();
}, 30_000);

async function start(env: Record<string, string>): Promise<ProcessGateway> {
  // WS_MAX_CONNECTIONS_PER_CLIENT=0, RATE_LIMIT_PER_MIN=0: the 1,000 subscribers below all come from this one test client (one IP).
  const g = await startProcessGateway({ ...sandboxEnv(sandbox), FOURHSE_WEBHOOK_SECRET: SECRET, POLL_INTERVAL_S: '0', WS_MAX_CONNECTIONS_PER_CLIENT: '0', RATE_LIMIT_PER_MIN: '0', ...env });
  gateways.push(g);
  return g;
}

/** A request on a connection of its own (no pooled keep-alive socket): proves the listener still accepts. */
function freshPost(url: string, body: unknown): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const text = JSON.stringify(body);
    const req = request(`${url}/graphql`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), connection: 'close' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
    });
    req.once('error', reject);
    req.end(text);
  });
}
const readyz = async (url: string) => (await fetch(`${url}/readyz`, { headers: { connection: 'close' } })).status;
/** Its exit code, once its output is read to the end (the last log lines are in g.logs then). */
const exitOf = (g: ProcessGateway) => g.closed;

it('SIGTERM: /readyz 503 while /graphql and websockets still serve; then 1,000 subscribers get 1001 and the process exits 0 within the grace period', async () => {
  // A delay no test waits out: the second SIGTERM ends it, so nothing here races a timer.
  const g = await start({ SHUTDOWN_DELAY_S: '600', SHUTDOWN_GRACE_S: '20' });
  expect(await readyz(g.url)).toBe(200);

  // 1,000 subscribers, each in place: each receives a replayed event (after m0, the event m1).
  const m0 = await markEvent(g.url, SECRET, sandbox);
  await markEvent(g.url, SECRET, sandbox);
  const closes: number[] = [];
  for (let i = 0; i < SOCKETS; i++) {
    const s = subscribe(g.url, { after: m0, filter: { sources: ['FOURHSE'] } });
    s.client.on('closed', (e) => closes.push((e as { code: number }).code));
    subs.push(s);
  }
  await eventually(() => subs.every((s) => s.events.length > 0), { timeoutMs: 60_000, intervalMs: 100, what: `${SOCKETS} subscriptions in place` });
  expect(subs.flatMap((s) => s.errors)).toEqual([]);

  g.child.kill('SIGTERM');
  await eventually(async () => (await readyz(g.url)) === 503, { timeoutMs: 10_000, what: '/readyz 503 after SIGTERM' });
  // Still serving, on new connections too: a query, a webhook, a new subscriber.
  const q = await freshPost(g.url, { query: '{ sources { name healthy } }' });
  expect(q.status).toBe(200);
  expect(q.body.errors).toBeUndefined();
  expect(q.body.data.sources).toHaveLength(4);
  const late = subscribe(g.url, { after: m0, filter: { sources: ['FOURHSE'] } });
  subs.push(late);
  await late.waitFor(1, 10_000);
  expect(closes).toEqual([]);
  expect(g.logs.some((l) => l.includes('"gateway leaving'))).toBe(true);
  expect(g.logs.some((l) => l.includes('"gateway stopping"'))).toBe(false);

  // The second signal ends the delay: the drain starts now.
  const t0 = performance.now();
  const exited = exitOf(g);
  g.child.kill('SIGTERM');
  const code = await exited;
  const ms = performance.now() - t0;
  console.log(`shutdown with ${SOCKETS + 1} subscribed websockets: exit ${code} after ${Math.round(ms)} ms (grace 20 000 ms)`);
  // 0, not the forced exit's 1: it finished before the grace timer.
  expect(code).toBe(0);
  await eventually(() => closes.length === SOCKETS, { timeoutMs: 10_000, what: 'every close seen by the clients' });
  expect(closes.every((c) => c === 1001)).toBe(true);
  expect(g.logs.some((l) => l.includes('"gateway stopped"'))).toBe(true);
  expect(g.logs.filter((l) => /cutting requests|forced exit/.test(l))).toEqual([]);
}, 180_000);

it('SIGTERM with a short SHUTDOWN_DELAY_S: the delay ends by itself, then the drain, exit 0', async () => {
  const g = await start({ SHUTDOWN_DELAY_S: '1', SHUTDOWN_GRACE_S: '10' });
  const exited = exitOf(g);
  g.child.kill('SIGTERM');
  expect(await exited).toBe(0);
  const order = g.logs.flatMap((l) => (/"msg":"(gateway leaving[^"]*|gateway stopping|gateway stopped)"/.exec(l) ?? []).slice(1, 2));
  expect(order).toEqual(['gateway leaving: /readyz answers 503, still serving until the drain', 'gateway stopping', 'gateway stopped']);
}, 30_000);

it('SHUTDOWN_GRACE_S: a request still running near its end is cut, and the process still exits cleanly', async () => {
  const g = await start({ SHUTDOWN_DELAY_S: '0', SHUTDOWN_GRACE_S: '2', UPSTREAM_TIMEOUT_MS: '60000' });
  const before = sandbox.falkor.requests.length;
  // Falkor answers only after the grace period: the request cannot finish in time.
  sandbox.falkor.setFault({ kind: 'delay', ms: 30_000, times: 1 });
  const inflight = freshPost(g.url, { query: '{ certificates(first: 5, filter: { sources: [FALKOR] }) { totalCount } }' }).then(
    (r) => ({ answered: r.status }),
    (e: NodeJS.ErrnoException) => ({ cut: e.code }),
  );
  await eventually(() => sandbox.falkor.requests.length > before, { what: 'the request reaches Falkor' });
  const exited = exitOf(g);
  g.child.kill('SIGTERM');
  expect(await inflight).toEqual({ cut: 'ECONNRESET' });
  expect(await exited).toBe(0);
  sandbox.falkor.setFault(null);
  expect(g.logs.filter((l) => l.includes('cutting requests still running'))).toHaveLength(1);
  expect(g.logs.some((l) => l.includes('"gateway stopped"'))).toBe(true);
}, 30_000);

it('the drain (in process): new connections are refused while a request in flight finishes with 200', async () => {
  const gw = await startTestGateway({ env: { SHUTDOWN_GRACE_S: '20' } });
  try {
    const falkorCalls = () => gw.sandbox.falkor.requests.length;
    const before = falkorCalls();
    gw.sandbox.falkor.setFault({ kind: 'delay', ms: 1_500 });
    const inflight = freshPost(gw.url, { query: '{ certificates(first: 5, filter: { sources: [FALKOR] }) { totalCount } }' });
    await eventually(() => falkorCalls() > before, { what: 'the request reaches Falkor' });
    const stopped = gw.gateway.stop();
    await eventually(() => gw.logs.some((l) => l.includes('"gateway stopping"')), { what: 'the drain begins' });
    await expect(freshPost(gw.url, { query: '{ sources { name } }' })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    const res = await inflight;
    gw.sandbox.falkor.setFault(null);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.certificates.totalCount).toBeGreaterThan(0);
    await stopped;
    expect(gw.logs.filter((l) => l.includes('cutting requests'))).toEqual([]);
  } finally {
    await gw.stop();
  }
}, 30_000);

