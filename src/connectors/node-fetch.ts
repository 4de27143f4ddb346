import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { FRESH_CONNECTION, type Fetch, type UpstreamInit } from './http';

/** Upstream answers larger than this are cut off: one broken or hostile upstream must not exhaust the gateway's memory. */
export const MAX_UPSTREAM_RESPONSE_BYTES = 32 * 1024 * 1024;

/** Rejected when an answer passes the size limit (the HTTP client reports it as reason TOO_LARGE). */
export class ResponseTooLargeError extends Error {
  override name = 'ResponseTooLargeError';
  constructor(readonly limit: number) {
    super(`response larger than ${limit} bytes`);
  }
}

/**
 * How long a kept-alive upstream socket may sit unused before we close it.
 * Below the keep-alive of common upstream servers and proxies (Node 5 s,
 * nginx 75 s, AWS ALB 60 s, many PHP stacks 5 s), so we close an idle socket
 * before the upstream does and never write a request into one it is closing.
 * A server's own `Keep-Alive: timeout=N` hint, when shorter, wins (Node's agent honours it).
 */
export const UPSTREAM_IDLE_SOCKET_MS = 4_000;

/**
 * A request on a reused keep-alive socket that the upstream reset before any
 * byte of an answer came back (ECONNRESET, EPIPE, "socket hang up"): the
 * upstream closed the idle socket as we wrote to it, so the request never
 * reached it. The HTTP client retries such a read once, on a fresh
 * connection (http.ts, FRESH_CONNECTION).
 */
export class StaleSocketError extends Error {
  override name = 'StaleSocketError';
  constructor(
    /** econnreset or epipe: the metric label. */
    readonly reason: string,
    cause: Error,
  ) {
    super(`reused connection reset before an answer (${cause.message})`, { cause });
  }
}

const STALE_CODES = new Set(['ECONNRESET', 'EPIPE']);

/** Headers as a plain object with lower-case names, and the payload as a string (with its length and type). */
function requestParts(init: RequestInit): { headers: Record<string, string>; payload: string | undefined } {
  const headers: Record<string, string> = {};
  const given = init.headers;
  if (given instanceof Headers || Array.isArray(given)) new Headers(given).forEach((v, k) => (headers[k] = v));
  else if (given) for (const [k, v] of Object.entries(given)) headers[k.toLowerCase()] = v;
  let payload: string | undefined;
  if (typeof init.body === 'string') payload = init.body;
  else if (init.body instanceof URLSearchParams) {
    payload = init.body.toString();
    headers['content-type'] ??= 'application/x-www-form-urlencoded;charset=UTF-8';
  }
  if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
  return { headers, payload };
}

/**
 * A light Response over a body read whole (so a timeout covers the body too):
 * what the HTTP client reads (status, ok, headers.get/has, text, json, body).
 */
function lightResponse(res: IncomingMessage, buffer: Buffer): Response {
  // Node already lower-cases header names; get() is all the client reads.
  const raw = res.headers;
  const headers = {
    get: (name: string) => {
      const v = raw[name.toLowerCase()];
      return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
    },
    has: (name: string) => raw[name.toLowerCase()] !== undefined,
  };
  const status = res.statusCode ?? 0;
  const light = {
    status,
    ok: status >= 200 && status < 300,
    headers,
    body: null,
    text: () => Promise.resolve(buffer.toString('utf8')),
    json: () => Promise.resolve(JSON.parse(buffer.toString('utf8')) as unknown),
    arrayBuffer: () => Promise.resolve(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength)),
  };
  return light as unknown as Response;
}

/** Reads a response whole, refusing (ResponseTooLargeError) past `maxBytes`, announced or streamed. */
function readWhole(req: ClientRequest, res: IncomingMessage, maxBytes: number, signal: AbortSignal | undefined, done: () => void): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const tooLarge = () => {
      done();
      req.destroy();
      reject(new ResponseTooLargeError(maxBytes));
    };
    if (Number(res.headers['content-length'] ?? 0) > maxBytes) return tooLarge();
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) {
        chunks.length = 0;
        return tooLarge();
      }
      chunks.push(c);
    });
    res.on('error', (err) => reject(signal?.aborted ? (signal.reason as Error) : err));
    res.on('end', () => {
      done();
      resolve(Buffer.concat(chunks));
    });
  });
}

/**
 * A `fetch` over node:http(s) with keep-alive agents: the subset the
 * connectors use (string, URLSearchParams or no body; AbortSignal; text()).
 * Node 20's built-in fetch costs several times more CPU per call, which on a
 * gateway making four upstream calls per query is the difference between
 * keeping up with a hand-written service or not (see `npm run bench`).
 * Bodies it does not handle (FormData, streams) go to the fallback fetch.
 * An init marked FRESH_CONNECTION (the HTTP client's one retry after a stale
 * socket) bypasses the pool: `agent: false` gives that request a one-off agent,
 * so it goes out on a new connection (closed after its answer), never on
 * another free socket of the pool, which may be just as stale.
 */
export function createNodeFetch(opts: { maxSockets?: number; fallback?: Fetch; maxResponseBytes?: number; idleSocketMs?: number } = {}): Fetch & { destroy(): void } {
  const maxBytes = opts.maxResponseBytes ?? MAX_UPSTREAM_RESPONSE_BYTES;
  // `timeout` is the socket's idle timeout: the agent destroys a free socket idle that long (an active
  // request only gets a 'timeout' event, which we ignore: the request's deadline is its AbortSignal).
  const agentOpts = { keepAlive: true, maxSockets: opts.maxSockets ?? 64, keepAliveMsecs: 1000, timeout: opts.idleSocketMs ?? UPSTREAM_IDLE_SOCKET_MS };
  const http = new HttpAgent(agentOpts);
  const https = new HttpsAgent(agentOpts);
  const fallback = opts.fallback ?? globalThis.fetch;

  const fetchImpl = (input: string | URL | Request, init: UpstreamInit = {}): Promise<Response> => {
    const body = init.body;
    if (input instanceof Request || (body !== undefined && body !== null && typeof body !== 'string' && !(body instanceof URLSearchParams))) {
      return fallback(input, init);
    }
    const url = new URL(String(input));
    const { headers, payload } = requestParts(init);
    const signal = init.signal ?? undefined;
    return new Promise<Response>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason as Error);
      const isHttps = url.protocol === 'https:';
      const agent = init[FRESH_CONNECTION] === true ? false : isHttps ? https : http;
      const req = (isHttps ? httpsRequest : httpRequest)(url, { method: init.method ?? 'GET', headers, agent });
      const onAbort = () => req.destroy(signal!.reason as Error);
      const done = () => signal?.removeEventListener('abort', onAbort);
      signal?.addEventListener('abort', onAbort, { once: true });
      let answered = false;
      req.on('error', (err: NodeJS.ErrnoException) => {
        done();
        if (signal?.aborted) return reject(signal.reason as Error);
        const stale = !answered && req.reusedSocket && STALE_CODES.has(err.code ?? '');
        reject(stale ? new StaleSocketError(err.code!.toLowerCase(), err) : err);
      });
      req.on('response', (res: IncomingMessage) => {
        answered = true;
        readWhole(req, res, maxBytes, signal, done).then((buffer) => resolve(lightResponse(res, buffer)), reject);
      });
      req.end(payload);
    });
  };
  return Object.assign(fetchImpl, {
    destroy() {
      http.destroy();
      https.destroy();
    },
  });
}
