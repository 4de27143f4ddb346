import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { addDays } from '../../src/clock';
import { encodeId } from '../../src/ids';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { eventually } from '../helpers/eventually';
import { subscribe, type Subscriber } from '../helpers/subscriber';
import { testClock } from '../events/helpers';
import { fourHseWebhookCertificate, isMarker, markEvent, postWebhook, subscribed } from '../helpers/webhooks';

/**
 * Live events that no webhook brings: expiry driven by the gateway's clock,
 * and a subscriber that stops reading. The gateway runs with its real pollers
 * and expiry scheduler (short intervals), the simulators answer over HTTP.
 */
const TODAY = '2026-03-02';

const SECRET = 'whsec-' + randomUUID();

const mark = (gw: TestGateway) => markEvent(gw.url, SECRET, gw.sandbox);

describe('EXPIRING and EXPIRED events follow the clock', () => {
  const clock = testClock(`${TODAY}T08:00:00Z`);
  let gw: TestGateway;
  const open: Subscriber[] = [];
  beforeAll(async () => {
    // Polling stays out of the way (a long interval); the expiry scan runs every 150 ms of real time.
    gw = await startTestGateway({ clock, env: { FOURHSE_WEBHOOK_SECRET: SECRET }, liveSources: { pollIntervalMs: 3_600_000, expiryIntervalMs: 150 } });
  });
  afterAll(async () => {
    await Promise.all(open.map((s) => s.close()));
    await gw?.stop();
  });

  it('announces a certificate once when it enters the window and once when it lapses', async () => {
    const sub = subscribe(gw.url, { after: await mark(gw), filter: { types: ['EXPIRING', 'EXPIRED'], sources: ['FOURHSE'] } });
    open.push(sub);
    const expiry = gw.gateway.live!.expiry;
    // A 4HSE certificate well outside today's window: it must say nothing until the clock moves.
    const target = gw.sandbox.fourhse.certificates
      .filter((c) => c.date_expire !== null && c.date_expire > addDays(TODAY, 60) && c.date_expire < addDays(TODAY, 200))
      .sort((a, b) => a.date_expire!.localeCompare(b.date_expire!))[0];
    expect(target).toBeDefined();
    const expiresOn = target.date_expire!;
    const id = encodeId('Certificate', 'FOURHSE', [target.certificate_id]);
    const about = () => sub.events.filter((e) => e.certificateId === id);

    // Whole scans on today's date (a call joins a scan in progress; the second is a new one): not announced.
    await expiry.scanOnce();
    await expiry.scanOnce();
    expect(about()).toEqual([]);

    // 29 days before it expires it is inside the 30-day window: one EXPIRING.
    clock.set(`${addDays(expiresOn, -29)}T08:00:00Z`);
    await eventually(() => about().length >= 1, { timeoutMs: 8_000, what: 'EXPIRING' });
    await expiry.scanOnce();
    await expiry.scanOnce();
    expect(about().map((e) => e.type)).toEqual(['EXPIRING']);

    // The day after its date it is expired: one EXPIRED, and no second EXPIRING.
    clock.set(`${addDays(expiresOn, 1)}T08:00:00Z`);
    await eventually(() => about().length >= 2, { timeoutMs: 8_000, what: 'EXPIRED' });
    await expiry.scanOnce();
    await expiry.scanOnce();
    const events = about();
    expect(events.map((e) => e.type)).toEqual(['EXPIRING', 'EXPIRED']);
    expect(events.every((e) => e.source === 'FOURHSE' && e.certificate.expiresOn === expiresOn)).toBe(true);
    expect(events[1].occurredAt.slice(0, 10)).toBe(addDays(expiresOn, 1));
  }, 30_000);
});

describe('changes found by polling the sources without webhooks', () => {
  let gw: TestGateway;
  const open: Subscriber[] = [];
  beforeAll(async () => {
    gw = await startTestGateway({ env: { FOURHSE_WEBHOOK_SECRET: SECRET }, liveSources: { pollIntervalMs: 150, expiryIntervalMs: 3_600_000 } });
  });
  afterAll(async () => {
    await Promise.all(open.map((s) => s.close()));
    await gw?.stop();
  });

  it.each(['SPRINGEST', 'ENSINIO', 'FALKOR'] as const)('%s: a created, an updated and a deleted certificate arrive as three events', async (source) => {
    const poller = gw.gateway.live!.pollers.get(source)!;
    const sub = subscribe(gw.url, { after: await mark(gw), filter: { sources: [source], types: ['CREATED', 'UPDATED', 'DELETED'] } });
    open.push(sub);
    // Whole polls (a call joins a poll in progress; the second is a new one): the baseline is recorded, nothing changed.
    await poller.pollOnce();
    await poller.pollOnce();
    expect(sub.events).toEqual([]);

    for (const kind of ['create', 'update', 'delete'] as const) {
      const n = sub.events.length;
      gw.sandbox.change(source, kind);
      await eventually(() => sub.events.length > n, { timeoutMs: 8_000, what: `${source} ${kind} event` });
    }
    // More polls: nothing is announced twice.
    await poller.pollOnce();
    await poller.pollOnce();
    const events = sub.events;
    expect(events.map((e) => e.type)).toEqual(['CREATED', 'UPDATED', 'DELETED']);
    expect(events.every((e) => e.source === source && typeof e.certificate?.name === 'string')).toBe(true);
    expect(events[1].changes.length).toBeGreaterThan(0);
    const ids = events.map((e) => e.eventId);
    expect([...ids].sort()).toEqual(ids);
  }, 30_000);
});

describe('a subscriber that never reads its socket', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { FOURHSE_WEBHOOK_SECRET: SECRET }, wsStallMs: 3_000 });
  });
  afterAll(() => gw?.stop());

  // ~900 KB of free data per certificate: a few events fill any socket buffer.
  const bigCreate = (i: number) => fourHseWebhookCertificate(gw.sandbox, { name: `Working at height ${i}`, data: { scan: 'x'.repeat(900 * 1024) } });

  it('is closed with 1008 once it stops taking messages, while a reading subscriber gets everything', async () => {
    // The reader is in place (it has received a marker) before anything is posted; the stalled one subscribes
    // after the first marker (missing one of the big events would not matter to it).
    const after = await mark(gw);
    const reader = subscribe(gw.url, { after }, undefined, 'subscription($after: String) { certificateEvents(after: $after) { eventId certificate { name data } } }');
    await subscribed(reader.events, gw.url, SECRET, gw.sandbox);
    // A raw graphql-transport-ws client that subscribes, then stops reading from the TCP socket.
    const stalled = new WebSocket(gw.url.replace(/^http/, 'ws') + '/graphql', 'graphql-transport-ws');
    const closed = new Promise<{ code: number; reason: string }>((resolve) => stalled.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    await new Promise<void>((resolve, reject) => {
      stalled.on('error', reject);
      stalled.on('open', () => stalled.send(JSON.stringify({ type: 'connection_init' })));
      stalled.on('message', (m) => {
        if (JSON.parse((m as Buffer).toString('utf8')).type !== 'connection_ack') return;
        stalled.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription($after: String) { certificateEvents(after: $after) { eventId certificate { data } } }', variables: { after } } }));
        resolve();
      });
    });
    (stalled as unknown as { _socket: import('node:net').Socket })._socket.pause();

    const N = 24; // ~21 MB in all: far beyond the socket buffers and the 1 MiB limit
    for (let i = 0; i < N; i++) expect((await postWebhook(gw.url, SECRET, 'CERTIFICATE::CREATE', bigCreate(i))).status).toBe(200);
    // The reading subscriber is unaffected: every event, whole.
    await eventually(() => reader.events.filter((e) => !isMarker(e)).length >= N, { timeoutMs: 15_000, what: `${N} events at the reader` });
    const got = reader.events.filter((e) => !isMarker(e));
    expect(got.map((e) => e.certificate.name)).toEqual(Array.from({ length: N }, (_, i) => `Working at height ${i}`));
    expect(got.every((e) => e.certificate.data.scan.length === 900 * 1024)).toBe(true);
    await reader.close();

    // The gateway gave up on the stalled one instead of buffering 21 MB for it.
    await eventually(() => gw.logs.some((l) => l.includes('closing a websocket whose client does not read')), { timeoutMs: 10_000, what: 'slow-client close' });
    const metrics = await (await fetch(`${gw.url}/metrics`)).text();
    expect(metrics).toMatch(/^gateway_ws_slow_client_closes_total 1$/m);
    // When it reads again it finds what was buffered, then the close frame (or the cut connection).
    (stalled as unknown as { _socket: import('node:net').Socket })._socket.resume();
    const { code } = await closed;
    expect([1008, 1006]).toContain(code);

    // And the gateway still serves.
    const res = await gw.query('{ sources { name healthy } }');
    expect(res.body.data.sources).toHaveLength(4);
  }, 30_000);
});
