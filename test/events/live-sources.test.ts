import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type Redis from 'ioredis';
import type { Config } from '../../src/config';
import { createRedisLog } from '../../src/events/log';
import { startLiveSources, type LiveSources } from '../../src/events/live-sources';
import type { CertificateEvent } from '../../src/events/types';
import type { Sandbox } from '../../src/sandbox';
import { captureLogger, connectRedis, deleteKeys, ensinioIssue, recordingBus, replicaConnectors, startSimulators, testClock } from './helpers';

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

async function until(cond: () => boolean, ms = 5_000): Promise<void> {
  for (const end = Date.now() + ms; !cond(); await sleep(10)) if (Date.now() > end) throw new Error('condition not met in time');
}

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
  await until(() => sandbox.ensinio.requests.length - before >= 2);
  const issued = await ensinioIssue(sandbox, { group_id: sandbox.seed.ensinio.groups[0].id, user_id: sandbox.seed.ensinio.users[1].id, conclusion_date: '2026-02-02' });
  await until(() => created(events, issued.id).length > 0);
  await live.stop();
  const stopped = sandbox.ensinio.requests.length;
  await sleep(120);
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
    for (const end = Date.now() + 5_000; !(await redisA.exists(`${prefix}poller:ENSINIO:snapshot`)) && Date.now() < end; ) await sleep(10);
    const holder = await redisA.get(leaseKey);
    expect(['replica-a', 'replica-b']).toContain(holder);
    const issued = await ensinioIssue(sandbox, { group_id: sandbox.seed.ensinio.groups[0].id, user_id: sandbox.seed.ensinio.users[3].id, conclusion_date: '2026-02-03' });
    await until(() => created(a.events, issued.id).length + created(b.events, issued.id).length > 0);
    await sleep(150); // a few more ticks of both
    expect(created(a.events, issued.id).length + created(b.events, issued.id).length).toBe(1);
    const [first, second] = holder === 'replica-a' ? [a, b] : [b, a];
    expect(created(first.events, issued.id)).toHaveLength(1);

    await first.live.stop();
    const next = await ensinioIssue(sandbox, { group_id: sandbox.seed.ensinio.groups[0].id, user_id: sandbox.seed.ensinio.users[4].id, conclusion_date: '2026-02-04' });
    await until(() => created(second.events, next.id).length > 0);
    expect(await redisA.get(leaseKey)).toBe(holder === 'replica-a' ? 'replica-b' : 'replica-a');
    expect(created(first.events, next.id)).toHaveLength(0);
  });
});
