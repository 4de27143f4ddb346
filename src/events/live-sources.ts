import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type Redis from 'ioredis';
import type { Clock } from '../clock';
import type { SourceRegistry } from '../connectors/module';
import type { Connector } from '../connectors/types';
import type { SourceName } from '../domain';
import type { Logger } from '../logger';
import type { EventBus } from './bus';
import { createExpiryScheduler, type ExpiryScheduler } from './expiry';
import { createMemoryLease, createRedisLease, type Lease } from './lease';
import { createPoller, type Poller } from './poller';

export interface LiveSourcesOptions {
  /** Which sources are polled: those whose module says `changes: 'polled'`. */
  registry: SourceRegistry;
  connectors: ReadonlyMap<SourceName, Connector>;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  /** POLL_INTERVAL_S × 1000. */
  pollIntervalMs: number;
  /** EXPIRING_WITHIN_DAYS. */
  expiringWithinDays: number;
  /** When set (REDIS_URL), leases and poll snapshots live in Redis, shared by the replicas. */
  redis?: Redis | null;
  /** REDIS_KEY_PREFIX, e.g. `certgw:`. */
  keyPrefix?: string;
  /** Time between expiry scans; default the larger of the poll interval and 5 minutes (expiry states change by the day). */
  expiryIntervalMs?: number;
  /** This replica's name in the leases; default host:pid:random. */
  owner?: string;
}

export interface LiveSources {
  pollers: ReadonlyMap<SourceName, Poller>;
  expiry: ExpiryScheduler;
  stop(): Promise<void>;
}

/** A lease outlives three of its holder's ticks, so one slow tick does not hand it over. */
export const leaseTtlFor = (intervalMs: number): number => Math.max(3 * intervalMs, 10_000);

/**
 * Starts a poller for each configured source that pushes nothing (its module
 * says `changes: 'polled'`) and the expiry scheduler, each behind its own lease
 * (`<prefix>lease:poller:<SOURCE>`, `<prefix>lease:expiry`): in one process
 * they always hold; with Redis, one replica does each job and another takes
 * over within the lease ttl when it dies. Gateway wiring:
 *
 *   const live = startLiveSources({ connectors, bus: events, clock, logger,
 *     pollIntervalMs: config.pollIntervalS * 1000, expiringWithinDays: config.expiringWithinDays,
 *     redis, keyPrefix: config.redisKeyPrefix });
 *   // in stop(), before redis.quit():
 *   await live.stop();
 */
export function startLiveSources(opts: LiveSourcesOptions): LiveSources {
  const prefix = opts.keyPrefix ?? 'certgw:';
  const owner = opts.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const redis = opts.redis ?? null;
  const leaseOf = (name: string, intervalMs: number): Lease =>
    redis ? createRedisLease(redis, `${prefix}lease:${name}`, owner, leaseTtlFor(intervalMs)) : createMemoryLease();

  const pollers = new Map<SourceName, Poller>();
  for (const { name: source } of opts.registry.modules.filter((m) => m.capabilities.changes === 'polled')) {
    const connector = opts.connectors.get(source);
    if (!connector) continue;
    pollers.set(
      source,
      createPoller({
        connector,
        bus: opts.bus,
        clock: opts.clock,
        intervalMs: opts.pollIntervalMs,
        lease: leaseOf(`poller:${source}`, opts.pollIntervalMs),
        logger: opts.logger,
        expiringWithinDays: opts.expiringWithinDays,
        redis,
        snapshotKey: `${prefix}poller:${source}:snapshot`,
      }),
    );
  }
  const expiryIntervalMs = opts.expiryIntervalMs ?? Math.max(opts.pollIntervalMs, 5 * 60_000);
  const expiry = createExpiryScheduler({
    connectors: opts.connectors,
    bus: opts.bus,
    clock: opts.clock,
    intervalMs: expiryIntervalMs,
    lease: leaseOf('expiry', expiryIntervalMs),
    logger: opts.logger,
    expiringWithinDays: opts.expiringWithinDays,
  });
  for (const p of pollers.values()) p.start();
  expiry.start();
  opts.logger.info('change polling started', { sources: [...pollers.keys()], intervalMs: opts.pollIntervalMs, expiryIntervalMs, shared: redis !== null });
  return {
    pollers,
    expiry,
    async stop() {
      await Promise.all([...[...pollers.values()].map((p) => p.stop()), expiry.stop()]);
    },
  };
}
