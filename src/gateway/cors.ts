/**
 * CORS for /graphql (issue 10 item 1): which browser origins may call the
 * gateway (CORS_ORIGINS, plus the gateway's own origin in the sandbox), the
 * answer to preflights, the headers of actual answers, and the same check for
 * the websocket upgrade. Requests without an Origin (servers, curl) are not
 * browsers: they are served as before.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CorsConfig } from '../cors-config';
import { gqlError, sendJson } from '../http/json';

export const CORS_ALLOWED_METHODS = 'GET, POST, OPTIONS';
/** Request headers a browser may send (Access-Control-Allow-Headers echoes the requested ones among these). */
// cache-control and pragma: a browser asking for a fresh answer (`no-cache`) past the response cache (gateway/response-cache.ts).
export const CORS_ALLOWED_HEADERS: readonly string[] = ['content-type', 'authorization', 'apollo-require-preflight', 'x-apollo-operation-name', 'traceparent', 'tracestate', 'x-request-id', 'cache-control', 'pragma'];
/** Answer headers a browser script may read. */
export const CORS_EXPOSED_HEADERS = 'x-request-id, retry-after';
/** Seconds a browser may cache a preflight. */
export const CORS_MAX_AGE_S = 600;

export interface Cors {
  /** True when a browser with this Origin may call /graphql (and open its websocket). */
  allowed(origin: string): boolean;
  /**
   * The websocket upgrade: no Origin (not a browser), an allowed one, or the
   * gateway's own (Origin's host is the request's Host: GraphiQL served by this gateway).
   */
  allowedUpgrade(origin: string | undefined, host: string | undefined): boolean;
  /** Sandbox: the gateway's own origin, known once it listens (its URL; 127.0.0.1 and localhost). */
  allowOwnOrigin(url: string): void;
  /** `OPTIONS /graphql`: 204 with the allowed methods and headers, or 403 for an origin not allowed. Cheap: no scope, no rate limit, no access line. */
  preflight(req: IncomingMessage, res: ServerResponse): void;
  /** Every other /graphql answer: `Vary: Origin`, and the allow headers when the Origin is allowed. */
  decorate(req: IncomingMessage, res: ServerResponse): void;
}

const originOf = (req: IncomingMessage): string | undefined => {
  const o = req.headers.origin;
  return typeof o === 'string' && o !== '' ? o : undefined;
};

function addVary(res: ServerResponse, ...names: string[]): void {
  const prev = res.getHeader('vary');
  const have = (Array.isArray(prev) ? prev.join(',') : typeof prev === 'string' ? prev : '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const n of names) if (!have.some((h) => h.toLowerCase() === n.toLowerCase())) have.push(n);
  res.setHeader('vary', have.join(', '));
}

export function createCors(config: CorsConfig): Cors {
  const own = new Set<string>();
  const listed = config.origins === '*' ? null : new Set(config.origins);
  const allowed = (origin: string) => listed === null || listed.has(origin.toLowerCase()) || own.has(origin.toLowerCase());
  const allowHeaders = (res: ServerResponse, origin: string) => {
    res.setHeader('access-control-allow-origin', origin);
    if (config.credentials) res.setHeader('access-control-allow-credentials', 'true');
  };
  return {
    allowed,
    allowedUpgrade(origin, host) {
      if (!origin || allowed(origin)) return true;
      try {
        return host !== undefined && new URL(origin).host === host.toLowerCase();
      } catch {
        return false;
      }
    },
    allowOwnOrigin(url) {
      if (!config.allowOwnOrigin) return;
      const u = new URL(url);
      own.add(u.origin);
      for (const host of ['127.0.0.1', 'localhost', '[::1]']) own.add(`${u.protocol}//${host}${u.port ? `:${u.port}` : ''}`);
    },
    preflight(req, res) {
      const origin = originOf(req);
      addVary(res, 'Origin', 'Access-Control-Request-Method', 'Access-Control-Request-Headers');
      if (origin !== undefined && !allowed(origin)) {
        sendJson(res, 403, gqlError(`Origin ${origin} is not allowed to call this gateway: add it to CORS_ORIGINS`, 'CORS_ORIGIN_NOT_ALLOWED'));
        return;
      }
      // Without an Origin it is no preflight: just say what the route accepts.
      res.setHeader('allow', CORS_ALLOWED_METHODS);
      if (origin !== undefined) {
        allowHeaders(res, origin);
        res.setHeader('access-control-allow-methods', CORS_ALLOWED_METHODS);
        const requested = (req.headers['access-control-request-headers'] ?? '')
          .split(',')
          .map((h) => h.trim().toLowerCase())
          .filter(Boolean);
        const echoed = requested.length > 0 ? requested.filter((h) => CORS_ALLOWED_HEADERS.includes(h)) : CORS_ALLOWED_HEADERS;
        if (echoed.length > 0) res.setHeader('access-control-allow-headers', echoed.join(', '));
        res.setHeader('access-control-max-age', String(CORS_MAX_AGE_S));
      }
      res.writeHead(204);
      res.end();
    },
    decorate(req, res) {
      addVary(res, 'Origin');
      const origin = originOf(req);
      if (origin === undefined || !allowed(origin)) return;
      allowHeaders(res, origin);
      res.setHeader('access-control-expose-headers', CORS_EXPOSED_HEADERS);
    },
  };
}
