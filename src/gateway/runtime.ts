import type Redis from 'ioredis';
import { systemClock, type Clock } from '../clock';
import { configSecrets, type Config } from '../config';
import { createConnectors } from '../connectors';
import type { Fetch } from '../connectors/http';
import { createUndiciFetch } from '../connectors/undici-fetch';
import { createMemoryScheduler, createRedisScheduler, type SlotLimit, type SlotScheduler } from '../connectors/slots';
import type { Connector } from '../connectors/types';
import type { SourceName } from '../domain';
import { createEventBus, type EventBus } from '../events/bus';
import { createMemoryPubSub, createRedisPubSub, liveChannelOf } from '../events/live';
import { createMemoryLog, createRedisLog } from '../events/log';
import { createLogger, createSecrets, type Logger } from '../logger';
import { createMetrics, type Metrics } from '../metrics';
import { startTracing, type GatewayTracing } from './tracing';
import { createRedis } from '../redis';
import { createMemoryIdempotency, createRedisIdempotency, type IdempotencyStore } from '../writes/idempotency';
import { AnswerLru, createMemoryResponseStore, createRedisResponseStore, type ResponseCacheStore } from './response-cache-store';

/** The most a stopping gateway waits for its last spans to reach the collector. */
export const TRACES_SHUTDOWN_MS = 2_000;

export interface RuntimeDeps {
  /** Upstream HTTP; default a keep-alive fetch over undici's pooled `request` (createUndiciFetch). */
  fetch?: Fetch;
  clock?: Clock;
  /** Share identical in-flight upstream reads across requests (default true). */
  shareInflight?: boolean;
  /** Where JSON log lines go; default stdout. */
  logWrite?: (line: string) => void;
  /** Replaces a source's write budget by its name, e.g. `springest:uploads` (tests shorten Springest's minute). */
  slotLimits?: Readonly<Record<string, SlotLimit>>;
}

/** What talks to the world, built once per gateway from the config: the layers above only use it. */
export interface Runtime {
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  redis: Redis | null;
  connectors: ReadonlyMap<SourceName, Connector>;
  events: EventBus;
  idempotency: IdempotencyStore;
  /**
   * The response cache's answers and per-source generations (in Redis when
   * configured). Every event recorded through `events` bumps its source's
   * generation first, also with RESPONSE_CACHE off, so replicas that have it on
   * stay right while a deployment switches it.
   */
  responseCache: ResponseCacheStore;
  /** OpenTelemetry of this gateway (tracer null when off). */
  tracing: GatewayTracing;
  /** Closes what the runtime opened (upstream sockets, Redis) once everything using it has stopped. */
  close(): Promise<void>;
}

/**
 * The bus every producer publishes through (webhook receivers, the writes
 * service, pollers, expiry scans), with one step first: the change makes the
 * cached answers of its source stale, on every replica, before it is recorded,
 * so before a webhook is answered, a mutation returns or any subscriber hears
 * of it. The upstream already has the change by then (its webhook came, a
 * poll saw it, the write was acknowledged). A bump that fails (Redis down) is
 * logged and the event still recorded: answers then stay at most the TTL.
 */
function invalidating(bus: EventBus, cache: ResponseCacheStore, logger: Logger): EventBus {
  return {
    async publish(e) {
      await cache.bump(e.source).catch((err: unknown) =>
        logger.warn('response cache not invalidated', { source: e.source, error: err instanceof Error ? err.message : String(err) }),
      );
      return bus.publish(e);
    },
    subscribe: (after, signal) => bus.subscribe(after, signal),
    check: (after) => bus.check(after),
    tail: () => bus.tail(),
  };
}

export async function createRuntime(config: Config, deps: RuntimeDeps = {}): Promise<Runtime> {
  const clock = deps.clock ?? systemClock;
  const secrets = createSecrets(configSecrets(config));
  const logger = createLogger({ level: config.logLevel, secrets, write: deps.logWrite });
  const metrics = createMetrics({ defaultMetrics: true });
  const tracing = startTracing(config.telemetry.tracing, logger);
  const ownFetch = deps.fetch ? null : createUndiciFetch();
  const redis = config.redisUrl ? createRedis(config.redisUrl, logger) : null;
  const prefix = config.redisKeyPrefix;
  const slots = (name: string, limit: SlotLimit): SlotScheduler => {
    const l = deps.slotLimits?.[name] ?? limit;
    return redis ? createRedisScheduler(redis, `${prefix}${name}`, l) : createMemoryScheduler(l, clock);
  };
  const redisPubSub = redis ? await createRedisPubSub(redis, logger) : null;
  const rc = config.responseCache;
  const responseCache = redis
    ? createRedisResponseStore(redis, prefix, (err) => logger.warn('response cache store failed', { error: err instanceof Error ? err.message : String(err) }), {
        answers: new AnswerLru(clock, rc.maxBytes),
        ttlMs: rc.ttlS * 1000,
      })
    : createMemoryResponseStore(clock, rc.maxBytes);
  const events = invalidating(
    createEventBus(
      redis ? createRedisLog(redis, prefix) : createMemoryLog(clock),
      liveChannelOf(redisPubSub?.pubSub ?? createMemoryPubSub(), `${prefix}certificate-events`),
      logger,
    ),
    responseCache,
    logger,
  );
  const connectors = createConnectors(config.registry, config.sources, {
    fetch: deps.fetch ?? ownFetch!,
    timeoutMs: config.upstreamTimeoutMs,
    secrets,
    logger,
    metrics,
    clock,
    shareInflight: deps.shareInflight,
    slots,
    tracer: tracing.tracer,
  });
  return {
    clock,
    logger,
    metrics,
    redis,
    connectors,
    events,
    idempotency: redis ? createRedisIdempotency(redis, prefix) : createMemoryIdempotency(clock),
    responseCache,
    tracing,
    async close() {
      // The last spans (shutdown included) are sent before the sockets close; a collector that
      // does not answer delays the exit by TRACES_SHUTDOWN_MS at most.
      await Promise.race([tracing.shutdown().catch(() => undefined), new Promise<void>((resolve) => setTimeout(resolve, TRACES_SHUTDOWN_MS).unref())]);
      ownFetch?.destroy();
      await redisPubSub?.close();
      // QUIT waits for the replies of every command sent before it: whatever was acknowledged is in Redis.
      await redis?.quit().catch(() => redis.disconnect());
    },
  };
}
