import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, specifiedRules, validate } from 'graphql';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { systemClock, type Clock } from './clock';
import { configSecrets, type Config } from './config';
import { createConnectors } from './connectors';
import type { Fetch } from './connectors/http';
import { createNodeFetch } from './connectors/node-fetch';
import { createContext, type GatewayContext } from './context';
import { SOURCES } from './domain';
import { createFormatError } from './errors';
import { createApiKeyCheck } from './http/auth';
import { BodyTooLargeError, readBody } from './http/body';
import { createGraphiqlHandler } from './http/graphiql';
import { createLogger, createSecrets, type Logger } from './logger';
import { createMetrics, type Metrics } from './metrics';
import { createRedis } from './redis';
import { createSchema } from './schema';
import { depthLimit } from './graphql/depth-limit';
import { createMemoryIdempotency, createRedisIdempotency } from './writes/idempotency';
import { WebSocketServer, type WebSocket } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { createEventBus } from './events/bus';
import { createMemoryLog, createRedisLog } from './events/log';
import { createMemoryPubSub, createRedisPubSub, liveChannelOf } from './events/live';
import { startLiveSources, type LiveSources } from './events/live-sources';
import { createWebhookReceiver } from './webhooks/receiver';
import { fourHseWebhook } from './connectors/fourhse/webhook';
import { createMemoryScheduler, createRedisScheduler, SPRINGEST_UPLOAD_LIMIT, type SlotLimit } from './writes/slots';

/**
 * Requests to /graphql larger than this are refused with 413 before parsing.
 * Large enough for issueCertificate with a 10 MiB PDF in base64 (13.4 MiB).
 */
export const MAX_GRAPHQL_BODY_BYTES = 15 * 1024 * 1024;

/** A websocket whose unread messages pass this is closed (1008): memory per connection stays bounded. */
export const MAX_WS_BUFFERED_BYTES = 1024 * 1024;

/** A websocket whose client has not taken a message for this long is closed (1008). */
export const MAX_WS_SEND_STALL_MS = 15_000;

export interface GatewayDeps {
  /** Upstream HTTP; default a keep-alive fetch over node:http (createNodeFetch). */
  fetch?: Fetch;
  clock?: Clock;
  /** Share identical in-flight upstream reads across requests (default true). */
  shareInflight?: boolean;
  /** Where JSON log lines go; default stdout. */
  logWrite?: (line: string) => void;
  /** Springest's upload budget; default 30 a minute with at most 15 s of queueing (tests shorten it). */
  springestUploadLimit?: SlotLimit;
  /**
   * Change polling (Springest, Ensinio, Falkor) and expiry scans. Default: on
   * when POLL_INTERVAL_S > 0, at that interval; the expiry scan runs every
   * max(interval, 5 min). `false` turns both off (tests that count upstream
   * calls); an object shortens the intervals (tests that move the clock).
   */
  liveSources?: false | { pollIntervalMs?: number; expiryIntervalMs?: number };
  /** Default MAX_WS_SEND_STALL_MS (tests shorten it). */
  wsStallMs?: number;
}

/** How long a stopping gateway waits for a poll or expiry scan in progress. */
const LIVE_STOP_MS = 3_000;

/** How long a stopping gateway waits for in-flight HTTP requests before cutting their connections. */
export const SHUTDOWN_GRACE_MS = 7_000;

/** A socket closed for being too slow is cut if its client has not completed the close handshake by then. */
const SLOW_CLIENT_TERMINATE_MS = 5_000;

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
  /**
   * Graceful stop: readiness turns 503, new HTTP requests are refused (503),
   * in-flight ones finish (up to SHUTDOWN_GRACE_MS), websockets close with
   * 1001, the pollers stop and release their leases, Redis is flushed and
   * closed.
   */
  stop(): Promise<void>;
}

/** Appends the errors of sources that failed while others answered (see GatewayContext.partialErrors). */
function partialResultsPlugin(format: ReturnType<typeof createFormatError>): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single' || contextValue.partialErrors.length === 0) return;
          const formatted = contextValue.partialErrors.map((e) => format(e.toJSON(), e));
          response.body.singleResult.errors = [...(response.body.singleResult.errors ?? []), ...formatted];
        },
      };
    },
  };
}

/** Subscriptions live on the websocket; over HTTP they would resolve once and fail obscurely. */
function subscriptionsOverWebsocketPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation === 'subscription') {
            throw new GraphQLError('Subscriptions are served over a websocket (graphql-transport-ws protocol) at /graphql, not over HTTP', {
              extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}

function metricsPlugin(metrics: Metrics, logger: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      let operation = 'unknown';
      return {
        async didResolveOperation({ operation: op }) {
          operation = op?.operation ?? 'unknown';
        },
        async willSendResponse({ request, response, contextValue }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          const outcome = contextValue.partialErrors.length > 0 ? 'partial' : errors?.length ? 'error' : 'ok';
          const seconds = (performance.now() - started) / 1000;
          metrics.graphqlRequests.inc({ operation, outcome });
          metrics.graphqlDuration.observe({ operation }, seconds);
          logger.debug('graphql request', { operation, operationName: request.operationName ?? null, outcome, ms: Math.round(seconds * 1000) });
        },
      };
    },
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

const gqlError = (message: string, code: string) => ({ errors: [{ message, extensions: { code } }] });

/** Builds and starts the whole gateway on config.host:config.port. */
export async function startGateway(config: Config, deps: GatewayDeps = {}): Promise<Gateway> {
  const clock = deps.clock ?? systemClock;
  const secrets = createSecrets(configSecrets(config));
  const logger = createLogger({ level: config.logLevel, secrets, write: deps.logWrite });
  const metrics = createMetrics({ defaultMetrics: true });
  const ownFetch = deps.fetch ? null : createNodeFetch();
  const redis = config.redisUrl ? createRedis(config.redisUrl, logger) : null;
  const uploadLimit = deps.springestUploadLimit ?? SPRINGEST_UPLOAD_LIMIT;
  const springestUploads = redis ? createRedisScheduler(redis, `${config.redisKeyPrefix}springest:uploads`, uploadLimit) : createMemoryScheduler(uploadLimit, clock);
  const idempotency = redis ? createRedisIdempotency(redis, config.redisKeyPrefix) : createMemoryIdempotency(clock);
  const redisPubSub = redis ? await createRedisPubSub(redis, logger) : null;
  const events = createEventBus(
    redis ? createRedisLog(redis, config.redisKeyPrefix) : createMemoryLog(clock),
    liveChannelOf(redisPubSub?.pubSub ?? createMemoryPubSub(), `${config.redisKeyPrefix}certificate-events`),
    logger,
  );
  const connectors = createConnectors(config, {
    fetch: deps.fetch ?? ownFetch!,
    timeoutMs: config.upstreamTimeoutMs,
    secrets,
    logger,
    metrics,
    clock,
    shareInflight: deps.shareInflight,
    springestUploads,
  });
  const formatError = createFormatError(logger);
  const schema = await createSchema();
  const apollo = new ApolloServer<GatewayContext>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    validationRules: [depthLimit()],
    introspection: true,
    plugins: [
      // GraphiQL is served at /graphiql instead of Apollo's landing page.
      ApolloServerPluginLandingPageDisabled(),
      // No HTTP response caching here; its per-field hook would wrap every resolver for nothing.
      ApolloServerPluginCacheControlDisabled(),
      subscriptionsOverWebsocketPlugin(),
      partialResultsPlugin(formatError),
      metricsPlugin(metrics, logger),
    ],
    logger: {
      debug: (m) => logger.debug(String(m)),
      info: (m) => logger.info(String(m)),
      warn: (m) => logger.warn(String(m)),
      error: (m) => logger.error(String(m)),
    },
  });
  await apollo.start();
  const checkKey = createApiKeyCheck(config.apiKeys);
  const contextDeps = {
    connectors,
    clock,
    expiringWithinDays: config.expiringWithinDays,
    idempotency,
    events,
    onPublishError: (err: unknown, e: { dedupeKey: string }) =>
      logger.error('event of a successful write not recorded', { dedupeKey: e.dedupeKey, error: err instanceof Error ? err.message : String(err) }),
  };
  const fourhseWebhook = createWebhookReceiver({ route: '/webhooks/4hse', secret: config.webhookSecret, secretSetting: 'FOURHSE_WEBHOOK_SECRET', webhooks: fourHseWebhook, events, connector: connectors.get('FOURHSE'), clock, logger });
  /** Scopes idempotency keys to the caller: a digest of its API key, never the key itself. */
  const callerOf = (authorization: string | undefined) =>
    config.apiKeys.length === 0 ? 'anonymous' : createHash('sha256').update(authorization ?? '').digest('base64url').slice(0, 16);
  const graphiql = createGraphiqlHandler();
  let stopping = false;
  let stopped: Promise<void> | null = null;

  async function handleGraphql(req: IncomingMessage, res: ServerResponse, search: string): Promise<void> {
    if (!checkKey(req.headers.authorization)) {
      sendJson(res, 401, gqlError('A valid API key is required: send Authorization: Bearer <key>', 'UNAUTHENTICATED'), {
        'www-authenticate': 'Bearer',
      });
      return;
    }
    let body: unknown;
    if (req.method === 'POST') {
      let raw: Buffer;
      try {
        raw = await readBody(req, MAX_GRAPHQL_BODY_BYTES);
      } catch (e) {
        if (e instanceof BodyTooLargeError) {
          sendJson(res, 413, gqlError(`Request body is larger than ${MAX_GRAPHQL_BODY_BYTES} bytes`, 'BAD_REQUEST'), { connection: 'close' });
          return;
        }
        throw e;
      }
      const type = req.headers['content-type'] ?? '';
      if (/^application\/(graphql-response\+)?json/i.test(type)) {
        try {
          body = JSON.parse(raw.toString('utf8'));
        } catch {
          sendJson(res, 400, gqlError('Request body is not valid JSON', 'BAD_REQUEST'));
          return;
        }
      } else {
        body = raw.toString('utf8');
      }
    }
    const headers = new HeaderMap();
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method!.toUpperCase(), headers, search, body },
      context: async () => createContext(contextDeps, callerOf(req.headers.authorization)),
    });
    for (const [k, v] of result.headers) res.setHeader(k, v);
    // A request that began before the drain: its connection closes once this answer is sent.
    if (stopping) res.setHeader('connection', 'close');
    res.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      res.end(result.body.string);
    } else {
      for await (const chunk of result.body.asyncIterator) res.write(chunk);
      res.end();
    }
  }

  function readiness() {
    const sources = SOURCES.map((s) => connectors.get(s)?.health.snapshot() ?? { source: s, configured: false });
    const configured = [...connectors.values()].map((c) => c.health.snapshot());
    const anyHealthy = configured.some((h) => h.healthy);
    const ready = !stopping && configured.length > 0 && anyHealthy;
    return { status: ready ? 200 : 503, body: { status: ready ? (configured.every((h) => h.healthy) ? 'ready' : 'degraded') : 'unavailable', sources } };
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://gateway');
    const path = url.pathname;
    // Draining: every answer closes its connection once sent (Node keeps it alive otherwise, and
    // server.close() would wait for the grace period to cut it).
    if (stopping) res.setHeader('connection', 'close');
    if (stopping && path !== '/healthz' && path !== '/readyz') {
      // A request that arrives on a kept-alive connection while we drain: send it elsewhere.
      sendJson(res, 503, gqlError('The gateway is shutting down; retry on another replica', 'SERVICE_UNAVAILABLE'), { connection: 'close', 'retry-after': '1' });
      return;
    }
    const done = (p: Promise<void>) =>
      p.catch((err: unknown) => {
        logger.error('request failed', { path, error: err instanceof Error ? err.message : String(err) });
        if (!res.headersSent) sendJson(res, 500, gqlError('Internal server error', 'INTERNAL_SERVER_ERROR'));
        else res.destroy();
      });
    if (path === '/graphql') {
      if (req.method !== 'GET' && req.method !== 'POST') {
        sendJson(res, 405, gqlError('Use GET or POST', 'BAD_REQUEST'), { allow: 'GET, POST' });
        return;
      }
      void done(handleGraphql(req, res, url.search));
      return;
    }
    const hook = /^\/webhooks\/4hse\/([^/]+)$/.exec(path);
    if (hook) {
      if (req.method !== 'POST') {
        sendJson(res, 405, { error: 'webhooks are POSTed' }, { allow: 'POST' });
        return;
      }
      void done(fourhseWebhook(req, res, hook[1], url.searchParams.get('token')));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, path.startsWith('/graphiql') || ['/healthz', '/readyz', '/metrics'].includes(path) ? 405 : 404, { error: 'not found' });
      return;
    }
    if (graphiql.handle(req, res, path)) return;
    if (path === '/healthz') {
      sendJson(res, 200, { status: 'ok' });
    } else if (path === '/readyz') {
      const r = readiness();
      sendJson(res, r.status, r.body);
    } else if (path === '/metrics') {
      void done(
        metrics.registry.metrics().then((text) => {
          res.writeHead(200, { 'content-type': metrics.registry.contentType });
          res.end(text);
        }),
      );
    } else {
      sendJson(res, 404, { error: `no route ${path}; try /graphql or /graphiql` });
    }
  });
  // Subscriptions: graphql-transport-ws on the same path, the same schema, auth and error masking.
  const wss = new WebSocketServer({ server, path: '/graphql', maxPayload: 64 * 1024 });
  const sockets = new Set<WebSocket>();
  const stallMs = deps.wsStallMs ?? MAX_WS_SEND_STALL_MS;
  /** Per socket: when each send not yet handed to the kernel was made, oldest first. */
  const unsent = new Map<WebSocket, number[]>();
  const dropSlow = (socket: WebSocket, why: string, fields: Record<string, unknown>) => {
    if (socket.readyState !== socket.OPEN) return;
    logger.warn('closing a websocket whose client does not read', { why, ...fields });
    metrics.slowClientCloses.inc();
    socket.close(1008, 'Client too slow: unread messages exceed the limit');
    // A client that does not read will not read our close frame either: cut it if it does not answer.
    setTimeout(() => socket.terminate(), SLOW_CLIENT_TERMINATE_MS).unref();
  };
  wss.on('connection', (socket) => {
    sockets.add(socket);
    const times: number[] = [];
    unsent.set(socket, times);
    socket.once('close', () => {
      sockets.delete(socket);
      unsent.delete(socket);
    });
    // A client that never reads its socket must not grow our memory without bound. graphql-ws waits for
    // each send to reach the kernel before the next, so a stalled client shows as a send that stays
    // pending (its events wait in a bounded per-subscriber buffer meanwhile, see events/live.ts); a
    // burst over several subscriptions shows as bytes buffered in the socket.
    const send = socket.send.bind(socket) as (data: unknown, cb?: (err?: Error) => void) => void;
    (socket as unknown as { send: typeof send }).send = (data, cb) => {
      if (socket.bufferedAmount > MAX_WS_BUFFERED_BYTES) {
        dropSlow(socket, 'buffered', { bufferedBytes: socket.bufferedAmount });
        cb?.();
        return;
      }
      times.push(Date.now());
      send(data, (err) => {
        times.shift();
        cb?.(err);
      });
    };
  });
  const sweepEvery = Math.max(50, Math.min(1_000, stallMs / 4));
  let lastSweep = Date.now();
  const sweep = setInterval(() => {
    const now = Date.now();
    const late = now - lastSweep - sweepEvery;
    lastSweep = now;
    // After a pause of our own (GC, CPU starvation) timers run before write callbacks: a send would
    // look stalled that was only waiting for us. Judge on the next, punctual sweep instead.
    if (late > stallMs / 2) return;
    for (const [socket, times] of unsent) if (times.length > 0 && now - times[0] > stallMs) dropSlow(socket, 'stalled', { stalledMs: now - times[0], bufferedBytes: socket.bufferedAmount });
  }, sweepEvery);
  sweep.unref();
  const authOf = (params: Record<string, unknown> | undefined) => {
    const v = params?.Authorization ?? params?.authorization ?? (params?.headers as Record<string, unknown> | undefined)?.Authorization;
    return typeof v === 'string' ? v : undefined;
  };
  const wsServer = useServer<Record<string, unknown> | undefined>(
    {
      schema,
      validate: (schema, document) => validate(schema, document, [...specifiedRules, depthLimit()]),
      // Same keys as HTTP, given in connectionParams: { Authorization: "Bearer <key>" }. false closes with 4403.
      onConnect: (ctx) => (checkKey(authOf(ctx.connectionParams)) ? true : false),
      context: (ctx) => createContext(contextDeps, callerOf(authOf(ctx.connectionParams))),
      // The websocket path does not pass through Apollo's formatError: mask here too.
      // Also adds the errors of sources that failed while others answered, as the HTTP path does.
      onNext: (_ctx, _id, _payload, args, result) => {
        const partial = (args.contextValue as GatewayContext).partialErrors;
        const errors = [...(result.errors ?? []), ...partial];
        return errors.length > 0 ? { ...result, errors: errors.map((e) => formatError(e.toJSON(), e)) } : undefined;
      },
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => formatError(e.toJSON(), e)),
    },
    wss,
  );

  server.headersTimeout = 30_000;
  server.requestTimeout = 60_000;
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  const url = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${addr.port}`;
  logger.info('gateway listening', { url, sources: [...connectors.keys()], auth: config.apiKeys.length > 0 });

  const liveOpts = deps.liveSources ?? {};
  const live =
    liveOpts !== false && config.pollIntervalS > 0
      ? startLiveSources({
          connectors,
          bus: events,
          clock,
          logger,
          pollIntervalMs: liveOpts.pollIntervalMs ?? config.pollIntervalS * 1000,
          expiryIntervalMs: liveOpts.expiryIntervalMs,
          expiringWithinDays: config.expiringWithinDays,
          redis,
          keyPrefix: config.redisKeyPrefix,
        })
      : null;

  return {
    url,
    server,
    metrics,
    logger,
    invalidateCaches() {
      for (const c of connectors.values()) c.invalidate();
    },
    live,
    stop() {
      stopped ??= (async () => {
        stopping = true;
        logger.info('gateway stopping', { websockets: sockets.size });
        // No new connections; idle keep-alive ones close now, busy ones once their response is sent.
        const httpDrained = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const cut = setTimeout(() => {
          logger.warn('cutting requests still running after the shutdown grace period');
          server.closeAllConnections();
        }, SHUTDOWN_GRACE_MS);
        cut.unref();
        clearInterval(sweep);
        // Tell subscribers we are going away (1001), so they reconnect elsewhere with `after`;
        // one that does not complete the close handshake in time is cut.
        for (const s of sockets) s.close(1001, 'Server shutting down');
        const cutSockets = setTimeout(() => {
          for (const s of sockets) s.terminate();
        }, 2_000);
        cutSockets.unref();
        await Promise.all([
          wsServer.dispose(),
          // Stops the pollers and the expiry scans (a poll in progress may finish) and releases their leases;
          // a poll stuck on a slow upstream is not waited for past LIVE_STOP_MS (its lease then lapses by itself).
          live ? Promise.race([live.stop(), new Promise<void>((r) => setTimeout(r, LIVE_STOP_MS).unref())]) : undefined,
          httpDrained,
        ]);
        clearTimeout(cut);
        clearTimeout(cutSockets);
        await apollo.stop();
        ownFetch?.destroy();
        await redisPubSub?.close();
        // QUIT waits for the replies of every command sent before it: whatever was acknowledged is in Redis.
        await redis?.quit().catch(() => redis.disconnect());
        logger.info('gateway stopped');
      })();
      return stopped;
    },
  };
}

