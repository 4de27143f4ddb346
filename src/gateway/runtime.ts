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
  /** OpenTelemetry of this gateway (tracer null when off). */
  tracing: GatewayTracing;
  /** Closes what the runtime opened (upstream sockets, Redis) once everything using it has stopped. */
  close(): Promise<void>;
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
  const events = createEventBus(
    redis ? createRedisLog(redis, prefix) : createMemoryLog(clock),
    liveChannelOf(redisPubSub?.pubSub ?? createMemoryPubSub(), `${prefix}certificate-events`),
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
