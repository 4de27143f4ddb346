/**
 * Common machinery of the sandbox simulators: a real `node:http` server on
 * 127.0.0.1 (random port) that records every request, adds configurable
 * latency, injects faults, and answers through a per-vendor handler.
 *
 * State lives in the object each start function returns; nothing is global,
 * so any number of simulators can run side by side in one test process.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CHANGE_KINDS, isChangeKind, type ChangeKind } from './live';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON when the body is JSON, else the raw string; undefined when empty. */
  body: unknown;
}

/** Narrows a fault to some requests; both fields are optional extensions. */
export interface FaultScope {
  /** Only requests whose path starts with this prefix are affected; others are answered normally. */
  path?: string;
  /** Affect only the next `times` matching requests, then the fault clears itself. */
  times?: number;
}

export type Fault = (
  | { kind: 'status'; status: number; body?: string; headers?: Record<string, string> }
  | { kind: 'delay'; ms: number }
  | { kind: 'malformed' }
  | { kind: 'shape' }
  /** Closes the connection without answering a byte, as an upstream closing an idle keep-alive socket does. */
  | { kind: 'reset' }
) & FaultScope;

export interface Simulator {
  /** Base URL without trailing slash, e.g. http://127.0.0.1:40123 */
  url: string;
  /** Every request received, in arrival order. */
  requests: RecordedRequest[];
  /** Mutable: delay added before every answer. */
  latencyMs: number;
  /** Applies to every following request until cleared with null (or until `times` is used up). */
  setFault(fault: Fault | null): void;
  /** Closes the server and every keep-alive socket; idempotent. */
  stop(): Promise<void>;
}

/** A simulator whose data changes over time when asked (the sandbox's "live" mode). */
export interface LiveSimulator extends Simulator {
  /**
   * Makes one realistic random change to the data (a random kind when none is
   * given; another kind when the asked one is impossible, e.g. nothing left to
   * delete) and describes it in one line.
   */
  change(kind?: ChangeKind): string;
}

export interface SimRequest extends RecordedRequest {
  /** The body decoded as UTF-8 (lossy for binary bodies; use rawBuffer for those). */
  rawBody: string;
  /** The body exactly as received, byte for byte (multipart uploads, binary files). */
  rawBuffer: Buffer;
  /** The simulator's own base URL, for absolute links in answers. */
  baseUrl: string;
}

export interface SimResponse {
  status: number;
  /** Serialised as JSON. */
  json?: unknown;
  /** Sent verbatim (XML, broken JSON...). */
  text?: string;
  headers?: Record<string, string>;
}

export type SimHandler = (req: SimRequest) => SimResponse | Promise<SimResponse>;

export interface SimServerOptions {
  latencyMs?: number;
  /** The vendor's error envelope, used for injected status faults without an explicit body. */
  errorBody?: (status: number, message: string) => unknown;
  /** Makes one change to the simulator's data; served as `POST /__sandbox/change`. */
  change?: (kind?: ChangeKind) => string;
}

/**
 * Sandbox control routes live under this prefix. They are not part of any
 * vendor's API, so they are not recorded in `requests` (tests count upstream
 * calls there), not delayed and not faulted.
 */
export const SANDBOX_ADMIN_PREFIX = '/__sandbox/';

/** A request value as text, as a PHP or Rails server would echo it: strings as they are, anything else as JSON. */
export const text = (v: unknown): string => (typeof v === 'string' ? v : (JSON.stringify(v) ?? 'undefined'));

export function json(status: number, body: unknown, headers?: Record<string, string>): SimResponse {
  return { status, json: body, headers };
}

/** Query string as a record; a repeated key becomes an array, as most frameworks expose it. */
export function queryRecord(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of params) {
    const prev = out[key];
    out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

/** First value of a query parameter (frameworks ignore the extras too). */
export function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** First value of a request header. */
export function header(req: RecordedRequest, name: string): string | undefined {
  return first(req.headers[name.toLowerCase()]);
}

function parseBody(raw: string): unknown {
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, r: SimResponse): void {
  if (res.headersSent || res.destroyed) return; // client gave up (e.g. gateway timeout)
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.headers ?? {})) headers[k.toLowerCase()] = v;
  let payload: string | undefined;
  if (r.json !== undefined) {
    payload = JSON.stringify(r.json);
    headers['content-type'] ??= 'application/json; charset=UTF-8';
  } else if (r.text !== undefined) {
    payload = r.text;
    headers['content-type'] ??= 'text/plain; charset=UTF-8';
  }
  if (payload !== undefined && r.status !== 204 && r.status !== 304) headers['content-length'] = String(Buffer.byteLength(payload));
  else payload = undefined;
  res.writeHead(r.status, headers);
  res.end(payload);
}

/** A sleep whose timer `stop()` can cancel (it is in `timers` until it fires). */
function trackedSleep(timers: Set<NodeJS.Timeout>, ms: number): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const t = setTimeout(() => {
      timers.delete(t);
      resolve();
    }, ms);
    timers.add(t);
  });
}

/** The answer of a `status` fault: its body as given (JSON or text), or the vendor's error shape. */
function faultResponse(f: Fault & { kind: 'status' }, errorBody: (status: number, message: string) => unknown): SimResponse {
  if (f.body === undefined) return json(f.status, errorBody(f.status, http.STATUS_CODES[f.status] ?? 'Simulated fault'), f.headers);
  let isJson = true;
  try {
    JSON.parse(f.body);
  } catch {
    isJson = false;
  }
  return { status: f.status, text: f.body, headers: { 'content-type': isJson ? 'application/json; charset=UTF-8' : 'text/plain; charset=UTF-8', ...f.headers } };
}

/** `POST /__sandbox/change` with an optional JSON `{"kind": "create"|"update"|"delete"}`. */
function adminRoute(change: SimServerOptions['change'], method: string, path: string, rawBody: string): SimResponse {
  if (path !== `${SANDBOX_ADMIN_PREFIX}change` || !change) return json(404, { error: `Unknown sandbox route ${path}` });
  if (method !== 'POST') return json(405, { error: 'POST /__sandbox/change' }, { allow: 'POST' });
  let body: unknown = {};
  if (rawBody.trim() !== '') {
    try {
      body = JSON.parse(rawBody);
    } catch {
      return json(400, { error: 'The body must be JSON: {"kind": "create" | "update" | "delete"} (kind optional)' });
    }
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return json(400, { error: 'The body must be a JSON object' });
  const kind = (body as { kind?: unknown }).kind;
  if (kind !== undefined && kind !== null && !isChangeKind(kind)) {
    return json(400, { error: `kind must be one of ${CHANGE_KINDS.join(', ')}, got ${JSON.stringify(kind)}` });
  }
  return json(200, { description: change(kind ?? undefined) });
}

export async function startSimServer(handler: SimHandler, opts: SimServerOptions = {}): Promise<Simulator> {
  const timers = new Set<NodeJS.Timeout>();
  let fault: Fault | null = null;
  let stopping: Promise<void> | null = null;
  const errorBody = opts.errorBody ?? ((status: number, message: string) => ({ error: message }));

  // Timers are tracked so stop() can cancel pending latency instead of keeping the process alive.
  const sleep = (ms: number) => trackedSleep(timers, ms);

  const takeFault = (path: string): Fault | null => {
    const f = fault;
    if (!f || (f.path !== undefined && !path.startsWith(f.path))) return null;
    if (f.times !== undefined && --f.times <= 0) fault = null;
    return f;
  };

  const sim: Simulator = {
    url: '',
    requests: [],
    latencyMs: opts.latencyMs ?? 0,
    setFault(f) {
      // Copied so `times` can count down without touching the caller's object.
      fault = f && !(f.times !== undefined && f.times <= 0) ? { ...f } : null;
    },
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopping;
    },
  };

  const serve = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    try {
      const rawBuffer = await readBody(req);
      const rawBody = rawBuffer.toString('utf8');
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname.startsWith(SANDBOX_ADMIN_PREFIX)) return send(res, adminRoute(opts.change, req.method ?? 'GET', url.pathname, rawBody));
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: queryRecord(url.searchParams),
        headers: { ...req.headers },
        body: parseBody(rawBody),
      };
      sim.requests.push(recorded);
      await sleep(sim.latencyMs);
      const f = takeFault(recorded.path);
      if (f?.kind === 'reset') return void req.socket.destroy();
      let answer: SimResponse;
      if (f?.kind === 'status') answer = faultResponse(f, errorBody);
      // Truncated mid-string: looks like the start of a real answer, parses as nothing.
      else if (f?.kind === 'malformed') answer = { status: 200, text: '{"data":[{"id":1,"name":"Fire Saf', headers: { 'content-type': 'application/json; charset=UTF-8' } };
      else if (f?.kind === 'shape') answer = json(200, { unexpected: true });
      else {
        if (f?.kind === 'delay') await sleep(f.ms);
        answer = await handler({ ...recorded, rawBody, rawBuffer, baseUrl: sim.url });
      }
      send(res, answer);
    } catch (err) {
      send(res, json(500, errorBody(500, `Simulator error: ${(err as Error).message}`)));
    }
  };

  const server = http.createServer((req, res) => { void serve(req, res); });
  // Node's fetch (undici) reuses sockets; keep them open a little longer than its 4 s default.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  sim.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return sim;
}

/** Adds read-only live getters to a simulator object (Object.assign would snapshot them). */
export function withGetters<S extends Simulator, G extends Record<string, unknown>>(sim: S, getters: { [K in keyof G]: () => G[K] }): S & Readonly<G> {
  for (const [key, get] of Object.entries(getters)) Object.defineProperty(sim, key, { get: get as () => unknown, enumerable: true });
  return sim as S & Readonly<G>;
}
