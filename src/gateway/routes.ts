import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import { context, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import type { SourceRegistry } from '../connectors/module';
import type { Connector } from '../connectors/types';
import type { GatewayContext } from '../context';
import type { SourceName } from '../domain';
import { BodyTooLargeError, readBody } from '../http/body';
import { gqlError, sendJson } from '../http/json';
import type { Cors } from './cors';
import { EXPORT_PATH } from './compliance-export';
import type { Admission, HttpGraphqlRequest } from '../graphql/trusted-documents';
import type { createGraphiqlHandler } from '../http/graphiql';
import type { WatchedFileState } from '../files/watched-file';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { admitRequest, admitTokens, isUploadBody, queryOf, refuseBody, rememberClient, type GatewayLimits } from './limits';
import { requestIdOf, runInScope, type RequestScope } from '../request-scope';
import { extractTraceContext } from '../tracing';

/**
 * Requests to /graphql larger than this are refused with 413 before parsing.
 * Large enough for issueCertificate with a 10 MiB PDF in base64 (13.4 MiB).
 */
export const MAX_GRAPHQL_BODY_BYTES = 15 * 1024 * 1024;


/** Where the gateway is in its shutdown (set by gateway/shutdown.ts). */
export interface DrainState {
  /** Draining: answers close their connection, requests on kept-alive connections get 503. */
  stopping: boolean;
  /** Leaving (set on SIGTERM, before the drain): /readyz answers 503, everything else is served as usual. */
  leaving: boolean;
}

export interface GraphqlRouteOptions {
  apollo: ApolloServer<GatewayContext>;
  /** false: answer 401. */
  checkKey(authorization: string | undefined): boolean;
  contextFor(authorization: string | undefined): Promise<GatewayContext> | GatewayContext;
  drain: DrainState;
  /** Trusted documents (graphql/trusted-documents.ts createTrustedAdmission): rewrites the request to the listed document, or answers the refusal. */
  admit?(req: HttpGraphqlRequest): Admission;
  /** Rate, body and token limits (gateway/limits.ts); without them, the 15 MiB body limit alone. */
  limits?: GatewayLimits;
  /** The client id of a request (http/client-id.ts). */
  clientOf?(req: IncomingMessage): string;
  /** telemetry: the gateway's tracer (null: off), and the logger of the access log. */
  tracer?: Tracer | null;
  logger?: Logger;
}

/** The JSON or text body of a POST, or a response already sent (413, 400) and undefined. */
async function readGraphqlBody(req: IncomingMessage, res: ServerResponse, limits: GatewayLimits | undefined, clientId: string): Promise<{ body: unknown } | undefined> {
  let raw: Buffer;
  const max = limits?.maxUploadBodyBytes ?? MAX_GRAPHQL_BODY_BYTES;
  try {
    raw = await readBody(req, max);
  } catch (e) {
    if (!(e instanceof BodyTooLargeError)) throw e;
    if (limits) refuseBody(limits, clientId, res, Number(req.headers['content-length']) || undefined, max, 'MAX_UPLOAD_BODY_BYTES');
    else sendJson(res, 413, gqlError(`Request body is larger than ${MAX_GRAPHQL_BODY_BYTES} bytes`, 'BAD_REQUEST'), { connection: 'close' });
    return undefined;
  }
  const json = /^application\/(graphql-response\+)?json/i.test(req.headers['content-type'] ?? '');
  let body: unknown;
  if (!json) body = raw.toString('utf8');
  else {
    try {
      body = JSON.parse(raw.toString('utf8')) as unknown;
    } catch {
      sendJson(res, 400, gqlError('Request body is not valid JSON', 'BAD_REQUEST'));
      return undefined;
    }
  }
  // Past the ordinary limit only the Springest upload may pass (its PDF does not count).
  if (limits && raw.length > limits.maxBodyBytes && !(json && isUploadBody(body, raw.length, limits))) {
    refuseBody(limits, clientId, res, raw.length, limits.maxBodyBytes, 'MAX_BODY_BYTES');
    return undefined;
  }
  return { body };
}

/**
 * The request's scope (id, client, upstream calls; see request-scope.ts), its
 * `x-request-id` answer header, its SERVER span child of the client's
 * `traceparent` when traced, and one access log line at info once answered.
 */
function observed(opts: GraphqlRouteOptions, serve: (req: IncomingMessage, res: ServerResponse, search: string) => Promise<void>) {
  return (req: IncomingMessage, res: ServerResponse, search: string): Promise<void> => {
    const scope: RequestScope = {
      requestId: requestIdOf(req.headers['x-request-id']),
      clientId: opts.clientOf?.(req) ?? `ip:${req.socket.remoteAddress ?? 'unknown'}`,
      tracer: opts.tracer ?? null,
      upstreamCalls: 0,
      accessLog: opts.logger !== undefined,
    };
    res.setHeader('x-request-id', scope.requestId);
    const started = performance.now();
    return runInScope(scope, async () => {
      let failed = false;
      try {
        if (!scope.tracer) return await serve(req, res, search);
        // A malformed traceparent is ignored: the operation starts a trace of its own.
        const parent = extractTraceContext(req.headers);
        const span = (scope.span = scope.tracer.startSpan('graphql', { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method, 'url.path': '/graphql' } }, parent));
        return await context.with(trace.setSpan(parent, span), () => serve(req, res, search));
      } catch (err) {
        failed = true;
        throw err;
      } finally {
        const status = failed && !res.headersSent ? 500 : res.statusCode;
        const op = scope.operation;
        const outcome = op?.outcome ?? (status >= 400 ? 'error' : 'ok');
        if (scope.span) {
          scope.span.setAttribute('http.response.status_code', status);
          if (outcome === 'error' || status >= 500) scope.span.setStatus({ code: SpanStatusCode.ERROR });
          scope.span.end();
        }
        const ids = scope.span ? { trace_id: scope.span.spanContext().traceId, span_id: scope.span.spanContext().spanId } : {};
        // Never the variables or the document: names, counts and the outcome only.
        // A refused request (limits, trusted documents, APQ mistakes) says so in this one line.
        opts.logger?.info(scope.refused ? 'request refused' : 'graphql request', {
          ...ids,
          operationName: op?.name ?? null,
          operationType: op?.type ?? null,
          outcome,
          status,
          ms: Math.round(performance.now() - started),
          upstreamCalls: scope.upstreamCalls,
          ...(scope.responseCache ? { responseCache: scope.responseCache } : {}),
          client: scope.clientId,
          ...scope.refused,
        });
      }
    });
  };
}

/** GET/POST /graphql: API key, body limit, then Apollo (executeHTTPGraphQLRequest) with a fresh context. */
export function createGraphqlRoute(opts: GraphqlRouteOptions) {
  return observed(opts, async (req: IncomingMessage, res: ServerResponse, search: string): Promise<void> => {
    if (!opts.checkKey(req.headers.authorization)) {
      sendJson(res, 401, gqlError('A valid API key is required: send Authorization: Bearer <key>', 'UNAUTHENTICATED'), { 'www-authenticate': 'Bearer' });
      return;
    }
    const clientId = opts.clientOf?.(req) ?? 'unknown';
    const { limits } = opts;
    if (limits && !(await admitRequest(limits, clientId, res))) return;
    let body: unknown;
    if (req.method === 'POST') {
      const read = await readGraphqlBody(req, res, limits, clientId);
      if (!read) return;
      body = read.body;
    }
    if (opts.admit) {
      const a = opts.admit({ method: req.method!.toUpperCase(), body, search });
      if (!('admitted' in a)) return sendJson(res, a.status, a.body);
      ({ body, search } = a.admitted);
    }
    if (limits && !admitTokens(limits, clientId, queryOf(req, search, body), res)) return;
    const headers = new HeaderMap();
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    // GET can only run a query (Apollo answers 405 to a mutation over GET; subscriptions live on the websocket),
    // and this gateway authenticates with a bearer key, never a cookie: a GET cannot act for a browser's user,
    // so Apollo's CSRF check (which wants a preflight header on GET) is satisfied here for clients such as urql.
    if (req.method === 'GET' && !headers.has('apollo-require-preflight')) headers.set('apollo-require-preflight', 'get-is-a-query');
    const result = await opts.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method!.toUpperCase(), headers, search, body },
      context: async () => rememberClient(await opts.contextFor(req.headers.authorization), clientId),
    });
    for (const [k, v] of result.headers) res.setHeader(k, v);
    // A request that began before the drain: its connection closes once this answer is sent.
    if (opts.drain.stopping) res.setHeader('connection', 'close');
    res.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      res.end(result.body.string);
    } else {
      for await (const chunk of result.body.asyncIterator) res.write(chunk);
      res.end();
    }
  });
}

/** /readyz: 200 while at least one configured source is healthy and the gateway is not draining. */
export function readiness(registry: SourceRegistry, connectors: ReadonlyMap<SourceName, Connector>, stopping: boolean, files: readonly WatchedFileState[] = []) {
  const sources = registry.names.map((s) => connectors.get(s)?.health.snapshot() ?? { source: s, configured: false });
  const configured = [...connectors.values()].map((c) => c.health.snapshot());
  const anyHealthy = configured.some((h) => h.healthy);
  const ready = !stopping && configured.length > 0 && anyHealthy;
  // A refused PEOPLE_FILE / REQUIREMENTS_FILE degrades, never fails, readiness: the last good version serves.
  const allWell = configured.every((h) => h.healthy) && files.every((f) => f.status === 'ok');
  return { status: ready ? 200 : 503, body: { status: ready ? (allWell ? 'ready' : 'degraded') : 'unavailable', sources, ...(files.length > 0 ? { files } : {}) } };
}

/** The Prometheus text of one gateway's registry. */
export async function serveMetrics(metrics: Metrics, res: ServerResponse): Promise<void> {
  const text = await metrics.registry.metrics();
  res.writeHead(200, { 'content-type': metrics.registry.contentType });
  res.end(text);
}

/** A webhook receiver mounted at /webhooks/<prefix>/{event}. */
export interface WebhookRoute {
  prefix: string;
  handle(req: IncomingMessage, res: ServerResponse, event: string, token: string | null): Promise<void>;
}

export interface RouterOptions {
  graphql: ReturnType<typeof createGraphqlRoute>;
  webhooks: readonly WebhookRoute[];
  graphiql: ReturnType<typeof createGraphiqlHandler>;
  readiness(): { status: number; body: unknown };
  metrics: Metrics;
  logger: Logger;
  drain: DrainState;
  /** false when METRICS_PORT serves /metrics on its own listener: the public port answers 404 there. */
  publicMetrics?: boolean;
  /** cors (issue 10): preflights and Access-Control-* headers of /graphql (gateway/cors.ts); without it, no CORS. */
  cors?: Cors;
  /** compliance (issue 12): GET /exports/compliance.csv (gateway/compliance-export.ts), CORS as /graphql. */
  complianceExport?: (req: IncomingMessage, res: ServerResponse, search: URLSearchParams) => Promise<void>;
}

const PROBES = ['/healthz', '/readyz', '/metrics'];

/** The gateway's HTTP routes: /graphql, /webhooks/…, /graphiql, /healthz, /readyz, /metrics. */
export function createRouter(opts: RouterOptions): RequestListener {
  const { drain, logger } = opts;
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://gateway');
    const path = url.pathname;
    // Draining: every answer closes its connection once sent (Node keeps it alive otherwise, and
    // server.close() would wait for the grace period to cut it).
    if (drain.stopping) res.setHeader('connection', 'close');
    // CORS: Vary and, for an allowed Origin, the allow headers on every /graphql answer (errors and 503 too).
    if (path === '/graphql' && req.method !== 'OPTIONS') opts.cors?.decorate(req, res);
    if (drain.stopping && path !== '/healthz' && path !== '/readyz') {
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
      // A preflight is answered here: no request scope, no rate limit, no access line.
      if (req.method === 'OPTIONS' && opts.cors) opts.cors.preflight(req, res);
      else if (req.method !== 'GET' && req.method !== 'POST') sendJson(res, 405, gqlError('Use GET or POST', 'BAD_REQUEST'), { allow: 'GET, POST' });
      else void done(opts.graphql(req, res, url.search));
      return;
    }
    if (path === EXPORT_PATH && opts.complianceExport) {
      const exporter = opts.complianceExport;
      if (req.method === 'OPTIONS' && opts.cors) opts.cors.preflight(req, res);
      else if (req.method !== 'GET') sendJson(res, 405, gqlError('Use GET', 'BAD_REQUEST'), { allow: 'GET' });
      else {
        opts.cors?.decorate(req, res);
        // Its log lines carry a request id, and upstream calls are counted, as for /graphql.
        const scope: RequestScope = { requestId: requestIdOf(req.headers['x-request-id']), clientId: `ip:${req.socket.remoteAddress ?? 'unknown'}`, tracer: null, upstreamCalls: 0 };
        res.setHeader('x-request-id', scope.requestId);
        void runInScope(scope, () => done(exporter(req, res, url.searchParams)));
      }
      return;
    }
    const hook = /^\/webhooks\/([^/]+)\/([^/]+)$/.exec(path);
    const webhook = hook && opts.webhooks.find((w) => w.prefix === hook[1]);
    if (webhook) {
      if (req.method !== 'POST') sendJson(res, 405, { error: 'webhooks are POSTed' }, { allow: 'POST' });
      else {
        // Its log lines carry a request id too (returned as x-request-id).
        const scope: RequestScope = { requestId: requestIdOf(req.headers['x-request-id']), clientId: `ip:${req.socket.remoteAddress ?? 'unknown'}`, tracer: null, upstreamCalls: 0 };
        res.setHeader('x-request-id', scope.requestId);
        void runInScope(scope, () => done(webhook.handle(req, res, hook[2], url.searchParams.get('token'))));
      }
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, path.startsWith('/graphiql') || PROBES.includes(path) ? 405 : 404, { error: 'not found' });
      return;
    }
    if (opts.graphiql.handle(req, res, path)) return;
    if (path === '/healthz') {
      sendJson(res, 200, { status: 'ok' });
    } else if (path === '/readyz') {
      const r = opts.readiness();
      sendJson(res, r.status, r.body);
    } else if (path === '/metrics' && opts.publicMetrics !== false) {
      void done(serveMetrics(opts.metrics, res));
    } else {
      sendJson(res, 404, { error: `no route ${path}; try /graphql or /graphiql` });
    }
  };
}
