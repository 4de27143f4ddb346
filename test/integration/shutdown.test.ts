import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { startSandbox, type Sandbox } from '../../src/sandbox';
import { sandboxEnv, startProcessGateway, type ProcessGateway } from '../helpers/process-gateway';
import { eventually } from '../helpers/eventually';
import { markEvent } from '../helpers/webhooks';
import { subscribe, type Subscriber } from '../helpers/subscriber';
import { ensinioIssue } from '../events/helpers';

/**
 * Two gateway processes polling through one real Redis: exactly one holds a
 * source's lease, a change found by it reaches the subscribers of both; on
 * SIGTERM the holder finishes what is in flight, says 1001 to its
 * subscribers, releases its leases and exits, and the other takes over.
 */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `test:${randomUUID()}:`;
let sandbox: Sandbox;
let redis: Redis;
const replicas: ProcessGateway[] = [];
const subs: Subscriber[] = [];
const ENSINIO_LEASE = `${PREFIX}lease:poller:ENSINIO`;
const SECRET = 'whsec-' + randomUUID();

const mark = (url: string) => markEvent(url, SECRET, sandbox);

beforeAll(async () => {
  sandbox = await startSandbox();
  redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  const env = {
    ...sandboxEnv(sandbox),
    REDIS_URL,
    REDIS_KEY_PREFIX: PREFIX,
    POLL_INTERVAL_S: '1',
    FOURHSE_WEBHOOK_SECRET: SECRET,
  };
  replicas.push(...(await Promise.all([startProcessGateway(env), startProcessGateway(env)])));
}, 30_000);

afterAll(async () => {
  await Promise.all(replicas.map((r) => r.kill('SIGKILL')));
  for (const s of subs) void s.close().catch(() => undefined);
  const keys = await redis.keys(`${PREFIX}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  await sandbox?.stop();
}, 15_000);

/** Upstream calls a replica made to Ensinio, from its own /metrics. */
async function ensinioCalls(r: ProcessGateway): Promise<number> {
  const text = await (await fetch(`${r.url}/metrics`)).text();
  let n = 0;
  for (const m of text.matchAll(/^gateway_upstream_requests_total\{[^}]*source="ENSINIO"[^}]*\} (\d+)$/gm)) n += Number(m[1]);
  return n;
}
const pidOf = (r: ProcessGateway) => r.child.pid!;
async function holder(): Promise<ProcessGateway | undefined> {
  const owner = await redis.get(ENSINIO_LEASE);
  return replicas.find((r) => owner !== null && owner.split(':').includes(String(pidOf(r))));
}
const ensinioCreated = (s: Subscriber, id: number) => s.events.filter((e) => e.type === 'CREATED' && e.source === 'ENSINIO' && e.certificate?.sourceId === String(id));
const QUERY = `subscription Created($filter: CertificateEventFilter, $after: String) {
  certificateEvents(filter: $filter, after: $after) { eventId type source certificateId certificate { id sourceId name } }
}`;
const watch = (url: string, after: string) => {
  const s = subscribe(url, { after, filter: { sources: ['ENSINIO'], types: ['CREATED'] } }, undefined, QUERY);
  subs.push(s);
  return s;
};
const group = () => sandbox.seed.ensinio.groups[0].id;
const user = (i: number) => sandbox.seed.ensinio.users[i].id;

it('one replica polls a source; the change it finds reaches the subscribers of both, once', async () => {
  await eventually(async () => (await holder()) !== undefined, { timeoutMs: 10_000, what: 'a replica holds the Ensinio lease' });
  // The holder has recorded its baseline (saved once its first poll is done): a change made from now on is
  // a difference, not part of the baseline.
  await eventually(async () => (await redis.exists(`${PREFIX}poller:ENSINIO:snapshot`)) === 1, { timeoutMs: 10_000, what: 'the Ensinio baseline' });
  const from = await mark(replicas[0].url);
  const [onA, onB] = replicas.map((r) => watch(r.url, from));
  const issued = await ensinioIssue(sandbox, { group_id: group(), user_id: user(1), conclusion_date: '2026-11-02' });
  await eventually(() => ensinioCreated(onA, issued.id).length > 0 && ensinioCreated(onB, issued.id).length > 0, { timeoutMs: 10_000, what: 'the CREATED event on both' });
  // Three more polls by the holder: the other replica, polling on the same interval, would have found the
  // change by then (and shown up in its Ensinio calls) had it polled Ensinio too.
  const lead = (await holder())!;
  const other = replicas.find((r) => r !== lead)!;
  const before = await Promise.all([lead, other].map(ensinioCalls));
  const perPoll = Math.ceil(sandbox.ensinio.certificates.length / 100); // pages of 100
  await eventually(async () => (await ensinioCalls(lead)) - before[0] >= 3 * perPoll, { timeoutMs: 10_000, what: 'three more Ensinio polls by the lease holder' });
  const after = await Promise.all([lead, other].map(ensinioCalls));
  expect(after[1] - before[1]).toBe(0);
  expect(ensinioCreated(onA, issued.id)).toHaveLength(1);
  expect(ensinioCreated(onB, issued.id)).toHaveLength(1);
  expect(onA.events[0].eventId).toBe(onB.events[0].eventId);
}, 40_000);

it('SIGTERM: in-flight work finishes, subscribers get 1001, the lease is released and taken over', async () => {
  const leaving = (await holder())!;
  expect(leaving).toBeDefined();
  const staying = replicas.find((r) => r !== leaving)!;

  // A subscriber of the leaving replica, to see how it is told.
  const closes: number[] = [];
  const client = createClient({ url: leaving.url.replace(/^http/, 'ws') + '/graphql', webSocketImpl: WebSocket, retryAttempts: 0, lazy: false, onNonLazyError: () => undefined });
  client.on('closed', (e) => closes.push((e as { code: number }).code));
  const connected = new Promise<void>((resolve) => client.on('connected', () => resolve()));
  client.subscribe({ query: QUERY }, { next: () => undefined, error: () => undefined, complete: () => undefined });
  await connected;

  // A request in flight when the signal comes: Falkor answers it slowly. It asks for one story, so the
  // simulator can tell it from the pollers' requests and show when it has reached the upstream.
  const stories = (await (await fetch(`${leaving.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ stories { id sourceId } }' }) })).json()) as { data: { stories: { id: string; sourceId: string }[] } };
  const story = stories.data.stories[0];
  const ours = () => sandbox.falkor.requests.filter((r) => (r.body as { story?: unknown } | undefined)?.story === story.sourceId).length;
  const before = ours();
  sandbox.falkor.setFault({ kind: 'delay', ms: 1_500 });
  const inflight = fetch(`${leaving.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: `{ certificates(first: 5, filter: { sources: [FALKOR], storyId: "${story.id}" }) { totalCount nodes { id } } }` }),
  });
  await eventually(() => ours() > before, { timeoutMs: 10_000, what: 'the query reaches Falkor' });
  const t0 = Date.now();
  const exited = leaving.kill('SIGTERM');
  const res = await inflight;
  sandbox.falkor.setFault(null);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { data?: { certificates: { totalCount: number } }; errors?: unknown };
  expect(body.errors).toBeUndefined();
  expect(body.data!.certificates.totalCount).toBeGreaterThan(0);

  expect(await exited).toBe(0);
  expect(Date.now() - t0).toBeLessThan(10_000);
  expect(closes).toEqual([1001]);
  expect(leaving.logs.some((l) => l.includes('"gateway stopped"'))).toBe(true);
  // The finished request's connection closed with it: nothing was left for the grace period to cut.
  expect(leaving.logs.filter((l) => l.includes('cutting requests still running'))).toEqual([]);
  void client.dispose();

  // Released, not left to lapse: the other replica holds it within a tick or two.
  await eventually(async () => (await holder()) === staying, { timeoutMs: 3_000, what: 'the other replica takes the lease' });
  const onStaying = watch(staying.url, await mark(staying.url));
  const issued = await ensinioIssue(sandbox, { group_id: group(), user_id: user(2), conclusion_date: '2026-11-03' });
  await eventually(() => ensinioCreated(onStaying, issued.id).length === 1, { timeoutMs: 10_000, what: 'the change found by the new holder' });
}, 40_000);
