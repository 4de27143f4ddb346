import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { eventually } from '../helpers/eventually';
import { EVENTS_SUBSCRIPTION, subscribe, type Subscriber } from '../helpers/subscriber';
import { fourHseWebhookCertificate, isMarker, markEvent, postWebhook, subscribed } from '../helpers/webhooks';

/**
 * Shared fan-out (issue 9): identical subscriptions (operation, variables,
 * caller) share one execution per event; each subscriber still gets exactly
 * its own filtered events, once, in order.
 */
const SECRET = 'whsec-' + randomUUID();
const KEY_1 = 'key-one-' + randomUUID();
const KEY_2 = 'key-two-' + randomUUID();
const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

let gw: TestGateway;
const open: Subscriber[] = [];
const track = (s: Subscriber) => (open.push(s), s);

beforeAll(async () => {
  gw = await startTestGateway({ env: { FOURHSE_WEBHOOK_SECRET: SECRET, GATEWAY_API_KEYS: `${KEY_1},${KEY_2}`, WS_MAX_CONNECTIONS_PER_CLIENT: '0', RATE_LIMIT_PER_MIN: '0' }, wsStallMs: 2_000 });
});
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
  await gw?.stop();
});

const counter = async (c: { get(): Promise<{ values: { value: number }[] }> }) => (await c.get()).values[0]?.value ?? 0;
const executions = () => counter(gw.gateway.metrics.subscriptionExecutions);

/** Posts CREATE, UPDATE and DELETE of `n` fresh 4HSE certificates, in that order, each answered 200: the events as recorded. */
async function changes(n: number): Promise<{ type: string; eventId: string }[]> {
  const recorded: { type: string; eventId: string }[] = [];
  for (let i = 0; i < n; i++) {
    const body = fourHseWebhookCertificate(gw.sandbox, { name: `Fan-out ${i}` });
    for (const [event, type, payload] of [
      ['CERTIFICATE::CREATE', 'CREATED', body],
      ['CERTIFICATE::UPDATE', 'UPDATED', { entity_id: body.certificate_id, updated_fields: { name: { old: `Fan-out ${i}`, new: `Fan-out ${i} (renamed)` } } }],
      ['CERTIFICATE::DELETE', 'DELETED', body],
    ] as const) {
      const r = await postWebhook(gw.url, SECRET, event, payload);
      expect(r.status).toBe(200);
      recorded.push({ type, eventId: r.body.eventId });
    }
  }
  return recorded;
}

describe('shared execution', () => {
  it('runs each event once per group, and every subscriber gets exactly its own filtered events, once, in order', async () => {
    const groups = [
      { name: 'all, key 1', vars: {}, key: KEY_1, n: 10, keep: (_t: string) => true },
      { name: 'sources FOURHSE, key 1', vars: { filter: { sources: ['FOURHSE'] } }, key: KEY_1, n: 5, keep: (_t: string) => true },
      { name: 'CREATED+DELETED, key 1', vars: { filter: { types: ['CREATED', 'DELETED'] } }, key: KEY_1, n: 5, keep: (t: string) => t !== 'UPDATED' },
      { name: 'CREATED+UPDATED, key 1', vars: { filter: { types: ['CREATED', 'UPDATED'] } }, key: KEY_1, n: 5, keep: (t: string) => t !== 'DELETED' },
      { name: 'all, key 2', vars: {}, key: KEY_2, n: 5, keep: (_t: string) => true },
    ];
    const subs = groups.map((g) => Array.from({ length: g.n }, () => track(subscribe(gw.url, g.vars, bearer(g.key)))));
    // Every subscriber in place: each has received a marker (markers are 4HSE CREATEs: every group keeps them).
    for (const s of subs.flat()) await subscribed(s.events, gw.url, SECRET, gw.sandbox);
    // Then one more marker that every subscriber receives: from here on no marker is still being executed.
    const sync = await markEvent(gw.url, SECRET, gw.sandbox);
    await eventually(() => subs.flat().every((s) => s.events.some((e) => e.eventId === sync)), { timeoutMs: 10_000, what: 'the sync marker at every subscriber' });
    expect((await gw.gateway.metrics.subscriptionGroups.get()).values[0].value).toBe(groups.length);
    const before = await executions();

    const recorded = await changes(3);
    const total = recorded.length;
    // A last marker every subscriber gets after them (events come in order): nothing more is on its way.
    const last = await markEvent(gw.url, SECRET, gw.sandbox);
    await eventually(() => subs.flat().every((s) => s.events.some((e) => e.eventId === last)), { timeoutMs: 10_000, what: 'the last marker at every subscriber' });

    for (const [gi, g] of groups.entries()) {
      const want = recorded.filter((r) => g.keep(r.type));
      for (const s of subs[gi]) {
        expect(s.errors).toEqual([]);
        const got = s.events.filter((e) => !isMarker(e));
        // Exactly its own events: the right types, once each, in the order they were recorded.
        expect(got.map((e) => e.eventId)).toEqual(want.map((r) => r.eventId));
        expect(got.map((e) => e.type)).toEqual(want.map((r) => r.type));
        const ids = s.events.map((e) => e.eventId);
        expect(new Set(ids).size).toBe(ids.length);
      }
    }
    // Once per group and event (the last marker included), not once per subscriber.
    const perGroup = groups.reduce((n, g) => n + recorded.filter((r) => g.keep(r.type)).length + 1, 0);
    expect(await executions()).toBe(before + perGroup);
    expect(perGroup).toBeLessThan(total * subs.flat().length);
  }, 60_000);

  it('resuming subscribers replay on their own, then join the shared stream: no gap, no duplicate, while events keep coming', async () => {
    const query = 'subscription Resume($after: String) { certificateEvents(after: $after) { eventId type certificateId } }';
    const live = track(subscribe(gw.url, {}, bearer(KEY_1), query));
    await subscribed(live.events, gw.url, SECRET, gw.sandbox);
    const start = await markEvent(gw.url, SECRET, gw.sandbox);
    await changes(2); // missed by the resuming subscribers: replayed from the log
    // Resuming subscribers join one after another while events are recorded.
    const resumers: Subscriber[] = [];
    const joining = (async () => {
      for (let i = 0; i < 4; i++) {
        resumers.push(track(subscribe(gw.url, { after: start }, bearer(KEY_1), query)));
        await changes(1);
      }
    })();
    await joining;
    await changes(1);
    const last = await markEvent(gw.url, SECRET, gw.sandbox);
    for (const s of [live, ...resumers]) await eventually(() => s.events.some((e) => e.eventId === last), { timeoutMs: 10_000, what: 'the last marker' });
    const expected = live.events.slice(live.events.findIndex((e) => e.eventId === start) + 1).map((e) => e.eventId);
    expect(expected.length).toBeGreaterThanOrEqual(6 * 3 + 1);
    for (const s of resumers) {
      expect(s.errors).toEqual([]);
      expect(s.events.map((e) => e.eventId)).toEqual(expected);
    }
  }, 60_000);
});

describe('after given in the document, or as a non-null variable', () => {
  it('replays from there for each subscriber, then shares one group with the live subscribers', async () => {
    const groupsBefore = (await gw.gateway.metrics.subscriptionGroups.get()).values[0].value;
    const live = track(subscribe(gw.url, {}, bearer(KEY_1), 'subscription Lit { certificateEvents { eventId type } }'));
    await subscribed(live.events, gw.url, SECRET, gw.sandbox);
    const first = await markEvent(gw.url, SECRET, gw.sandbox);
    await changes(1);
    const second = await markEvent(gw.url, SECRET, gw.sandbox);
    await changes(1);
    const literal = track(subscribe(gw.url, {}, bearer(KEY_1), `subscription Lit { certificateEvents(after: "${first}") { eventId type } }`));
    const nonNull = track(subscribe(gw.url, { a: second }, bearer(KEY_1), 'subscription Lit($a: String!) { certificateEvents(after: $a) { eventId type } }'));
    await changes(1);
    const last = await markEvent(gw.url, SECRET, gw.sandbox);
    for (const s of [live, literal, nonNull]) await eventually(() => s.events.some((e) => e.eventId === last), { timeoutMs: 10_000, what: 'the last marker' });
    const ids = live.events.map((e) => e.eventId);
    expect(literal.errors).toEqual([]);
    expect(nonNull.errors).toEqual([]);
    expect(literal.events.map((e) => e.eventId)).toEqual(ids.slice(ids.indexOf(first) + 1));
    expect(nonNull.events.map((e) => e.eventId)).toEqual(ids.slice(ids.indexOf(second) + 1));
    // The three are one group: `after` is not part of what they share.
    expect((await gw.gateway.metrics.subscriptionGroups.get()).values[0].value).toBe(groupsBefore + 1);
  }, 60_000);
});

describe('$after used elsewhere in the document too', () => {
  it('is not split out: each such subscriber replays in a private group of its own, without errors', async () => {
    const query =
      'subscription Twice($after: String) { certificateEvents(after: $after) { eventId type certificate { certification { certificates(first: 1, after: $after) { totalCount } } } } }';
    const live = track(subscribe(gw.url, {}, bearer(KEY_1), 'subscription Lit { certificateEvents { eventId type } }'));
    await subscribed(live.events, gw.url, SECRET, gw.sandbox);
    const from = await markEvent(gw.url, SECRET, gw.sandbox);
    await changes(1);
    const groupsBefore = (await gw.gateway.metrics.subscriptionGroups.get()).values[0].value;
    const twice = [0, 1].map(() => track(subscribe(gw.url, { after: from }, bearer(KEY_1), query)));
    const last = await markEvent(gw.url, SECRET, gw.sandbox);
    for (const s of [live, ...twice]) await eventually(() => s.events.some((e) => e.eventId === last), { timeoutMs: 10_000, what: 'the last marker' });
    const ids = live.events.map((e) => e.eventId);
    for (const s of twice) {
      expect(s.errors).toEqual([]);
      expect(s.events.map((e) => e.eventId)).toEqual(ids.slice(ids.indexOf(from) + 1));
    }
    // Two subscribers with the same document and variables, yet a group each.
    expect((await gw.gateway.metrics.subscriptionGroups.get()).values[0].value).toBe(groupsBefore + 2);
  }, 60_000);
});

describe('a never-reading socket in a shared group', () => {
  it('does not delay the others, and is closed by the stall guard', async () => {
    const query = 'subscription Big { certificateEvents { eventId certificate { name data } } }';
    const readers = Array.from({ length: 3 }, () => track(subscribe(gw.url, {}, bearer(KEY_2), query)));
    for (const r of readers) await subscribed(r.events, gw.url, SECRET, gw.sandbox);
    // The same subscription (same group) on a raw client that stops reading its TCP socket.
    const stalled = new WebSocket(gw.url.replace(/^http/, 'ws') + '/graphql', 'graphql-transport-ws');
    const closed = new Promise<number>((resolve) => stalled.on('close', (code) => resolve(code)));
    let gotNext = false;
    await new Promise<void>((resolve, reject) => {
      stalled.on('error', reject);
      stalled.on('open', () => stalled.send(JSON.stringify({ type: 'connection_init', payload: bearer(KEY_2) })));
      stalled.on('message', (m) => {
        const msg = JSON.parse((m as Buffer).toString('utf8'));
        if (msg.type === 'connection_ack') {
          stalled.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } }));
          resolve();
        }
        if (msg.type === 'next') gotNext = true;
      });
    });
    // In place once its first event came: then it stops reading.
    await eventually(async () => {
      await markEvent(gw.url, SECRET, gw.sandbox);
      return gotNext;
    }, { intervalMs: 20, what: 'a marker at the raw subscriber' });
    (stalled as unknown as { _socket: import('node:net').Socket })._socket.pause();
    const closesBefore = await counter(gw.gateway.metrics.slowClientCloses);
    const N = 12; // ~900 KB each: far beyond the socket buffers and the 1 MiB limit
    const ids: string[] = [];
    for (let i = 0; i < N; i++) {
      const r = await postWebhook(gw.url, SECRET, 'CERTIFICATE::CREATE', fourHseWebhookCertificate(gw.sandbox, { name: `Big ${i}`, data: { scan: 'x'.repeat(900 * 1024) } }));
      expect(r.status).toBe(200);
      ids.push(r.body.eventId);
    }
    for (const r of readers) {
      await eventually(() => ids.every((id) => r.events.some((e) => e.eventId === id)), { timeoutMs: 15_000, what: `${N} big events at a reader` });
      expect(r.events.filter((e) => e.certificate?.name?.startsWith('Big ')).map((e) => e.certificate.name)).toEqual(Array.from({ length: N }, (_, i) => `Big ${i}`));
    }
    await eventually(async () => (await counter(gw.gateway.metrics.slowClientCloses)) > closesBefore, { timeoutMs: 10_000, what: 'the slow-client close' });
    (stalled as unknown as { _socket: import('node:net').Socket })._socket.resume();
    expect([1008, 1006]).toContain(await closed);
  }, 60_000);
});

describe('webhook answers', () => {
  it('come as soon as the event is recorded, before its fan-out (memory log)', async () => {
    await answeredBeforeFanout({});
  }, 30_000);
  it('come as soon as the event is recorded, before its fan-out (Redis log and pub/sub)', async () => {
    await answeredBeforeFanout({ REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', REDIS_KEY_PREFIX: `test:${randomUUID()}:` });
  }, 30_000);
});

/**
 * A deliberately slow fan-out: the gateway's turn between two chunks of
 * sends waits for the test to open a gate. The webhook is answered while the
 * gate is shut, so no subscriber has the event yet; then every one gets it.
 */
async function answeredBeforeFanout(env: Record<string, string>): Promise<void> {
  let gateOpen = true;
  const waiting: (() => void)[] = [];
  const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
  const g = await startTestGateway({
    env: { FOURHSE_WEBHOOK_SECRET: SECRET, ...env },
    wsFanoutYield: () => (gateOpen ? turn() : new Promise<void>((resolve) => waiting.push(resolve))),
  });
  const subs: Subscriber[] = [];
  try {
    for (let i = 0; i < 5; i++) subs.push(subscribe(g.url, {}, undefined, EVENTS_SUBSCRIPTION));
    for (const s of subs) await subscribed(s.events, g.url, SECRET, g.sandbox);
    gateOpen = false;
    const r = await postWebhook(g.url, SECRET, 'CERTIFICATE::CREATE', fourHseWebhookCertificate(g.sandbox, { name: 'Answered first' }));
    // The answer came with the fan-out held: it did not wait for any delivery.
    expect(r.status).toBe(200);
    await eventually(() => waiting.length > 0, { what: 'the fan-out to reach its gate' });
    expect(subs.some((s) => s.events.some((e) => e.eventId === r.body.eventId))).toBe(false);
    gateOpen = true;
    for (const w of waiting.splice(0)) w();
    for (const s of subs) await eventually(() => s.events.some((e) => e.eventId === r.body.eventId), { what: 'the event at every subscriber once the gate opened' });
  } finally {
    gateOpen = true;
    for (const w of waiting.splice(0)) w();
    await Promise.all(subs.map((s) => s.close()));
    await g.stop();
  }
}
