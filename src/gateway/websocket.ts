import type { Server } from 'node:http';
import type { Tracer } from '@opentelemetry/api';
import { getOperationAST, GraphQLError, OperationTypeNode, parse, specifiedRules, validate, type DocumentNode, type ExecutionArgs, type ExecutionResult, type GraphQLSchema, type ValidationRule } from 'graphql';
import type { IncomingMessage } from 'node:http';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { GatewayContext } from '../context';
import { badArguments, GatewayError, type createFormatError } from '../errors';
import { variableProblems } from '../input-errors';
import { depthLimit } from '../graphql/depth-limit';
import { trustWebsocketPayload } from '../graphql/trusted-documents';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { requestIdOf, runInScope, type RequestScope } from '../request-scope';
import type { TrustedDocuments } from '../trusted-manifest';
import type { Cors } from './cors';
import type { GatewayLimits } from './limits';
import { createFanout, type Subscriber } from './ws-fanout';
import { createWsLimits } from './ws-limits';
import { observedWsOperations } from './ws-telemetry';

/** A websocket whose unread messages pass this is closed (1008): memory per connection stays bounded. */
export const MAX_WS_BUFFERED_BYTES = 1024 * 1024;

/** A websocket whose client has not taken a message for this long is closed (1008). */
export const MAX_WS_SEND_STALL_MS = 15_000;

/** A socket closed for being too slow is cut if its client has not completed the close handshake by then. */
const SLOW_CLIENT_TERMINATE_MS = 5_000;

/** How long a closing socket (1001) may take to complete its close handshake before it is cut. */
const CLOSE_HANDSHAKE_MS = 2_000;

export interface WebsocketOptions {
  server: Server;
  schema: GraphQLSchema;
  formatError: ReturnType<typeof createFormatError>;
  /** false closes the connection with 4403. */
  checkKey(authorization: string | undefined): boolean;
  contextFor(authorization: string | undefined): GatewayContext;
  logger: Logger;
  metrics: Metrics;
  /** Default MAX_WS_SEND_STALL_MS (tests shorten it). */
  stallMs?: number;
  /** Rules after graphql-js's own; default the depth limit (apollo.ts validationRulesOf gives the gateway's). */
  validationRules?: readonly ValidationRule[];
  /** When set, only these documents run (graphql/trusted-documents.ts). */
  trustedDocuments?: TrustedDocuments;
  /** Document limits as on HTTP, and connections per client / subscriptions per socket (ws-limits.ts). */
  limits?: { gateway: GatewayLimits; maxConnectionsPerClient: number; maxSubscriptionsPerConnection: number; clientOf(authorization: string | undefined, request: IncomingMessage): string };
  /** telemetry: spans of websocket operations (null: off), and the client id of the log lines. */
  tracer?: Tracer | null;
  clientIdOf?(authorization: string | undefined, address: string | undefined): string;
  /** cors (issue 10): a browser's upgrade whose Origin is not allowed is refused with 403 (no Origin: not a browser, accepted). */
  cors?: Cors;
  /**
   * fan-out (issue 9): the caller's authorization scope (a digest of its API key), part of the key of a
   * group of subscriptions sharing one execution per event; default the Authorization itself (in memory only).
   */
  scopeOf?(authorization: string | undefined): string;
  /** Awaited between two slices of fan-out sends (ws-fanout.ts); default a turn of the event loop. Tests slow it down. */
  fanoutYield?: () => Promise<void>;
}

export interface GatewayWebsocket {
  readonly open: number;
  /** Groups of identical subscriptions sharing one execution per event (ws-fanout.ts). */
  readonly subscriptionGroups: number;
  /** Closes every socket with 1001 (cut after CLOSE_HANDSHAKE_MS) and disposes graphql-ws. */
  close(): Promise<void>;
}

/** The Authorization a client gives in connectionParams: { Authorization: "Bearer <key>" } (or nested in headers). */
function authOf(params: Record<string, unknown> | undefined): string | undefined {
  const v = params?.Authorization ?? params?.authorization ?? (params?.headers as Record<string, unknown> | undefined)?.Authorization;
  return typeof v === 'string' ? v : undefined;
}

/**
 * The slow-client guard. A client that never reads its socket must not grow
 * our memory without bound. The shared fan-out (ws-fanout.ts) never waits for
 * a socket: a client that does not read shows as bytes buffered in its
 * socket, and as a send that stays pending. Over MAX_WS_BUFFERED_BYTES, or a
 * send pending for longer than the stall limit, closes the socket with 1008;
 * the others are never slowed (it resumes with `after`, losing nothing).
 */
function guardSlowClients(wss: WebSocketServer, stallMs: number, logger: Logger, metrics: Metrics): { sockets: Set<WebSocket>; stop(): void } {
  const sockets = new Set<WebSocket>();
  /** Per socket: when each send not yet handed to the kernel was made (performance.now()), oldest first. */
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
    metrics.openWebsockets.inc();
    const times: number[] = [];
    unsent.set(socket, times);
    socket.once('close', () => {
      metrics.openWebsockets.dec();
      sockets.delete(socket);
      unsent.delete(socket);
    });
    type Done = (err?: Error) => void;
    const send = socket.send.bind(socket) as (data: unknown, options: object, cb: Done) => void;
    // ws's send(data, cb) and send(data, options, cb) (the fan-out sends Buffers as text frames).
    (socket as unknown as { send: (data: unknown, a?: object | Done, b?: Done) => void }).send = (data, a, b) => {
      const cb = typeof a === 'function' ? a : b;
      const options = typeof a === 'object' ? a : {};
      if (socket.bufferedAmount > MAX_WS_BUFFERED_BYTES) {
        dropSlow(socket, 'buffered', { bufferedBytes: socket.bufferedAmount });
        cb?.();
        return;
      }
      times.push(performance.now());
      send(data, options, (err) => {
        times.shift();
        cb?.(err);
      });
    };
  });
  const sweepEvery = Math.max(50, Math.min(1_000, stallMs / 4));
  let lastSweep = performance.now();
  const sweep = setInterval(() => {
    const now = performance.now();
    const late = now - lastSweep - sweepEvery;
    lastSweep = now;
    // After a pause of our own (GC, CPU starvation) timers run before write callbacks: a send would
    // look stalled that was only waiting for us. Judge on the next, punctual sweep instead.
    if (late > stallMs / 2) return;
    for (const [socket, times] of unsent) if (times.length > 0 && now - times[0] > stallMs) dropSlow(socket, 'stalled', { stalledMs: Math.round(now - times[0]), bufferedBytes: socket.bufferedAmount });
  }, sweepEvery);
  sweep.unref();
  return { sockets, stop: () => clearInterval(sweep) };
}

const isErrors = (r: ExecutionArgs | readonly GraphQLError[]): r is readonly GraphQLError[] => Array.isArray(r);

/** Parsing and validation of a subscribe without document limits (the limits do both themselves, ws-limits.ts). */
function prepareOperation(schema: GraphQLSchema, payload: { query: string; operationName?: string | null; variables?: Record<string, unknown> | null }, rules: readonly ValidationRule[]): ExecutionArgs | readonly GraphQLError[] {
  let document: DocumentNode;
  try {
    document = parse(payload.query);
  } catch (e) {
    if (e instanceof GraphQLError) return [e];
    throw e;
  }
  const errors = validate(schema, document, rules);
  if (errors.length > 0) return errors;
  if (!getOperationAST(document, payload.operationName ?? undefined)) return [new GraphQLError('Unable to identify operation', { extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } })];
  return { schema, document, operationName: payload.operationName, variableValues: payload.variables };
}

/**
 * graphql-js's own errors of a document (syntax, validation) carry no code:
 * tagged as Apollo tags them over HTTP, so formatError answers both
 * transports alike (a bad value written in the document becomes
 * BAD_USER_INPUT there, anything else about the document keeps its code).
 */
function asRequestError(e: GraphQLError): GraphQLError {
  if (e instanceof GatewayError || e.originalError instanceof GatewayError || e.extensions.code !== undefined) return e;
  const code = e.message.startsWith('Syntax Error') ? 'GRAPHQL_PARSE_FAILED' : 'GRAPHQL_VALIDATION_FAILED';
  return new GraphQLError(e.message, { nodes: e.nodes, source: e.source, positions: e.positions, originalError: e.originalError, extensions: { ...e.extensions, code } });
}

/** Subscriptions: graphql-transport-ws on the HTTP server's /graphql, with the same schema, auth and error masking as HTTP. */
export function attachWebsocket(opts: WebsocketOptions): GatewayWebsocket {
  const { formatError } = opts;
  const { cors } = opts;
  const wss = new WebSocketServer({
    server: opts.server,
    path: '/graphql',
    maxPayload: 64 * 1024,
    verifyClient: cors
      ? (info: { origin: string | undefined; req: IncomingMessage }, done: (ok: boolean, status?: number, message?: string) => void) => {
          if (cors.allowedUpgrade(info.origin, info.req.headers.host)) return done(true);
          opts.metrics.wsOriginRefusals.inc();
          opts.logger.info('websocket refused: origin not allowed', { origin: info.origin, client: opts.clientIdOf?.(undefined, info.req.socket.remoteAddress) ?? 'websocket' });
          done(false, 403, 'Forbidden');
        }
      : undefined,
  });
  const rules = [...specifiedRules, ...(opts.validationRules ?? [depthLimit()])];
  const guard = guardSlowClients(wss, opts.stallMs ?? MAX_WS_SEND_STALL_MS, opts.logger, opts.metrics);
  const limits = opts.limits
    ? createWsLimits(opts.schema, { limits: opts.limits.gateway, maxConnectionsPerClient: opts.limits.maxConnectionsPerClient, maxSubscriptionsPerConnection: opts.limits.maxSubscriptionsPerConnection, metrics: opts.metrics, clientOf: (a, r) => opts.limits!.clientOf(a, r), rules: opts.validationRules })
    : null;
  // The client of each operation, by its context (made per subscribe by `context` below).
  const clients = new WeakMap<object, string>();
  // The subscriber of each subscription, by its context: the fan-out writes to its socket.
  const subscribers = new WeakMap<object, Subscriber>();
  // The websocket path does not pass through Apollo's formatError: mask here too.
  // Also adds the errors of sources that failed while others answered, as the HTTP path does.
  const payloadOf = (result: ExecutionResult, contextValue: unknown) => {
    // A subscription's context is a bare key (see `context` below): no partial errors of its own.
    const partial = (contextValue as Partial<GatewayContext> | undefined)?.partialErrors ?? [];
    const errors = [...(result.errors ?? []), ...partial];
    return errors.length > 0 ? { ...result, errors: errors.map((e) => formatError(e.toJSON(), e)) } : undefined;
  };
  const fanout = createFanout({
    payloadOf,
    contextFor: (who) => opts.contextFor(who.authorization),
    metrics: opts.metrics,
    logger: opts.logger,
    tracer: opts.tracer ?? null,
    yieldToIo: opts.fanoutYield,
  });
  const ops = observedWsOperations(
    opts.tracer ?? null,
    opts.metrics,
    opts.logger,
    (c) => (typeof c === 'object' && c !== null && clients.get(c)) || 'websocket',
    // Subscriptions go through the shared fan-out (ws-fanout.ts explains the hook); queries and mutations run as usual.
    (args) => {
      const who = typeof args.contextValue === 'object' && args.contextValue !== null ? subscribers.get(args.contextValue) : undefined;
      if (!who) throw new Error('subscription without its subscriber (graphql-ws context)');
      return fanout.subscribe(args, who);
    },
  );
  const graphqlWs = useServer<Record<string, unknown> | undefined, { socket: WebSocket; request: IncomingMessage }>(
    {
      schema: opts.schema,
      execute: ops.execute,
      subscribe: ops.subscribe,
      onConnect: (ctx) => opts.checkKey(authOf(ctx.connectionParams)) && (limits?.admitConnection(ctx, authOf(ctx.connectionParams)) ?? true),
      // Trusted documents first (the payload's query becomes the listed document, or the subscribe is refused);
      // then parsing and validation here (with limits: tokens first, then the rules, then the cost with the
      // variables); then the variables' values, answered as over HTTP (BAD_USER_INPUT naming the argument path).
      onSubscribe: async (ctx, _id, payload) => {
        const refused = opts.trustedDocuments ? trustWebsocketPayload(opts.trustedDocuments, payload) : undefined;
        if (refused) return refused;
        const args = limits ? await limits.onSubscribe(ctx, authOf(ctx.connectionParams), payload) : prepareOperation(opts.schema, payload, rules);
        if (isErrors(args)) return args.map(asRequestError);
        const operation = getOperationAST(args.document, args.operationName ?? undefined);
        const problems = operation ? variableProblems(opts.schema, args.document, operation, args.variableValues) : [];
        return problems.length > 0 ? [badArguments(problems)] : args;
      },
      context: (ctx, id, _payload, args) => {
        const authorization = authOf(ctx.connectionParams);
        // A subscription runs in its group's context (ws-fanout.ts), or in one the fan-out makes for a
        // resuming subscriber's replay: its own is only the key to its subscriber, not a GatewayContext
        // (loaders, maps, closures) kept per subscriber for as long as it stays subscribed.
        const subscription = getOperationAST(args.document, args.operationName ?? undefined)?.operation === OperationTypeNode.SUBSCRIPTION;
        const c: object = subscription ? {} : opts.contextFor(authorization);
        const clientId = opts.clientIdOf?.(authorization, ctx.extra.request.socket.remoteAddress) ?? 'websocket';
        if (opts.clientIdOf) clients.set(c, clientId);
        subscribers.set(c, { socket: ctx.extra.socket, id, scope: opts.scopeOf?.(authorization) ?? authorization ?? '', clientId, authorization });
        return c;
      },
      // Queries and mutations (subscriptions write their own messages: ws-fanout.ts).
      onNext: (_ctx, _id, _payload, args, result) => payloadOf(result, args.contextValue),
      // A refusal found while formatting (a document not in the trusted list) is logged once, with its client.
      onError: (ctx, _id, _payload, errors) => {
        const authorization = authOf(ctx.connectionParams);
        const clientId = opts.clientIdOf?.(authorization, ctx.extra.request.socket.remoteAddress) ?? 'websocket';
        const scope: RequestScope = { requestId: requestIdOf(undefined), clientId, tracer: null, upstreamCalls: 0, accessLog: true };
        const formatted = runInScope(scope, () => errors.map((e) => formatError(e.toJSON(), e)));
        if (scope.refused) opts.logger.info('request refused', { client: clientId, transport: 'websocket', ...scope.refused });
        return formatted;
      },
    },
    wss,
  );
  return {
    get open() {
      return guard.sockets.size;
    },
    get subscriptionGroups() {
      return fanout.groups;
    },
    async close() {
      guard.stop();
      // Tell subscribers we are going away (1001), so they reconnect elsewhere with `after`;
      // one that does not complete the close handshake in time is cut.
      for (const s of guard.sockets) s.close(1001, 'Server shutting down');
      const cut = setTimeout(() => {
        for (const s of guard.sockets) s.terminate();
      }, CLOSE_HANDSHAKE_MS);
      cut.unref();
      await graphqlWs.dispose();
      clearTimeout(cut);
    },
  };
}
