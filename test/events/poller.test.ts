import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import { createRedisLog } from '../../src/events/log';
import { createMemoryLease, createRedisLease } from '../../src/events/lease';
import { createPoller, MAX_BACKOFF_INTERVALS, type Poller } from '../../src/events/poller';
import type { Connector } from '../../src/connectors/types';
import type { SourceName } from '../../src/domain';
import { encodeId } from '../../src/ids';
import type { Sandbox } from '../../src/sandbox';
import type { Config } from '../../src/config';
import { eventually } from '../helpers/eventually';
import {
  captureLogger,
  connectRedis,
  controlPolls,
  deleteKeys,
  ensinioIssue,
  ensinioRevoke,
  mutable,
  recordingBus,
  replicaConnectors,
  springestUpload,
  startSimulators,
  testClock,
} from './helpers';

const TODAY = '2026-02-10';
const clock = testClock(`${TODAY}T09:00:00Z`);
let sandbox: Sandbox;
let config: Config;
const cleanups: (() => Promise<void> | void)[] = [];
const pollers: Poller[] = [];

beforeAll(async () => {
  ({ sandbox, config } = await startSimulators(TODAY));
});
afterAll(async () => {
  await Promise.all(pollers.map((p) => p.stop()));
  for (const c of cleanups.reverse()) await c();
  await sandbox?.stop();
});

function replica() {
  const logger = captureLogger();
  const { connectors, close } = replicaConnectors(config, clock, logger);
  cleanups.push(close);
  return { logger, connectors };
}

const track = (p: Poller) => (pollers.push(p), p);

/** Upstream requests a simulator received while `fn` ran. */
async function counted<T>(source: SourceName, fn: () => Promise<T>): Promise<{ value: T; requests: number }> {
  const sim = sandbox.simulators.get(source)!;
  const before = sim.requests.length;
  const value = await fn();
  return { value, requests: sim.requests.length - before };
}

interface Scenario {
  source: 'SPRINGEST' | 'ENSINIO' | 'FALKOR';
  /** Upstream requests one full listing takes. */
  requestsPerPoll(): number;
  /** Creates a certificate upstream; its sourceId. */
  create(): Promise<string>;
  /** Changes it upstream; the changes the event must carry. */
  update(sourceId: string): Promise<(changes: { field: string; old: unknown; new: unknown }[]) => void>;
  remove(sourceId: string): Promise<void>;
}

const scenarios: Scenario[] = [
  {
    source: 'ENSINIO',
    requestsPerPoll: () => Math.max(1, Math.ceil(sandbox.ensinio.certificates.length / 100)),
    async create() {
      const group = sandbox.seed.ensinio.groups.find((g) => g.validityMonths !== null)!;
      const user = sandbox.seed.ensinio.users[0];
      return String((await ensinioIssue(sandbox, { group_id: group.id, user_id: user.id, conclusion_date: '2026-02-01' })).id);
    },
    async update(sourceId) {
      // Ensinio has no update endpoint: the platform's admin renames the certificate and extends it.
      const c = mutable(sandbox.ensinio.certificates).find((x) => String(x.id) === sourceId)!;
      const oldName = c.group_name;
      const oldExpiry = c.expiration_date;
      c.alternative_name = 'Advanced Firefighting (renewed)';
      c.expiration_date = '2031-02-01';
      return (changes) =>
        expect(changes).toEqual([
          { field: 'name', old: oldName, new: 'Advanced Firefighting (renewed)' },
          { field: 'expiresOn', old: oldExpiry, new: '2031-02-01' },
        ]);
    },
    remove: (sourceId) => ensinioRevoke(sandbox, Number(sourceId)),
  },
  {
    source: 'SPRINGEST',
    requestsPerPoll: () => 1,
    async create() {
      const certification = sandbox.seed.springest.certifications[0];
      const email = sandbox.springest.certificates[0].user.email;
      return String((await springestUpload(sandbox, { certificationId: certification.id, email, validFrom: '2026-02-01', validUntil: '2028-02-01' })).id);
    },
    async update(sourceId) {
      // Springest's API cannot update: the vendor's staff corrects the validity.
      const c = mutable(sandbox.springest.certificates).find((x) => String(x.id) === sourceId)!;
      c.valid_until = '2029-02-01';
      return (changes) => expect(changes).toEqual([{ field: 'expiresOn', old: '2028-02-01', new: '2029-02-01' }]);
    },
    async remove(sourceId) {
      const all = mutable(sandbox.springest.certificates);
      all.splice(all.findIndex((x) => String(x.id) === sourceId), 1);
    },
  },
  {
    source: 'FALKOR',
    requestsPerPoll: () => 1,
    // Falkor is read only: the app's own activity is simulated by changing the simulator's live array.
    async create() {
      const user = sandbox.seed.falkor.users[0];
      const story = sandbox.seed.falkor.stories[0];
      const timestamp = '2026-02-09T14:30:00+01:00';
      mutable(sandbox.falkor.certificates).push({
        storyId: story.ID,
        item: {
          firstname: user.firstname, lastname: user.lastname, email: user.email, telephone: user.telephone, country: user.country, city: user.city,
          certificate: { timestamp, state: 'delivered', url: 'https://certificates.falkor.example/c/first' },
        },
      });
      return `${story.ID}/${user.email.toLowerCase()}/${timestamp}`;
    },
    async update(sourceId) {
      const c = sandbox.falkor.certificates.find((x) => `${x.storyId}/${x.item.email.toLowerCase()}/${x.item.certificate.timestamp}` === sourceId)!;
      c.item.certificate = { ...c.item.certificate, state: 'pending', url: 'https://certificates.falkor.example/c/second' };
      return (changes) => {
        expect(changes.map((x) => x.field)).toEqual(['data', 'url', 'pending']);
        expect(changes[1]).toEqual({ field: 'url', old: 'https://certificates.falkor.example/c/first', new: 'https://certificates.falkor.example/c/second' });
        expect(changes[2]).toEqual({ field: 'pending', old: false, new: true });
        expect(changes[0]).toMatchObject({ old: { state: 'delivered' }, new: { state: 'pending' } });
      };
    },
    async remove(sourceId) {
      const all = mutable(sandbox.falkor.certificates);
      all.splice(all.findIndex((x) => `${x.storyId}/${x.item.email.toLowerCase()}/${x.item.certificate.timestamp}` === sourceId), 1);
    },
  },
];

describe.each(scenarios)('$source poller', (s) => {
  let poller: Poller;
  let events: ReturnType<typeof recordingBus>['events'];
  let connector: Connector;
  let sourceId: string;
  const typesSince = (n: number) => events.slice(n).map((e) => e.type);

  beforeAll(() => {
    const { logger, connectors } = replica();
    const rec = recordingBus(clock, logger);
    events = rec.events;
    connector = connectors.get(s.source)!;
    poller = track(createPoller({ connector, bus: rec.bus, clock, intervalMs: 60_000, lease: createMemoryLease(), logger, expiringWithinDays: 30 }));
  });

  it('records a baseline on the first poll and publishes nothing, in one listing', async () => {
    const { value, requests } = await counted(s.source, () => poller.pollOnce());
    expect(value).toEqual({ created: 0, updated: 0, deleted: 0, duplicates: 0, polled: true, baseline: true });
    expect(requests).toBe(s.requestsPerPoll());
    expect(events).toHaveLength(0);
    const again = await counted(s.source, () => poller.pollOnce());
    expect(again.value).toMatchObject({ created: 0, updated: 0, deleted: 0, polled: true, baseline: false });
    expect(again.requests).toBe(s.requestsPerPoll());
    expect(events).toHaveLength(0);
  });

  it('a created certificate is one CREATED event', async () => {
    sourceId = await s.create();
    const n = events.length;
    expect(await poller.pollOnce()).toMatchObject({ created: 1, updated: 0, deleted: 0 });
    expect(typesSince(n)).toEqual(['CREATED']);
    const e = events[n];
    expect(e.source).toBe(s.source);
    expect(e.certificate?.sourceId).toBe(sourceId);
    expect(e.certificateId).toBe(encodeId('Certificate', s.source, e.certificate!.key));
    expect(e.changes).toEqual([]);
    expect(e.occurredAt).toBe(clock.now().toISOString());
    // Nothing changed since: nothing more.
    expect(await poller.pollOnce()).toMatchObject({ created: 0, updated: 0, deleted: 0 });
    expect(events).toHaveLength(n + 1);
  });

  it('an updated certificate is one UPDATED event with its changes', async () => {
    const check = await s.update(sourceId);
    const n = events.length;
    expect(await poller.pollOnce()).toMatchObject({ created: 0, updated: 1, deleted: 0 });
    expect(typesSince(n)).toEqual(['UPDATED']);
    const e = events[n];
    expect(e.certificate?.sourceId).toBe(sourceId);
    expect(e.certificateId).toBe(events[n - 1].certificateId);
    check(e.changes);
    expect(await poller.pollOnce()).toMatchObject({ created: 0, updated: 0, deleted: 0 });
    expect(events).toHaveLength(n + 1);
  });

  it('a deleted certificate is one DELETED event carrying the last known certificate', async () => {
    const lastKnown = events[events.length - 1].certificate;
    await s.remove(sourceId);
    const n = events.length;
    expect(await poller.pollOnce()).toMatchObject({ created: 0, updated: 0, deleted: 1 });
    expect(typesSince(n)).toEqual(['DELETED']);
    expect(events[n].certificate).toEqual(lastKnown);
    expect(events[n].certificateId).toBe(events[n - 1].certificateId);
    expect(await poller.pollOnce()).toMatchObject({ created: 0, updated: 0, deleted: 0 });
    expect(events).toHaveLength(n + 1);
  });
});

describe('Springest polling', () => {
  it('reads the whole list every poll (no created_from: it would miss updates and deletions)', async () => {
    const { logger, connectors } = replica();
    const { bus } = recordingBus(clock, logger);
    const poller = track(createPoller({ connector: connectors.get('SPRINGEST')!, bus, clock, intervalMs: 60_000, lease: createMemoryLease(), logger, expiringWithinDays: 30 }));
    const before = sandbox.springest.requests.length;
    await poller.pollOnce();
    await poller.pollOnce();
    const sent = sandbox.springest.requests.slice(before);
    expect(sent).toHaveLength(2);
    for (const r of sent) {
      expect(r.path).toBe('/users/certificates.json');
      expect(Object.keys(r.query).sort()).toEqual(['api_key']);
    }
  });
});

describe('several replicas', () => {
  let redisA: Redis;
  let redisB: Redis;
  const prefix = `test:poller:${randomUUID()}:`;

  beforeAll(async () => {
    redisA = await connectRedis();
    redisB = await connectRedis();
  });
  afterAll(async () => {
    await Promise.all(pollers.map((p) => p.stop()));
    if (redisA) {
      await deleteKeys(redisA, prefix);
      await redisA.quit();
    }
    await redisB?.quit();
  });

  /** A replica's Ensinio poller: its own connectors, Redis connection and lease, one shared Redis log and snapshot key. */
  function ensinioReplica(redis: Redis, owner: string, ttlMs = 60_000) {
    const { logger, connectors } = replica();
    const rec = recordingBus(clock, logger, createRedisLog(redis, prefix));
    const poller = track(
      createPoller({
        connector: connectors.get('ENSINIO')!,
        bus: rec.bus,
        clock,
        intervalMs: 1_000,
        lease: createRedisLease(redis, `${prefix}lease:poller:ENSINIO`, owner, ttlMs),
        logger,
        expiringWithinDays: 30,
        redis,
        snapshotKey: `${prefix}poller:ENSINIO:snapshot`,
      }),
    );
    return { poller, events: rec.events };
  }
  const pages = () => Math.ceil(sandbox.ensinio.certificates.length / 100);
  const someGroup = () => sandbox.seed.ensinio.groups[1];
  const someUser = () => sandbox.seed.ensinio.users[2];

  it('only the lease holder polls; the other takes over, from the saved snapshot, when it stops', async () => {
    const a = ensinioReplica(redisA, 'replica-a');
    const b = ensinioReplica(redisB, 'replica-b');
    for (let round = 0; round < 3; round++) {
      const ra = await counted('ENSINIO', () => a.poller.pollOnce());
      const rb = await counted('ENSINIO', () => b.poller.pollOnce());
      expect(ra.value.polled).toBe(true);
      expect(ra.value.baseline).toBe(round === 0);
      expect(ra.requests).toBe(pages());
      expect(rb.value.polled).toBe(false);
      expect(rb.requests).toBe(0);
    }
    const first = await ensinioIssue(sandbox, { group_id: someGroup().id, user_id: someUser().id, conclusion_date: '2026-02-03' });
    expect(await a.poller.pollOnce()).toMatchObject({ created: 1, polled: true });
    expect(await b.poller.pollOnce()).toMatchObject({ created: 0, polled: false });

    await a.poller.stop(); // releases the lease
    // During the hand-over: one more created, the first one revoked.
    const second = await ensinioIssue(sandbox, { group_id: someGroup().id, user_id: someUser().id, conclusion_date: '2026-02-04' });
    await ensinioRevoke(sandbox, first.id);
    const rb = await counted('ENSINIO', () => b.poller.pollOnce());
    expect(rb.requests).toBe(pages());
    // b continues from a's snapshot: not a baseline, and the gap's changes, the deletion included, are reported.
    expect(rb.value).toMatchObject({ polled: true, baseline: false, created: 1, deleted: 1, updated: 0, duplicates: 0 });
    expect(b.events.map((e) => [e.type, e.certificate?.sourceId])).toEqual([
      ['CREATED', String(second.id)],
      ['DELETED', String(first.id)],
    ]);
    expect(a.events.map((e) => [e.type, e.certificate?.sourceId])).toEqual([['CREATED', String(first.id)]]);
    await ensinioRevoke(sandbox, second.id);
    await b.poller.pollOnce();
    await b.poller.stop();
  });

  it('a holder that dies (stops renewing) is replaced after the lease ttl', async () => {
    const ttl = 1_000;
    const a = ensinioReplica(redisA, 'dying-a', ttl);
    const b = ensinioReplica(redisB, 'heir-b', ttl);
    expect((await a.poller.pollOnce()).polled).toBe(true);
    expect((await b.poller.pollOnce()).polled).toBe(false);
    // a is never called again (no release): b polls once a's lease has lapsed.
    await eventually(async () => (await b.poller.pollOnce()).polled, { timeoutMs: 5_000, intervalMs: 50, what: 'b to poll once the lease lapsed' });
    expect((await a.poller.pollOnce()).polled).toBe(false);
    await b.poller.stop();
    await a.poller.stop();
  });

  it('without a shared snapshot, a replica that regains the lease starts from a new baseline', async () => {
    const key = `${prefix}lease:memory-mode`;
    const { logger, connectors } = replica();
    const rec = recordingBus(clock, logger);
    const lease = createRedisLease(redisA, key, 'replica-a', 60_000);
    const poller = track(createPoller({ connector: connectors.get('ENSINIO')!, bus: rec.bus, clock, intervalMs: 1_000, lease, logger, expiringWithinDays: 30 }));
    expect(await poller.pollOnce()).toMatchObject({ polled: true, baseline: true });
    await redisA.set(key, 'replica-b', 'PX', 60_000); // another replica holds it now
    expect(await poller.pollOnce()).toMatchObject({ polled: false });
    const issued = await ensinioIssue(sandbox, { group_id: someGroup().id, user_id: someUser().id, conclusion_date: '2026-02-06' });
    await redisA.del(key); // ... and lets it go
    // Its old in-memory snapshot may be behind what the other replica reported: a baseline, nothing published.
    expect(await poller.pollOnce()).toMatchObject({ polled: true, baseline: true, created: 0 });
    expect(rec.events).toEqual([]);
    await ensinioRevoke(sandbox, issued.id);
    expect(await poller.pollOnce()).toMatchObject({ polled: true, baseline: false, deleted: 1 });
  });

  it('a poll that outlives its lease publishes nothing', async () => {
    const { logger, connectors } = replica();
    const rec = recordingBus(clock, logger);
    // Once `lapsing`, held from each acquire only until the upstream has received the poll's request:
    // it lapses while the upstream answers.
    let lapsing = false;
    let acquiredAt = 0;
    const lease = {
      tryAcquire: async () => ((acquiredAt = sandbox.springest.requests.length), true),
      release: async () => undefined,
      get held() { return !lapsing || sandbox.springest.requests.length === acquiredAt; },
    };
    const poller = track(createPoller({ connector: connectors.get('SPRINGEST')!, bus: rec.bus, clock, intervalMs: 1_000, lease, logger, expiringWithinDays: 30 }));
    expect(await poller.pollOnce()).toMatchObject({ polled: true, baseline: true });
    const all = mutable(sandbox.springest.certificates);
    const removed = all.splice(all.findIndex((c) => c.status === 'verified'), 1)[0];
    try {
      lapsing = true;
      expect(await poller.pollOnce()).toMatchObject({ polled: false, deleted: 0 });
      expect(rec.events).toEqual([]);
    } finally {
      all.push(removed);
    }
  });

  it('two replicas that both see a change record it once', async () => {
    // Memory leases: both poll (as during a hand-over race); the shared Redis log dedupes.
    // Its own log: the simulator reuses the id of a revoked newest certificate, which the previous test recorded.
    const logPrefix = `${prefix}dedupe:`;
    const make = (redis: Redis) => {
      const { logger, connectors } = replica();
      const rec = recordingBus(clock, logger, createRedisLog(redis, logPrefix));
      return { poller: track(createPoller({ connector: connectors.get('ENSINIO')!, bus: rec.bus, clock, intervalMs: 1_000, lease: createMemoryLease(), logger, expiringWithinDays: 30 })), events: rec.events };
    };
    const a = make(redisA);
    const b = make(redisB);
    await Promise.all([a.poller.pollOnce(), b.poller.pollOnce()]);
    const issued = await ensinioIssue(sandbox, { group_id: someGroup().id, user_id: someUser().id, conclusion_date: '2026-02-05' });
    const c = mutable(sandbox.ensinio.certificates).find((x) => x.id === issued.id)!;
    const [ra, rb] = [await a.poller.pollOnce(), await b.poller.pollOnce()];
    expect(ra.created + rb.created).toBe(1);
    expect(ra.duplicates + rb.duplicates).toBe(1);
    c.expiration_date = '2033-01-01';
    const [ua, ub] = [await a.poller.pollOnce(), await b.poller.pollOnce()];
    expect(ua.updated + ub.updated).toBe(1);
    expect(ua.duplicates + ub.duplicates).toBe(1);
    await ensinioRevoke(sandbox, issued.id);
    const [da, db] = [await a.poller.pollOnce(), await b.poller.pollOnce()];
    expect(da.deleted + db.deleted).toBe(1);
    expect([...a.events, ...b.events].map((e) => e.type).sort()).toEqual(['CREATED', 'DELETED', 'UPDATED']);
  });
});

describe('back-off', () => {
  const I = 1_000;
  let poller: Poller;
  let logger: ReturnType<typeof captureLogger>;

  beforeAll(() => {
    const r = replica();
    logger = r.logger;
    const { bus } = recordingBus(clock, logger);
    poller = track(createPoller({ connector: r.connectors.get('SPRINGEST')!, bus, clock, intervalMs: I, lease: createMemoryLease(), logger, expiringWithinDays: 30 }));
  });
  afterEach(() => sandbox.springest.setFault(null));

  const warnings = () => logger.lines.filter((l) => l.msg.startsWith('poll failed;'));

  it('spaces out polls exponentially while the upstream fails, up to 10 intervals, logging once per streak', async () => {
    await poller.pollOnce();
    expect(poller.nextDelayMs()).toBe(I);
    sandbox.springest.setFault({ kind: 'status', status: 503 });
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      const { requests } = await counted('SPRINGEST', () => expect(poller.pollOnce()).rejects.toMatchObject({ extensions: { code: 'UPSTREAM_UNAVAILABLE', source: 'SPRINGEST' } }));
      expect(requests).toBe(1); // one request per poll, no retry storm
      delays.push(poller.nextDelayMs());
    }
    expect(delays).toEqual([2 * I, 4 * I, 8 * I, MAX_BACKOFF_INTERVALS * I, MAX_BACKOFF_INTERVALS * I, MAX_BACKOFF_INTERVALS * I]);
    expect(poller.failures).toBe(6);
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatchObject({ level: 'warn', source: 'SPRINGEST', code: 'UPSTREAM_UNAVAILABLE', nextPollInMs: 2 * I });

    sandbox.springest.setFault(null);
    await poller.pollOnce();
    expect(poller.nextDelayMs()).toBe(I);
    expect(poller.failures).toBe(0);
    expect(logger.lines.filter((l) => l.msg === 'poll succeeded again')).toHaveLength(1);

    // A new streak is logged again, once.
    sandbox.springest.setFault({ kind: 'status', status: 502 });
    await expect(poller.pollOnce()).rejects.toThrow();
    await expect(poller.pollOnce()).rejects.toThrow();
    expect(poller.nextDelayMs()).toBe(4 * I);
    expect(warnings()).toHaveLength(2);
    sandbox.springest.setFault(null);
    await poller.pollOnce();
  });

  it("waits at least the upstream's Retry-After when rate limited", async () => {
    sandbox.springest.setFault({ kind: 'status', status: 429, headers: { 'retry-after': '120' } });
    await expect(poller.pollOnce()).rejects.toMatchObject({ extensions: { code: 'RATE_LIMITED', retryAfter: 120 } });
    expect(poller.nextDelayMs()).toBe(120_000);
    sandbox.springest.setFault(null);
    await poller.pollOnce();
    expect(poller.nextDelayMs()).toBe(I);
  });

  it('start() polls on its own and stop() ends it', async () => {
    const r = replica();
    const { bus, events } = recordingBus(clock, r.logger);
    const p = createPoller({ connector: r.connectors.get('FALKOR')!, bus, clock, intervalMs: 30, lease: createMemoryLease(), logger: r.logger, expiringWithinDays: 30 });
    const before = sandbox.falkor.requests.length;
    p.start();
    await eventually(() => sandbox.falkor.requests.length - before >= 3, { what: 'three polls reaching Falkor' });
    await p.stop();
    const stoppedAt = sandbox.falkor.requests.length;
    // Another poller on the same interval polls three times: the stopped one would have polled meanwhile.
    await controlPolls(r.connectors.get('SPRINGEST')!, clock, 30);
    expect(sandbox.falkor.requests.length).toBe(stoppedAt);
    expect(events).toHaveLength(0); // nothing changed: the first tick was the baseline
  });
});
