import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSeed, startSandbox, type Sandbox } from '../../src/sandbox';

type SandboxSource = 'FOURHSE' | 'SPRINGEST' | 'ENSINIO' | 'FALKOR';
import { startFourHseSimulator, type FourHseSimulator } from '../../src/sandbox/fourhse.sim';
import { verifyWebhook } from '../../src/webhooks/receiver';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { eventually } from '../helpers/eventually';
import { subscribe, type Subscriber } from '../helpers/subscriber';
import { isMarker, markEvent, subscribed } from '../helpers/webhooks';
import { TODAY, call } from './helpers';

const SECRET = 'sandbox-webhook-secret';
const seed = createSeed({ today: TODAY });
const creds = { accessToken: 'static-token-for-tests', oauth: { clientId: 'gateway', username: 'api-user', password: 'pw-123' } };

interface Received {
  path: string;
  event: string;
  headers: http.IncomingHttpHeaders;
  raw: string;
  body: any;
  /** The X-Signature-256 header matches the HMAC of the raw body with SECRET. */
  signed: boolean;
}

/** A real webhook receiver: records every POST, answers the next queued status (200 once the queue is empty). */
async function startReceiver() {
  const received: Received[] = [];
  const statuses: number[] = [];
  let hold: Promise<void> | null = null;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const path = req.url ?? '';
      const expected = `sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}`;
      received.push({
        path, event: decodeURIComponent(path.replace(/^\/webhooks\/4hse\//, '')), headers: req.headers, raw: raw.toString('utf8'),
        body: JSON.parse(raw.toString('utf8')), signed: req.headers['x-signature-256'] === expected && verifyWebhook(SECRET, raw, req.headers, null),
      });
      const status = statuses.shift() ?? 200;
      void (hold ?? Promise.resolve()).then(() => res.writeHead(status, { 'content-type': 'application/json' }).end('{"received":true}'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    /** Statuses for the next answers, in order. */
    answer: (...s: number[]) => statuses.push(...s),
    /** Delays every answer until the returned release() is called. */
    holdAnswers: () => {
      let release!: () => void;
      hold = new Promise<void>((r) => { release = r; });
      return () => { hold = null; release(); };
    },
    reset: () => { received.length = 0; statuses.length = 0; },
    stop: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}
type Receiver = Awaited<ReturnType<typeof startReceiver>>;

const q = `access-token=${creds.accessToken}`;
const person = seed.fourhse.resources.find((r) => r.resource_type === 'PERSON')!;
const newCertificate = {
  date_release: '2025-06-01', date_expire: '2026-06-01', name: 'Manual Handling', action_type: 'TRAINING',
  resource_id: person.resource_id, tenant_id: person.tenant_id, validity_unit: 'YEAR', validity: 1,
};

describe('4HSE simulator webhooks', () => {
  let sim: FourHseSimulator;
  let rx: Receiver;
  beforeAll(async () => {
    rx = await startReceiver();
    sim = await startFourHseSimulator({ data: seed.fourhse, credentials: creds, today: TODAY, webhooks: { attempts: 3, backoffMs: 20 } });
  });
  afterAll(async () => {
    await sim.stop();
    await rx.stop();
  });
  beforeEach(() => {
    rx.reset();
    sim.setWebhookTarget({ baseUrl: rx.url, secret: SECRET });
  });

  it('sends nothing without a target', async () => {
    sim.setWebhookTarget(null);
    const before = sim.webhookDeliveries.length;
    expect((await call('POST', `${sim.url}/v2/certificate/create?${q}`, { json: newCertificate })).status).toBe(201);
    await sim.webhooksIdle();
    expect(sim.webhookDeliveries.length).toBe(before);
    expect(rx.received).toEqual([]);
  });

  it('POSTs signed CREATE, UPDATE and DELETE in order, with the vendor payloads', async () => {
    const before = sim.webhookDeliveries.length;
    const created = await call('POST', `${sim.url}/v2/certificate/create?${q}`, { json: newCertificate });
    expect(created.status).toBe(201);
    const id = created.body.certificate_id;
    const updated = await call('PUT', `${sim.url}/v2/certificate/update/${id}?${q}`, { json: { date_expire: '2027-06-01', name: 'Manual Handling - Renewed' } });
    expect(updated.status).toBe(200);
    const deleted = await call('DELETE', `${sim.url}/v2/certificate/delete/${id}?${q}&force=true`);
    expect(deleted.status).toBe(204);
    await sim.webhooksIdle();

    expect(rx.received.map((r) => r.path)).toEqual([
      '/webhooks/4hse/CERTIFICATE%3A%3ACREATE', '/webhooks/4hse/CERTIFICATE%3A%3AUPDATE', '/webhooks/4hse/CERTIFICATE%3A%3ADELETE',
    ]);
    for (const r of rx.received) {
      expect(r.signed).toBe(true);
      expect(r.headers['content-type']).toBe('application/json');
      expect(JSON.parse(r.raw)).toEqual(r.body);
    }
    const [c, u, d] = rx.received.map((r) => r.body);
    expect(c).toEqual(created.body); // the certificate exactly as 4HSE returned it
    expect(u).toEqual({
      entity_id: id,
      updated_fields: { date_expire: { old: '2026-06-01', new: '2027-06-01' }, name: { old: 'Manual Handling', new: 'Manual Handling - Renewed' } },
    });
    expect(d).toEqual(updated.body); // the certificate as it was when deleted
    expect(sim.webhookDeliveries.slice(before)).toEqual([
      { event: 'CERTIFICATE::CREATE', body: c, status: 200, attempts: 1 },
      { event: 'CERTIFICATE::UPDATE', body: u, status: 200, attempts: 1 },
      { event: 'CERTIFICATE::DELETE', body: d, status: 200, attempts: 1 },
    ]);
  });

  it('sends nothing for an update that changes nothing or a delete preview', async () => {
    const id = sim.certificates[0].certificate_id;
    const same = await call('PATCH', `${sim.url}/v2/certificate/update/${id}?${q}`, { json: { name: sim.certificates[0].name } });
    expect(same.status).toBe(200);
    const preview = await call('DELETE', `${sim.url}/v2/certificate/delete/${id}?${q}`);
    expect(preview.status).toBe(200);
    await sim.webhooksIdle();
    expect(rx.received).toEqual([]);
  });

  it('retries a non-2xx answer with the same signed body, keeping the order', async () => {
    rx.answer(500);
    const before = sim.webhookDeliveries.length;
    const a = await call('POST', `${sim.url}/v2/certificate/create?${q}`, { json: newCertificate });
    const b = await call('POST', `${sim.url}/v2/certificate/create?${q}`, { json: { ...newCertificate, name: 'First Aid Level 2' } });
    await sim.webhooksIdle();
    expect(rx.received.map((r) => r.body.certificate_id)).toEqual([a.body.certificate_id, a.body.certificate_id, b.body.certificate_id]);
    expect(rx.received[0].raw).toBe(rx.received[1].raw);
    expect(rx.received.every((r) => r.signed)).toBe(true);
    expect(sim.webhookDeliveries.slice(before).map(({ status, attempts }) => ({ status, attempts }))).toEqual([
      { status: 200, attempts: 2 },
      { status: 200, attempts: 1 },
    ]);
  });

  it('gives up after the last attempt on connection errors, then goes on with the queue', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    sim.setWebhookTarget({ baseUrl: deadUrl, secret: SECRET });
    const before = sim.webhookDeliveries.length;
    expect((await call('POST', `${sim.url}/v2/certificate/create?${q}`, { json: newCertificate })).status).toBe(201);
    sim.setWebhookTarget({ baseUrl: rx.url, secret: SECRET });
    expect((await call('POST', `${sim.url}/v2/certificate/create?${q}`, { json: newCertificate })).status).toBe(201);
    await sim.webhooksIdle();
    const [lost, ok] = sim.webhookDeliveries.slice(before);
    expect(lost).toMatchObject({ status: null, attempts: 3 });
    expect(typeof lost.error).toBe('string');
    expect(ok).toMatchObject({ status: 200, attempts: 1 });
    expect(rx.received).toHaveLength(1);
  });

  it('answers the REST call without waiting for the webhook', async () => {
    const release = rx.holdAnswers();
    try {
      // Answered while the receiver holds its answer back: the REST call did not wait for the webhook.
      const r = await call('POST', `${sim.url}/v2/certificate/create?${q}`, { json: newCertificate });
      expect(r.status).toBe(201);
      let idle = false;
      const waiting = sim.webhooksIdle().then(() => { idle = true; });
      // The webhook is at the receiver, unanswered: the sender is not idle.
      await eventually(() => rx.received.length === 1, { what: 'the webhook at the receiver' });
      expect(idle).toBe(false);
      release();
      await waiting;
      expect(sim.webhookDeliveries.at(-1)).toMatchObject({ event: 'CERTIFICATE::CREATE', status: 200, attempts: 1 });
    } finally {
      release();
    }
  });

  it('change() fires the matching webhook', async () => {
    const before = sim.webhookDeliveries.length;
    const created = sim.change('create');
    const updated = sim.change('update');
    const deleted = sim.change('delete');
    expect(created).toMatch(/^4HSE: created /);
    expect(updated).toMatch(/^4HSE: updated /);
    expect(deleted).toMatch(/^4HSE: deleted /);
    await sim.webhooksIdle();
    expect(rx.received.map((r) => r.event)).toEqual(['CERTIFICATE::CREATE', 'CERTIFICATE::UPDATE', 'CERTIFICATE::DELETE']);
    expect(rx.received.every((r) => r.signed)).toBe(true);
    const [c, u, d] = rx.received.map((r) => r.body);
    expect(c.date_release).toBe(TODAY);
    expect(sim.certificates.some((x) => x.certificate_id === c.certificate_id) || d.certificate_id === c.certificate_id).toBe(true);
    expect(Object.keys(u)).toEqual(['entity_id', 'updated_fields']);
    expect(Object.keys(u.updated_fields).length).toBeGreaterThan(0);
    for (const v of Object.values<{ old: unknown; new: unknown }>(u.updated_fields)) expect(v.old).not.toEqual(v.new);
    expect(sim.certificates.some((x) => x.certificate_id === d.certificate_id)).toBe(false);
    expect(sim.webhookDeliveries.slice(before).every((x) => x.status === 200)).toBe(true);
  });

  it('stops cleanly with a delivery waiting for its retry', async () => {
    // A back-off far beyond the test's timeout: stop() resolving at all is the point.
    const other = await startFourHseSimulator({ data: seed.fourhse, credentials: creds, today: TODAY, webhooks: { attempts: 5, backoffMs: 600_000 } });
    other.setWebhookTarget({ baseUrl: rx.url, secret: SECRET });
    rx.answer(503);
    other.change('create');
    // The sender has the 503 (the receiver having sent it is not enough): it is now waiting for its retry.
    await eventually(() => other.webhookDeliveries[0]?.status === 503, { what: 'the sender to record the 503' });
    await other.stop();
    await other.webhooksIdle();
    expect(other.webhookDeliveries).toHaveLength(1);
    expect(other.webhookDeliveries[0]).toMatchObject({ status: 503, attempts: 1 });
    other.change('create'); // data can still change, but nothing is sent any more
    await other.webhooksIdle();
    expect(other.webhookDeliveries).toHaveLength(1);
    expect(rx.received).toHaveLength(1);
  });

  it('stops cleanly with an attempt in flight, scheduling no retry after it', async () => {
    const other = await startFourHseSimulator({ data: seed.fourhse, credentials: creds, today: TODAY, webhooks: { attempts: 5, backoffMs: 600_000 } });
    other.setWebhookTarget({ baseUrl: rx.url, secret: SECRET });
    const release = rx.holdAnswers();
    try {
      other.change('create');
      await eventually(() => rx.received.length === 1, { what: 'the webhook at the receiver' });
      // Stopping aborts the attempt; the failed attempt must not start a back-off the stopped sender then awaits.
      await other.stop();
      await other.webhooksIdle();
      expect(other.webhookDeliveries).toEqual([expect.objectContaining({ status: null, attempts: 1, error: expect.any(String) })]);
    } finally {
      release();
    }
  });
});

/**
 * Resolves at the n-th tick of a fresh interval timer of `periodMs`: an interval of the same period
 * that was still running when this one started ticks before each of this one's ticks (Node fires
 * timers of one period in the order they were armed).
 */
function controlTicks(periodMs: number, n: number): Promise<void> {
  return new Promise((resolve) => {
    let ticks = 0;
    const t = setInterval(() => {
      if (++ticks < n) return;
      clearInterval(t);
      resolve();
    }, periodMs);
  });
}

describe('changes over time', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ today: TODAY });
  });
  afterAll(() => sb.stop());

  /** What each source's REST API serves right now, in a comparable form. */
  const read: Record<SandboxSource, () => Promise<unknown[]>> = {
    FOURHSE: async () => (await call('POST', `${sb.fourhse.url}/v2/certificate/index?access-token=${sb.credentials.fourhse.accessToken}`, { json: { 'per-page': 500 } })).body,
    SPRINGEST: async () => (await call('GET', `${sb.springest.url}/users/certificates.json?api_key=${sb.credentials.springest.apiKey}`)).body.certificates,
    ENSINIO: async () => {
      const out: unknown[] = [];
      for (let page = 1; ; page++) {
        const r = await call('GET', `${sb.ensinio.url}/public/api/v1/certificates?per_page=100&page=${page}`, {
          headers: { authorization: `Bearer ${sb.credentials.ensinio.token}`, 'x-requested-with': 'XMLHttpRequest' },
        });
        out.push(...r.body.data);
        if (page >= r.body.meta.last_page) return out;
      }
    },
    FALKOR: async () => {
      const r = await call('POST', `${sb.falkor.url}/v1/logs/story-certificates`, { headers: { authorization: `Basic ${sb.credentials.falkor.token}` }, json: {} });
      return r.body.data.flatMap((e: { story: unknown; certificates: unknown[] }) => e.certificates.map((c) => ({ story: e.story, c })));
    },
  };
  const sources: SandboxSource[] = ['FOURHSE', 'SPRINGEST', 'ENSINIO', 'FALKOR'];
  const simOf = (s: SandboxSource) => ({ FOURHSE: sb.fourhse, SPRINGEST: sb.springest, ENSINIO: sb.ensinio, FALKOR: sb.falkor })[s];
  const label = { FOURHSE: '4HSE', SPRINGEST: 'Springest', ENSINIO: 'Ensinio', FALKOR: 'Falkor' };

  it.each(sources)('%s: change() of each kind changes what the REST API returns', async (source) => {
    for (const kind of ['create', 'update', 'delete'] as const) {
      const before = await read[source]();
      const description = sb.change(source, kind);
      expect(description.startsWith(`${label[source]}: `)).toBe(true);
      const after = await read[source]();
      expect(after).not.toEqual(before);
      if (kind === 'create') expect(after.length).toBe(before.length + 1);
      if (kind === 'delete') expect(after.length).toBe(before.length - 1);
      if (kind === 'update' && source !== 'SPRINGEST') expect(after.length).toBe(before.length); // Springest: a verified upload appears
    }
    const before = await read[source]();
    expect(sb.change(source)).toMatch(new RegExp(`^${label[source]}: `)); // a random kind
    expect(await read[source]()).not.toEqual(before);
  });

  it.each(sources)('%s: POST /__sandbox/change changes the data, unrecorded and unfaulted', async (source) => {
    const sim = simOf(source);
    const url = `${sim.url}/__sandbox/change`;
    const data = await read[source]();
    const requests = sim.requests.length;
    // A fault stands for every upstream call; the control route is not one.
    sim.setFault({ kind: 'status', status: 503 });
    try {
      const r = await call('POST', url, { json: { kind: 'create' } });
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/^application\/json/);
      expect(r.body.description).toMatch(new RegExp(`^${label[source]}: `));
      const random = await call('POST', url);
      expect(random.status).toBe(200);
      expect(typeof random.body.description).toBe('string');
    } finally {
      sim.setFault(null);
    }
    expect(sim.requests.length).toBe(requests); // not recorded: tests count upstream calls there
    const after = await read[source]();
    expect(after).not.toEqual(data);
    const del = await call('POST', url, { json: { kind: 'delete' } });
    expect(del.status).toBe(200);
    expect((await read[source]()).length).toBe(after.length - 1);
    expect(sim.requests.some((x) => x.path.startsWith('/__sandbox/'))).toBe(false);
  });

  it.each(sources)('%s: refuses a bad kind or body (400) and other methods (405)', async (source) => {
    const url = `${simOf(source).url}/__sandbox/change`;
    const before = await read[source]();
    for (const body of [{ json: { kind: 'explode' } }, { json: { kind: 3 } }, { json: ['create'] }, { body: '{"kind":', headers: { 'content-type': 'application/json' } }]) {
      const r = await call('POST', url, body);
      expect(r.status).toBe(400);
      expect(typeof r.body.error).toBe('string');
    }
    expect((await call('GET', url)).status).toBe(405);
    expect((await call('POST', `${simOf(source).url}/__sandbox/nope`)).status).toBe(404);
    expect(await read[source]()).toEqual(before);
  });

  it('rejects an unknown kind or source programmatically', () => {
    expect(() => sb.change('FALKOR', 'explode' as never)).toThrow(/create, update, delete/);
    expect(() => sb.change('NOPE')).toThrow(/FOURHSE/);
  });

  it('is deterministic per seed and leaves the seed data untouched', async () => {
    const a = await startSandbox({ today: TODAY, seed: 7 });
    const b = await startSandbox({ today: TODAY, seed: 7 });
    try {
      const run = (s: Sandbox) => sources.flatMap((src) => [s.change(src), s.change(src, 'update'), s.change(src)]);
      expect(run(a)).toEqual(run(b));
      expect(a.seed).toEqual(createSeed({ today: TODAY, seed: 7 }));
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  it('changeEveryMs changes one random source per tick until stopped', async () => {
    const seen: [SandboxSource, string | Error][] = [];
    const ticking = await startSandbox({ today: TODAY, changeEveryMs: 10, onChange: (s, d) => seen.push([s as SandboxSource, d]) });
    await eventually(() => seen.length >= 12, { what: '12 changes' });
    await ticking.stop();
    const count = seen.length;
    // A second ticker of the same period, started after stop(): had the sandbox's still been running,
    // its next tick (a change, recorded synchronously) would have come before this one's first.
    await controlTicks(10, 2);
    expect(seen.length).toBe(count);
    for (const [source, d] of seen) {
      expect(typeof d).toBe('string');
      expect(d as string).toMatch(new RegExp(`^${label[source]}: `));
    }
    expect(new Set(seen.map(([s]) => s)).size).toBeGreaterThan(1);
  });
});

describe('4HSE simulator webhooks into the real gateway', () => {
  const secret = 'gateway-webhook-secret-0123456789';
  let gw: TestGateway;
  let sub: Subscriber | null = null;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { FOURHSE_WEBHOOK_SECRET: secret } });
  });
  afterAll(async () => {
    await sub?.close();
    await gw?.stop();
  });

  it('delivers signed webhooks the gateway accepts and publishes (a gateway write and its echo count once)', async () => {
    const fourhse = gw.sandbox.fourhse;
    fourhse.setWebhookTarget({ baseUrl: gw.url, secret });
    const subscriber = subscribe(gw.url, { after: await markEvent(gw.url, secret, gw.sandbox) });
    sub = subscriber;
    await subscribed(subscriber.events, gw.url, secret, gw.sandbox);
    const before = fourhse.webhookDeliveries.length;

    gw.sandbox.change('FOURHSE', 'create');
    gw.sandbox.change('FOURHSE', 'update');
    gw.sandbox.change('FOURHSE', 'delete');
    await fourhse.webhooksIdle();
    const r = gw.sandbox.seed.fourhse.resources.find((x) => x.resource_type === 'PERSON')!;
    const issued = await gw.query(`mutation($i: IssueCertificateInput!) { issueCertificate(input: $i) { id sourceId } }`, {
      i: { fourhse: { name: 'Manual Handling', issuedOn: TODAY, expiresOn: '2026-06-15', actionType: 'TRAINING', resourceId: r.resource_id, tenantId: r.tenant_id } },
    });
    expect(issued.body.errors).toBeUndefined();
    await fourhse.webhooksIdle(); // the simulator's own CREATE for the gateway's write
    gw.sandbox.change('FOURHSE', 'update');
    await fourhse.webhooksIdle();

    const deliveries = fourhse.webhookDeliveries.slice(before);
    expect(deliveries.map((d) => d.event)).toEqual(['CERTIFICATE::CREATE', 'CERTIFICATE::UPDATE', 'CERTIFICATE::DELETE', 'CERTIFICATE::CREATE', 'CERTIFICATE::UPDATE']);
    for (const d of deliveries) {
      expect(d.status).toBeGreaterThanOrEqual(200);
      expect(d.status).toBeLessThan(300);
      expect(d.attempts).toBe(1);
    }
    expect((deliveries[3].body as { certificate_id: string }).certificate_id).toBe(issued.body.data.issueCertificate.sourceId);
    const ours = () => subscriber.events.filter((e) => !isMarker(e));
    await eventually(() => ours().length >= 5, { what: 'five events after the markers' });
    const events = ours();
    expect(events.map((e) => e.type)).toEqual(['CREATED', 'UPDATED', 'DELETED', 'CREATED', 'UPDATED']);
    expect(events.every((e) => e.source === 'FOURHSE')).toBe(true);
  });

  it('a wrong secret is refused by the gateway (401) and retried until the sender gives up', async () => {
    const fourhse = gw.sandbox.fourhse;
    fourhse.setWebhookTarget({ baseUrl: gw.url, secret: 'not-the-secret' });
    try {
      gw.sandbox.change('FOURHSE', 'create');
      await fourhse.webhooksIdle();
      expect(fourhse.webhookDeliveries.at(-1)).toMatchObject({ event: 'CERTIFICATE::CREATE', status: 401, attempts: 4 });
    } finally {
      fourhse.setWebhookTarget(null);
    }
  });
});
