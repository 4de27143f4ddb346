/**
 * What one request (an HTTP request, or one operation on a websocket) carries
 * through every async step it causes, resolvers, DataLoader batches and
 * upstream calls included: its id (in every log line written on its behalf),
 * its client, the upstream calls it made (for the access log), its span and
 * the tracer of the gateway serving it. A leaf: AsyncLocalStorage only.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Span, Tracer } from '@opentelemetry/api';

export interface RequestScope {
  readonly requestId: string;
  /** `key:<digest of the API key>` or `ip:<address>`; never the key. */
  readonly clientId: string;
  /** The gateway's tracer when tracing is on, else null (nothing is traced). */
  readonly tracer: Tracer | null;
  /** The operation's span, when traced. */
  span?: Span;
  /** Upstream HTTP requests sent on behalf of this request (shared in-flight reads count once, for the request that sent them). */
  upstreamCalls: number;
  /**
   * Reads this request joined while another request had them in flight
   * (connectors/http.ts, RequestOptions.shared): their answer may predate a
   * change recorded before this request began, so the response cache does not
   * store an answer built on one.
   */
  joinedReads?: number;
  /** Whether this request ends with an access log line (the HTTP route's): a refusal is then told in that line. */
  accessLog?: boolean;
  /** The refusal of this request (a limit, an untrusted document, an APQ mistake): its code and what was over. */
  refused?: Record<string, unknown>;
  /** What the response cache did for this query (gateway/response-cache.ts), for its access line; unset when it was not asked. */
  responseCache?: 'hit' | 'miss' | 'bypass';
  /** Set once Apollo resolved the operation. */
  operation?: { name: string | null; type: string; outcome?: 'ok' | 'partial' | 'error' };
}

const storage = new AsyncLocalStorage<RequestScope>();

export function runInScope<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}

/** The scope of the request being served, or undefined outside one (pollers, start-up). */
export function currentScope(): RequestScope | undefined {
  return storage.getStore();
}

/**
 * Records a refusal on the request being served, so that its access line
 * tells it ("request refused", with the client id, the code and the limit):
 * one info line per refused request. false when there is no such line to
 * carry it (a websocket subscribe, or outside a request): the caller logs it.
 */
export function deferRefusal(fields: Record<string, unknown>): boolean {
  const scope = currentScope();
  if (!scope?.accessLog) return false;
  scope.refused ??= fields;
  return true;
}

/** A client's `x-request-id` is kept when it is short and plain (so it cannot forge log fields); else a fresh UUID. */
export function requestIdOf(given: string | string[] | undefined): string {
  return typeof given === 'string' && /^[A-Za-z0-9._:@/+=-]{1,128}$/.test(given) ? given : randomUUID();
}
