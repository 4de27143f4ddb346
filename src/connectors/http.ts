import { SpanKind, type Span, type Tracer } from '@opentelemetry/api';
import { systemClock, type Clock } from '../clock';
import type { SourceName } from '../domain';
import { GatewayError } from '../errors';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { currentScope, type RequestScope } from '../request-scope';
import { inSpan, injectTraceContext, scopeTracer } from '../tracing';
import type { HealthTracker } from './health';

export type Fetch = typeof globalThis.fetch;

/**
 * Set (true) on the RequestInit of the one retry after a stale keep-alive
 * socket: the fetch must send it on a NEW connection, not on another socket
 * of its pool (which may be as stale as the one just reset). undici-fetch.ts
 * honours it; any other fetch ignores an unknown symbol key, so an injected
 * `globalThis.fetch` still works (it just picks its own connection).
 */
export const FRESH_CONNECTION: unique symbol = Symbol('gateway.upstream.freshConnection');

/** What the HTTP client hands its fetch: a RequestInit, perhaps marked for a fresh connection. */
export type UpstreamInit = RequestInit & { [FRESH_CONNECTION]?: boolean };

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Appended to the source's base URL. */
  path: string;
  query?: Record<string, string | number | boolean | undefined | null | readonly (string | number)[]>;
  headers?: Record<string, string>;
  /** Sent as application/json. */
  json?: unknown;
  /** Sent as application/x-www-form-urlencoded. */
  form?: URLSearchParams;
  /** Sent as multipart/form-data (fetch sets the boundary). */
  formData?: FormData;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON; null for an empty body (204) or a 404 when `notFoundAsNull` is set. */
  body: unknown;
  /** For a 404 answered as null: the vendor's own words (redacted), e.g. which id it did not find. */
  message?: string;
}

/** How a connector authenticates: applied to every request; `invalidate` is called once on a 401 before one retry. */
export interface HttpAuth {
  apply(req: HttpRequest): Promise<HttpRequest> | HttpRequest;
  invalidate?(): void;
}

export interface HttpClientOptions {
  source: SourceName;
  baseUrl: string;
  /** Injected so tests and the sandbox can swap it; defaults to nothing: the caller passes globalThis.fetch. */
  fetch: Fetch;
  /** Per request, from UPSTREAM_TIMEOUT_MS. A request past it is aborted and becomes UPSTREAM_UNAVAILABLE (reason TIMEOUT). */
  timeoutMs: number;
  auth?: HttpAuth;
  /** Headers sent on every request (e.g. Ensinio's X-Requested-With). */
  headers?: Record<string, string>;
  /** Extracts the vendor's own error message from an error body; the result is redacted before use. */
  errorMessage?: (body: unknown) => string | undefined;
  redact: (text: string) => string;
  logger: Logger;
  metrics: Metrics;
  health: HealthTracker;
  /** The injected clock (ConnectorDeps.clock): "now" for a Retry-After given as an HTTP date. Default the system clock. */
  clock?: Clock;
  /** false turns RequestOptions.shared off (for measurements); default true. */
  shareInflight?: boolean;
  /** Requests to this source at once (default MAX_CONCURRENT_PER_SOURCE); more wait their turn. */
  maxConcurrent?: number;
  /** The gateway's tracer (null: tracing off); default the tracer of the request being served, if any. */
  tracer?: Tracer | null;
}

/**
 * Upstream requests in flight to one source at once. Fan-outs (a list read in
 * parallel pages, many holders' lists) and bursts of queries all pass
 * through it, so the gateway never opens an unbounded number of requests
 * against a vendor; the rest wait in order.
 */
export const MAX_CONCURRENT_PER_SOURCE = 32;

export interface RequestOptions {
  /** Answer a 404 with `body: null` instead of UPSTREAM_REJECTED. */
  notFoundAsNull?: boolean;
  /**
   * For reads only: an identical request already in flight (same method, path,
   * query and body) is not sent again; its answer, or its error, is shared.
   * Like Apollo Router's subgraph request deduplication: no answer outlives
   * the request that fetched it, so nothing is served stale.
   */
  shared?: boolean;
  /**
   * Safe to send twice: a read, whatever its method (a list read as a POST,
   * an OAuth token fetch). Only such a request is sent once more after a
   * reused keep-alive socket was reset before any answer (see fetchOnceMore).
   * Default: true for a GET or a `shared` request (shared means a read),
   * false for anything else. Never set it on a write (create, update, delete,
   * upload): a write's retries are the idempotency rules' business.
   */
  idempotent?: boolean;
}

/** Whether a request is a read, safe to send again (RequestOptions.idempotent). */
export const isIdempotent = (req: HttpRequest, reqOpts: RequestOptions): boolean => reqOpts.idempotent ?? (req.method === 'GET' || reqOpts.shared === true);

export interface HttpClient {
  readonly source: SourceName;
  request(req: HttpRequest, opts?: RequestOptions): Promise<HttpResponse>;
  /** Forgets reads in flight, so requests after a write never join a read that began before it. */
  forgetInflight(): void;
}

function buildUrl(baseUrl: string, req: HttpRequest): string {
  const u = new URL(baseUrl + req.path);
  for (const [k, v] of Object.entries(req.query ?? {})) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) for (const item of v) u.searchParams.append(k, String(item));
    else u.searchParams.set(k, String(v));
  }
  return u.toString();
}

function parseRetryAfter(value: string | null, now: number): number {
  if (!value) return 60;
  if (/^\d+$/.test(value.trim())) return Math.max(1, Number(value.trim()));
  const at = Date.parse(value);
  return Number.isNaN(at) ? 60 : Math.max(1, Math.ceil((at - now) / 1000));
}

/** Upstream path without query string: safe to log, never contains a credential. */
const safePath = (req: HttpRequest) => req.path.split('?')[0];

/** A path segment that is an id (digits, a UUID, an e-mail, anything percent-encoded, or long with digits). */
const ID_SEGMENT = /^(\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|.*[@%].*|(?=.*\d)[^/]{12,})$/i;

/** The route template of a request (its path, ids replaced by {id}): a span attribute of low cardinality, no query, no secret. */
export const routeTemplate = (req: HttpRequest): string =>
  safePath(req)
    .split('/')
    .map((seg) => (ID_SEGMENT.test(seg) ? '{id}' : seg))
    .join('/') || '/';

/** At most `max` requests open at once; the rest wait in order. */
interface Gate {
  /** Takes a slot, or waits for one; a wait that outlasts `signal` gives up (its place is freed). */
  acquire(signal: AbortSignal): Promise<void> | void;
  release(): void;
}

function createGate(max: number): Gate {
  let active = 0;
  const waiting: (() => void)[] = [];
  return {
    acquire(signal) {
      if (active < max) {
        active++;
        return;
      }
      signal.throwIfAborted();
      return new Promise<void>((resolve, reject) => {
        const onAbort = () => {
          const i = waiting.indexOf(take);
          if (i >= 0) waiting.splice(i, 1);
          reject(signal.reason as Error);
        };
        // Called by release(), which hands its slot over.
        const take = () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        };
        waiting.push(take);
        signal.addEventListener('abort', onAbort, { once: true });
      });
    },
    release() {
      const next = waiting.shift();
      if (next) next();
      else active--;
    },
  };
}

/** What one client shares between its requests. */
interface ClientCore {
  opts: HttpClientOptions;
  gate: Gate;
  /** Throws UPSTREAM_UNAVAILABLE with the redacted message, and marks the source unhealthy. */
  fail(message: string, ext: Record<string, unknown>): never;
}

/** The body to send and its content type. */
function bodyOf(req: HttpRequest, headers: Record<string, string>): string | URLSearchParams | FormData | undefined {
  if (req.json !== undefined) {
    headers['content-type'] = 'application/json';
    return JSON.stringify(req.json);
  }
  return req.form ?? req.formData;
}

/** Why a fetch threw: its metric label and the error it becomes. */
function fetchFailure(err: unknown, timeoutMs: number): { label: string; message: string; reason: 'TIMEOUT' | 'TOO_LARGE' | 'NETWORK' } {
  // Duck-typed: fetch's DOMException comes from another realm than this module's Error under some runners.
  const name = (err as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return { label: 'timeout', message: `did not answer within ${timeoutMs} ms`, reason: 'TIMEOUT' };
  if (name === 'ResponseTooLargeError') return { label: 'too_large', message: `answered more than the gateway accepts (${(err as Error).message})`, reason: 'TOO_LARGE' };
  return { label: 'network', message: 'connection failed', reason: 'NETWORK' };
}

/** What one logical request (a span, perhaps several sends) tracks: its span and how many times it was sent again. */
interface Attempts {
  span: Span | undefined;
  resends: number;
}

/** One more send of the same logical request: counted on its span (`http.request.resend_count`, the OTel HTTP attribute). */
function resent(attempts: Attempts): void {
  attempts.resends++;
  attempts.span?.setAttribute('http.request.resend_count', attempts.resends);
}

/**
 * Counts one request sent upstream: at once in the scope of the request being
 * served (its access line's upstream calls), and when it ends (the returned
 * function, given its status label) in gateway_upstream_requests_total and
 * the duration histogram.
 */
function countCall(core: ClientCore, req: HttpRequest): (statusLabel: string) => void {
  const { opts } = core;
  const scope = currentScope();
  if (scope) scope.upstreamCalls++;
  const started = performance.now();
  return (statusLabel) => {
    const seconds = (performance.now() - started) / 1000;
    opts.metrics.upstreamRequests.inc({ source: opts.source, status: statusLabel });
    opts.metrics.upstreamDuration.observe({ source: opts.source }, seconds);
    opts.logger.debug('upstream request', { source: opts.source, method: req.method, path: safePath(req), status: statusLabel, ms: Math.round(seconds * 1000) });
  };
}

/** The reason label (econnreset, epipe) when `err` is undici-fetch's StaleSocketError: a reused socket reset before any answer. */
function staleReason(err: unknown): string | undefined {
  if ((err as { name?: unknown } | null)?.name !== 'StaleSocketError') return undefined;
  const given = (err as { reason?: unknown }).reason;
  return typeof given === 'string' ? given : 'reset';
}

/**
 * The fetch, and for a read (RequestOptions.idempotent: a GET, a `shared`
 * read, or one marked so) ONE more on a FRESH connection (FRESH_CONNECTION)
 * when the first went out on a reused keep-alive socket that the upstream
 * reset before answering anything (undici-fetch's StaleSocketError): the
 * upstream closed it as we wrote. Within the same deadline (signal); never
 * for writes, whose retries are the idempotency rules' business. The retry is
 * a request of its own in the counts (scope, gateway_upstream_requests_total,
 * the span's resend count) and in gateway_upstream_retries_total{source,reason}.
 * `count.end` ends the count of the send in progress; the retry puts its own there.
 */
async function fetchOnceMore(
  core: ClientCore,
  req: HttpRequest,
  reqOpts: RequestOptions,
  attempts: Attempts,
  url: string,
  init: UpstreamInit & { signal: AbortSignal },
  count: { end: (statusLabel: string) => void },
): Promise<Response> {
  const { opts } = core;
  try {
    return await opts.fetch(url, init);
  } catch (err) {
    const reason = staleReason(err);
    if (reason === undefined || !isIdempotent(req, reqOpts) || init.signal.aborted) throw err;
    // The reset send ends as the failed request it was; the retry is another one.
    count.end(fetchFailure(err, opts.timeoutMs).label);
    count.end = countCall(core, req);
    opts.metrics.upstreamRetries.inc({ source: opts.source, reason });
    opts.logger.debug('upstream read retried on a fresh connection', { source: opts.source, method: req.method, path: safePath(req), reason });
    resent(attempts);
    const fresh: UpstreamInit = { ...init, [FRESH_CONNECTION]: true };
    return opts.fetch(url, fresh);
  }
}

async function send(core: ClientCore, req: HttpRequest, reqOpts: RequestOptions, attempts: Attempts): Promise<Response> {
  const { opts } = core;
  const { source } = opts;
  // The deadline covers the wait for a slot too: UPSTREAM_TIMEOUT_MS is the most a request can take.
  const signal = AbortSignal.timeout(opts.timeoutMs);
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers, ...req.headers };
  // W3C trace context of the upstream span (nothing when not traced).
  injectTraceContext(headers);
  const body = bodyOf(req, headers);
  const count = { end: countCall(core, req) };
  let statusLabel = 'network';
  let slot = false;
  try {
    await core.gate.acquire(signal);
    slot = true;
    const res = await fetchOnceMore(core, req, reqOpts, attempts, buildUrl(opts.baseUrl, req), { method: req.method, headers, body, signal }, count);
    statusLabel = String(res.status);
    return res;
  } catch (err) {
    const f = fetchFailure(err, opts.timeoutMs);
    statusLabel = f.label;
    opts.logger.warn('upstream request failed', { source, method: req.method, path: safePath(req), reason: statusLabel });
    return core.fail(f.message, { reason: f.reason });
  } finally {
    if (slot) core.gate.release();
    count.end(statusLabel);
  }
}

/** JSON, or null for an empty body; malformed JSON fails a 2xx and is kept as text for an error answer. */
async function readBody(core: ClientCore, res: Response, req: HttpRequest): Promise<unknown> {
  let text: string;
  try {
    text = await res.text();
  } catch {
    return core.fail('the response body was cut off', { reason: 'NETWORK', status: res.status });
  }
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    core.opts.logger.warn('upstream answered malformed JSON', { source: core.opts.source, method: req.method, path: safePath(req), status: res.status });
    return res.ok ? core.fail('answered malformed JSON', { reason: 'MALFORMED', status: res.status }) : text;
  }
}

/** The vendor's own words from an error body, redacted, with upstream URLs hidden. */
function vendorWords(opts: HttpClientOptions, body: unknown): string | undefined {
  let m: string | undefined;
  try {
    m = opts.errorMessage?.(body) ?? (typeof body === 'string' ? body.slice(0, 200) : undefined);
  } catch {
    m = undefined;
  }
  return m === undefined ? undefined : opts.redact(m).replace(/https?:\/\/[^\s"'<>]+/g, '[URL]');
}

/** A non-2xx answer as the error of SPEC §7 it means (or, for a 404 asked as null, a null body). */
function errorAnswer(core: ClientCore, req: HttpRequest, res: Response, body: unknown, reqOpts: RequestOptions): HttpResponse {
  const { opts } = core;
  const { source } = opts;
  const status = res.status;
  const message = vendorWords(opts, body);
  opts.logger.warn('upstream answered an error', { source, method: req.method, path: safePath(req), status, message });
  if (status === 404 && reqOpts.notFoundAsNull) {
    opts.health.success();
    return { status, headers: res.headers, body: null, message };
  }
  if (status === 401 || status === 403) {
    // A 403 may be a plan matter (Ensinio answers it for a feature its plan disables): its words tell the operator which.
    const why = status === 403 && message ? `: ${message.slice(0, 200)}` : '';
    return core.fail(`refused the gateway's credentials or permissions (HTTP ${status})${why}`, { status });
  }
  if (status === 429) {
    const retryAfter = parseRetryAfter(res.headers.get('retry-after'), (opts.clock ?? systemClock).now().getTime());
    opts.health.failure(`rate limited (HTTP 429)`);
    throw new GatewayError(`${source}: rate limited, retry after ${retryAfter} s`, { code: 'RATE_LIMITED', source, retryAfter, status });
  }
  if (status >= 400 && status < 500) {
    opts.health.success();
    // The vendor's words help the client fix its input; upstream hosts and URLs are not theirs to see.
    const msg = (message ?? `HTTP ${status}`).slice(0, 500);
    throw new GatewayError(`${source} rejected the request: ${msg}`, { code: 'UPSTREAM_REJECTED', source, status, upstreamMessage: msg });
  }
  return core.fail(`answered HTTP ${status}`, { status });
}

/** One upstream request (the 401 re-authentication included): a CLIENT span when traced, child of the active span. */
function perform(core: ClientCore, original: HttpRequest, reqOpts: RequestOptions): Promise<HttpResponse> {
  const tracer = core.opts.tracer === undefined ? scopeTracer() : core.opts.tracer;
  if (!tracer) return performIn(core, original, reqOpts, undefined);
  const template = routeTemplate(original);
  const attributes = { 'gateway.source': core.opts.source, 'http.request.method': original.method, 'url.template': template };
  return inSpan(tracer, `${original.method} ${template}`, attributes, (span) => performIn(core, original, reqOpts, span), SpanKind.CLIENT);
}

async function performIn(core: ClientCore, original: HttpRequest, reqOpts: RequestOptions, span: Span | undefined): Promise<HttpResponse> {
  const { auth } = core.opts;
  const attempts: Attempts = { span, resends: 0 };
  let req = auth ? await auth.apply(original) : original;
  let res = await send(core, req, reqOpts, attempts);
  if (res.status === 401 && auth?.invalidate) {
    // A cached token may have been revoked early: get a fresh one once.
    await res.body?.cancel();
    auth.invalidate();
    req = await auth.apply(original);
    resent(attempts);
    res = await send(core, req, reqOpts, attempts);
  }
  span?.setAttribute('http.response.status_code', res.status);
  const body = await readBody(core, res, req);
  if (res.status < 200 || res.status >= 300) return errorAnswer(core, req, res, body, reqOpts);
  core.opts.health.success();
  return { status: res.status, headers: res.headers, body };
}

/**
 * The one HTTP client every connector uses. It maps upstream outcomes to the
 * error codes of SPEC §7 exactly once:
 * - network failure or timeout → UPSTREAM_UNAVAILABLE (extensions.reason NETWORK | TIMEOUT)
 * - 401/403 → UPSTREAM_UNAVAILABLE (the gateway's credentials were refused: an operator problem)
 * - 404 → `body: null` when `notFoundAsNull`, else UPSTREAM_REJECTED
 * - 429 → RATE_LIMITED with retryAfter (seconds, from Retry-After or 60)
 * - other 4xx → UPSTREAM_REJECTED with the vendor's own message
 * - 5xx, or a 2xx body that is not JSON → UPSTREAM_UNAVAILABLE
 * Every error carries `extensions.source`; messages are redacted.
 */
export function createHttpClient(opts: HttpClientOptions): HttpClient {
  const { source } = opts;
  const core: ClientCore = {
    opts,
    gate: createGate(opts.maxConcurrent ?? MAX_CONCURRENT_PER_SOURCE),
    fail(message, ext) {
      const safe = opts.redact(message);
      opts.health.failure(safe);
      throw new GatewayError(`${source}: ${safe}`, { code: 'UPSTREAM_UNAVAILABLE', source, ...ext } as never);
    },
  };
  // Each read in flight with the scope of the request that sent it (a request joining its own read is no news).
  const inflight = new Map<string, { answer: Promise<HttpResponse>; sender: RequestScope | undefined }>();
  return {
    source,
    request(req, reqOpts = {}) {
      if (!reqOpts.shared || opts.shareInflight === false) return perform(core, req, reqOpts);
      const key = `${req.method} ${req.path} ${JSON.stringify(req.query ?? {})} ${JSON.stringify(req.json ?? null)} ${reqOpts.notFoundAsNull ? 1 : 0}`;
      const existing = inflight.get(key);
      const scope = currentScope();
      if (existing) {
        if (scope && existing.sender !== scope) scope.joinedReads = (scope.joinedReads ?? 0) + 1;
        return existing.answer;
      }
      const p: Promise<HttpResponse> = perform(core, req, reqOpts).finally(() => {
        if (inflight.get(key)?.answer === p) inflight.delete(key);
      });
      inflight.set(key, { answer: p, sender: scope });
      return p;
    },
    forgetInflight() {
      inflight.clear();
    },
  };
}
