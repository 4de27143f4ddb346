import 'reflect-metadata';
import { createServer, maxHeaderSize, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config';
import { createContext, type ContextDeps } from './context';
import { createFormatError } from './errors';
import { startLiveSources, type LiveSources } from './events/live-sources';
import { startApollo, validationRulesOf } from './gateway/apollo';
import { createApqCache } from './gateway/apq-cache';
import { answersVersion } from './gateway/response-cache';
import { createGraphqlRoute, createRouter, readiness, type DrainState } from './gateway/routes';
import { createRuntime, type Runtime, type RuntimeDeps } from './gateway/runtime';
import { startMetricsServer, type MetricsServer } from './gateway/metrics-server';
import { createShutdown, type Stop } from './gateway/shutdown';
import { attachWebsocket } from './gateway/websocket';
import { createCors } from './gateway/cors';
import { startComplianceFiles, type ComplianceFileSet } from './gateway/compliance-files';
import { createComplianceExport } from './gateway/compliance-export';
import { createComplianceChangeFeed } from './compliance/changes';
import { createIdDecoder } from './ids';
import { answerClientError } from './gateway/client-error';
import type { GatewayLimits } from './gateway/limits';
import { ListSizes } from './graphql/limits/list-sizes';
import { createRateLimiter } from './gateway/rate-limit';
import { bearerKey, createApiKeyCheck } from './http/auth';
import { clientIdOf, keyDigest } from './http/client-id';
import { createGraphiqlHandler } from './http/graphiql';
import type { Logger } from './logger';
import type { Metrics } from './metrics';
import { createTrustedAdmission, validateTrustedDocuments } from './graphql/trusted-documents';
import { createSchema } from './schema';
import { createWebhookReceiver } from './webhooks/receiver';

export { MAX_GRAPHQL_BODY_BYTES } from './gateway/routes';
export { MAX_WS_BUFFERED_BYTES, MAX_WS_SEND_STALL_MS } from './gateway/websocket';

export interface GatewayDeps extends RuntimeDeps {
  /**
   * Change polling (polled sources) and expiry scans. Default: on when
   * POLL_INTERVAL_S > 0, at that interval; the expiry scan runs every
   * max(interval, 5 min). `false` turns both off (tests that count upstream
   * calls); an object shortens the intervals (tests that move the clock).
   */
  liveSources?: false | { pollIntervalMs?: number; expiryIntervalMs?: number };
  /** Default MAX_WS_SEND_STALL_MS (tests shorten it). */
  wsStallMs?: number;
  /** The stat fallback of PEOPLE_FILE / REQUIREMENTS_FILE reloading (default 5 s; fs.watch is the fast path). */
  fileStatIntervalMs?: number;
  /** Awaited between two slices of subscription fan-out sends; default a turn of the event loop (tests hold it to make the fan-out slow). */
  wsFanoutYield?: () => Promise<void>;
}

export interface Gateway {
  /** e.g. http://127.0.0.1:4000 (the address actually bound, so port 0 works). */
  url: string;
  server: Server;
  metrics: Metrics;
  logger: Logger;
  /** Drops every connector's cross-request cache (reference data). */
  invalidateCaches(): void;
  /** The pollers and the expiry scheduler, when running. */
  live: LiveSources | null;
  /** Graceful stop (see gateway/shutdown.ts): `{ delayMs }` first keeps serving with /readyz 503; a call without it ends that delay. */
  stop: Stop;
  /** telemetry: the METRICS_PORT listener's URL (null when /metrics is on the public port), and a flush of pending spans. */
  metricsUrl: string | null;
  flushTraces(): Promise<void>;
}

/** Scopes idempotency keys to the caller: a digest of its API key, never the key itself. */
const callerOf = (config: Config) => (authorization: string | undefined) => (config.apiKeys.length === 0 ? 'anonymous' : keyDigest(bearerKey(authorization) ?? ''));

function listen(server: Server, config: Config): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      const addr = server.address() as AddressInfo;
      const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
      resolve(`http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${addr.port}`);
    });
  });
}

function startLive(config: Config, rt: Runtime, opts: GatewayDeps['liveSources']): LiveSources | null {
  if (opts === false || config.pollIntervalS === 0) return null;
  return startLiveSources({
    registry: config.registry,
    connectors: rt.connectors,
    bus: rt.events,
    clock: rt.clock,
    logger: rt.logger,
    pollIntervalMs: opts?.pollIntervalMs ?? config.pollIntervalS * 1000,
    expiryIntervalMs: opts?.expiryIntervalMs,
    expiringWithinDays: config.expiringWithinDays,
    redis: rt.redis,
    keyPrefix: config.redisKeyPrefix,
  });
}

/** Builds and starts the whole gateway on config.host:config.port: the composition root. */
export async function startGateway(config: Config, deps: GatewayDeps = {}): Promise<Gateway> {
  const rt = await createRuntime(config, deps);
  const { logger, metrics, connectors } = rt;
  const formatError = createFormatError(logger);
  const schema = createSchema(config.registry);
  // Limits (issue 11): cost, body, rate and websocket limits, from config.limits.
  const listSizes = new ListSizes();
  const limits: GatewayLimits = {
    listSizes,
    document: config.limits.document,
    sourceCount: connectors.size,
    maxBodyBytes: config.limits.maxBodyBytes,
    maxUploadBodyBytes: config.limits.maxUploadBodyBytes,
    rateLimiter: createRateLimiter({ perMinute: config.limits.rateLimitPerMin, redis: rt.redis, keyPrefix: config.redisKeyPrefix, clock: rt.clock, logger }),
    logger,
  };
  const clientOf = (authorization: string | undefined, remote: string | undefined) => clientIdOf(authorization, remote, config.apiKeys.length > 0);
  // trust (issue 11): trusted documents checked against the schema before anything listens; APQ in Redis when configured.
  const validationRules = validationRulesOf(config, config.limits.document);
  if (config.trustedDocuments) {
    try {
      validateTrustedDocuments(config.trustedDocuments, schema, validationRules, 'TRUSTED_DOCUMENTS', config.limits.document);
    } catch (e) {
      await rt.close();
      throw e;
    }
  }
  const apqCache = config.apq && !config.trustedDocuments ? createApqCache(rt.redis, config.redisKeyPrefix, logger) : false;
  // issue 9 item 3: the response cache of reads, invalidated through rt.events (runtime.ts).
  const rc = config.responseCache;
  const responseCache = rc.enabled
    ? {
        store: rt.responseCache,
        sources: [...connectors.keys()],
        ttlMs: rc.ttlS * 1000,
        maxEntryBytes: rc.maxEntryBytes,
        version: answersVersion(schema, { expiringWithinDays: config.expiringWithinDays, sources: [...connectors.keys()] }),
        clock: rt.clock,
        metrics,
        logger,
      }
    : undefined;
  const apollo = await startApollo(schema, formatError, metrics, logger, { trustedDocuments: config.trustedDocuments, apqCache, introspection: config.introspection }, limits, responseCache);
  const checkKey = createApiKeyCheck(config.apiKeys);
  // compliance (issue 12): PEOPLE_FILE and REQUIREMENTS_FILE, checked before anything listens, then reloaded on change.
  let complianceFiles: ComplianceFileSet;
  try {
    complianceFiles = await startComplianceFiles({ peopleFile: config.peopleFile, requirementsFile: config.requirementsFile, registry: config.registry, logger, clock: rt.clock, statIntervalMs: deps.fileStatIntervalMs });
  } catch (e) {
    await apollo.stop();
    await rt.close();
    throw e;
  }
  // compliance changes (issue 12): one tracker per replica, started by the first complianceChanges subscription.
  const complianceChanges = createComplianceChangeFeed({
    connectors,
    bus: rt.events,
    files: complianceFiles.files,
    clock: rt.clock,
    expiringWithinDays: config.expiringWithinDays,
    emailSources: new Set(config.registry.modules.filter((m) => connectors.has(m.name) && m.capabilities.holderEmail).map((m) => m.name)),
    ids: createIdDecoder(config.registry),
    logger,
  });
  const contextDeps: ContextDeps = {
    registry: config.registry,
    connectors,
    clock: rt.clock,
    expiringWithinDays: config.expiringWithinDays,
    idempotency: rt.idempotency,
    events: rt.events,
    listSizes,
    compliance: complianceFiles.files,
    complianceChanges,
    onPublishError: (err, e) => logger.error('event of a successful write not recorded', { dedupeKey: e.dedupeKey, error: err instanceof Error ? err.message : String(err) }),
  };
  const contextFor = (authorization: string | undefined) => createContext(contextDeps, callerOf(config)(authorization));
  const drain: DrainState = { stopping: false, leaving: false };
  // One receiver per source that pushes webhooks, at /webhooks/<its path>/{event}.
  const webhooks = config.registry.modules.flatMap(({ name, webhook }) =>
    webhook
      ? [
          {
            prefix: webhook.path,
            handle: createWebhookReceiver({
              route: `/webhooks/${webhook.path}`,
              secret: config.webhookSecrets[name],
              secretSetting: webhook.secretVariable,
              webhooks: webhook.parser,
              events: rt.events,
              connector: connectors.get(name),
              clock: rt.clock,
              logger,
            }),
          },
        ]
      : [],
  );
  // cors (issue 10): CORS_ORIGINS, and in the sandbox the gateway's own origin once it listens.
  const cors = createCors(config.cors);
  const server = createServer(
    createRouter({
      cors,
      graphql: createGraphqlRoute({
        apollo,
        checkKey,
        contextFor,
        drain,
        admit: config.trustedDocuments && createTrustedAdmission(config.trustedDocuments, formatError),
        limits,
        clientOf: (req) => clientOf(req.headers.authorization, req.socket.remoteAddress),
        tracer: rt.tracing.tracer,
        logger,
      }),
      webhooks,
      // GRAPHIQL off: /graphiql is not a route (404).
      graphiql: config.graphiql ? createGraphiqlHandler() : { handle: () => false },
      complianceExport: createComplianceExport({
        checkKey,
        contextFor,
        clientOf: (req) => clientOf(req.headers.authorization, req.socket.remoteAddress),
        limits,
        logger,
      }),
      readiness: () => readiness(config.registry, connectors, drain.leaving || drain.stopping, complianceFiles.states()),
      metrics,
      logger,
      drain,
      publicMetrics: config.telemetry.metricsPort === undefined,
    }),
  );
  server.headersTimeout = 30_000;
  server.requestTimeout = 60_000;
  server.keepAliveTimeout = 65_000;
  // A request line or headers over node's limit (a long GET URL): 414/431 with a body, not a reset.
  server.on('clientError', (err: Error, socket) => answerClientError(err, socket, maxHeaderSize));
  const ws = attachWebsocket({
    server,
    schema,
    formatError,
    checkKey,
    contextFor,
    logger,
    metrics,
    stallMs: deps.wsStallMs,
    fanoutYield: deps.wsFanoutYield,
    scopeOf: callerOf(config),
    validationRules,
    trustedDocuments: config.trustedDocuments,
    tracer: rt.tracing.tracer,
    clientIdOf: clientOf,
    cors,
    limits: {
      gateway: limits,
      maxConnectionsPerClient: config.limits.wsMaxConnectionsPerClient,
      maxSubscriptionsPerConnection: config.limits.wsMaxSubscriptionsPerConnection,
      clientOf: (authorization, request) => clientOf(authorization, request.socket.remoteAddress),
    },
  });
  const metricsServer: MetricsServer | null =
    config.telemetry.metricsPort === undefined ? null : await startMetricsServer(metrics, config.telemetry.metricsPort, config.host, logger);
  const url = await listen(server, config);
  cors.allowOwnOrigin(url);
  logger.info('gateway listening', {
    url,
    sources: [...connectors.keys()],
    auth: config.apiKeys.length > 0,
    trustedDocuments: config.trustedDocuments ? config.trustedDocuments.byId.size : false,
    apq: apqCache ? (rt.redis ? 'redis' : 'memory') : false,
    introspection: config.introspection,
    graphiql: config.graphiql,
    responseCache: rc.enabled ? { store: rt.responseCache.kind, ttlS: rc.ttlS } : false,
  });
  if (config.graphiql && (!config.introspection || config.trustedDocuments)) {
    logger.warn('GraphiQL is served but cannot load the schema: it needs introspection, which INTROSPECTION=0 or TRUSTED_DOCUMENTS refuses');
  }
  const live = startLive(config, rt, deps.liveSources);
  metrics.probes.sourceHealth = () => [...connectors.values()].map((c) => ({ source: c.source, healthy: c.health.snapshot().healthy }));
  metrics.probes.lastPolls = () => [...(live?.pollers.values() ?? [])].map((p) => ({ source: p.source, at: p.lastPolledAt }));
  const stop = createShutdown({
    server,
    drain,
    logger,
    graceMs: config.shutdownGraceS * 1000,
    closeWebsockets: () => ws.close(),
    openWebsockets: () => ws.open,
    stopLive: async () => live?.stop(),
    closeRest: async () => {
      await complianceChanges.close();
      complianceFiles.close();
      await apollo.stop();
      await metricsServer?.close();
      await rt.close();
    },
  });
  return {
    url,
    server,
    metrics,
    logger,
    invalidateCaches: () => connectors.forEach((c) => c.invalidate()),
    live,
    stop,
    metricsUrl: metricsServer?.url ?? null,
    flushTraces: () => rt.tracing.flush(),
  };
}
