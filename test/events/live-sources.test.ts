import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import type { Config } from '../../src/config';
import { createRedisLog } from '../../src/events/log';
import { startLiveSources, type LiveSources } from '../../src/events/live-sources';
import type { CertificateEvent } from '../../src/events/types';
import type { Sandbox } from '../../src/sandbox';
import { eventually } from '../helpers/eventually';
import { captureLogger, connectRedis, controlPolls, deleteKeys, ensinioIssue, recordingBus, replicaConnectors, startSimulators, testClock } from './helpers';

const TODAY = '2026-02-10';
const clock = testClock(`${TODAY}T09:00:00Z`);
let sandbox: Sandbox;
let config: Config;
const running: LiveSources[] = [];
const closers: (() => void)[] = [];

beforeAll(async () => {
  ({ sandbox, config } = await startSimulators(TODAY));
});
afterAll(async () => {
  await Promise.all(running.map((l) => l.stop()));
  for (const c of closers) c();
  await sandbox?.stop();
});

function replica(redis: Redis | null, prefix: string, owner: string) {
  const logger = captureLogger();
  const { connectors, close } = replicaConnectors(config, clock, logger);
  closers.push(close);
  const rec = recordingBus(clock, logger, redis ? createRedisLog(redis, prefix) : undefined);
  const live = startLiveSources({ registry: config.registry, connectors, bus: rec.bus, clock, logger, pollIntervalMs: 40, expiringWithinDays: 30, redis, keyPrefix: prefix, owner, expiryIntervalMs: 60_000 });
  running.push(live);
  return { live, events: rec.events };
}

const created = (events: CertificateEvent[], id: number) => events.filter((e) => e.type === 'CREATED' && e.certificate?.sourceId === String(id));

it('one process: polls the sources without webhooks and publishes what changes', async () => {
  const { live, events } = replica(null, 'unused:', 'solo');
  expect([...live.pollers.keys()].sort()).toEqual(['ENSINIO', 'FALKOR', 'SPRINGEST']);
  // Let the first ticks record their baselines.
  const before = sandbox.ensinio.requests.length;
  await eventually(() => sandbox.ensinio.requests.length - before >= 2, { what: 'two Ensinio polls' });
  const issued = await ensinioIssue(sandbox, { group_id: sandbox.seed.ensinio.groups[0].id, user_id: sandbox.seed.ensinio.users[1].id, conclusion_date: '2026-02-02' });
  await eventually(() => created(events, issued.id).length > 0, { what: 'the CREATED event' });
  await live.stop();
  const stopped = sandbox.ensinio.requests.length;
  // Another poller on the same interval polls three times: a poller of the stopped one would have polled meanwhile.
  const control = replicaConnectors(config, clock, captureLogger());
  closers.push(control.close);
  await controlPolls(control.connectors.get('SPRINGEST')!, clock, 40);
  expect(sandbox.ensinio.requests.length).toBe(stopped);
  expect(created(events, issued.id)).toHaveLength(1);
});

describe('replicas on one Redis', () => {
  let redisA: Redis;
  let redisB: Redis;
  const prefix = `test:live:${randomUUID()}:`;
  beforeAll(async () => {
    redisA = await connectRedis();
    redisB = await connectRedis();
  });
  afterAll(async () => {
    await Promise.all(running.map((l) => l.stop()));
    if (redisA) {
      await deleteKeys(redisA, prefix);
      await redisA.quit();
    }
    await redisB?.quit();
  });

  it('each source is polled by one replica, and the other takes over when it stops', async () => {
    const a = replica(redisA, prefix, 'replica-a');
    const b = replica(redisB, prefix, 'replica-b');
    const leaseKey = `${prefix}lease:poller:ENSINIO`;
    // The holder's baseline is in place once the shared snapshot exists.
    await eventually(async () => (await redisA.exists(`${prefix}poller:ENSINIO:snapshot`)) === 1, { what: 'the Ensinio baseline in Redis' });
    const holder = await redisA.get(leaseKey);
    expect(['replica-a', 'replica-b']).toContain(holder);
    const issued = await ensinioIssue(sandbox, { group_id: sandbox.seed.ensinio.groups[0].id, user_id: sandbox.seed.ensinio.users[3].id, conclusion_date: '2026-02-03' });
    await eventually(() => created(a.events, issued.id).length + created(b.events, issued.id).length > 0, { what: 'the CREATED event' });
    // Three more polls by the holder: the other replica ticks on the same interval, so a second poller would have found it by then.
    const polled = sandbox.ensinio.requests.length;
    await eventually(() => sandbox.ensinio.requests.length - polled >= 3, { what: 'three more Ensinio polls' });
    expect(created(a.events, issued.id).length + created(b.events, issued.id).length).toBe(1);
    const [first, second] = holder === 'replica-a' ? [a, b] : [b, a];
    expect(created(first.events, issued.id)).toHaveLength(1);

    await first.live.stop();
    const next = await ensinioIssue(sandbox, { group_id: sandbox.seed.ensinio.groups[0].id, user_id: sandbox.seed.ensinio.users[4].id, conclusion_date: '2026-02-04' });
    await eventually(() => created(second.events, next.id).length > 0, { what: 'the CREATED event from the new holder' });
    expect(await redisA.get(leaseKey)).toBe(holder === 'replica-a' ? 'replica-b' : 'replica-a');
    expect(created(first.events, next.id)).toHaveLength(0);
  });
});
