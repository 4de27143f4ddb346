import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics of one gateway instance. A Registry per instance (not
 * prom-client's global one) so several gateways can run in one process (tests).
 */
export interface Metrics {
  registry: Registry;
  graphqlRequests: Counter<'operation' | 'outcome'>;
  graphqlDuration: Histogram<'operation'>;
  upstreamRequests: Counter<'source' | 'status'>;
  upstreamDuration: Histogram<'source'>;
  /** Websockets closed (1008) because their client stopped reading. */
  slowClientCloses: Counter;
  /** Upstream reads retried once because a reused keep-alive socket was reset before answering (trust, issue 11). */
  upstreamRetries: Counter<'source' | 'reason'>;
  /** Websockets closed (4429) or subscriptions refused for being over a per-client or per-connection limit. */
  wsLimitRefusals: Counter<'limit'>;
}

export function createMetrics(opts: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (opts.defaultMetrics) collectDefaultMetrics({ register: registry });
  const buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
  return {
    registry,
    graphqlRequests: new Counter({
      name: 'gateway_graphql_requests_total',
      help: 'GraphQL operations by type and outcome (ok, error, partial)',
      labelNames: ['operation', 'outcome'],
      registers: [registry],
    }),
    graphqlDuration: new Histogram({
      name: 'gateway_graphql_request_duration_seconds',
      help: 'GraphQL request duration',
      labelNames: ['operation'],
      buckets,
      registers: [registry],
    }),
    upstreamRequests: new Counter({
      name: 'gateway_upstream_requests_total',
      help: 'Upstream HTTP requests by source and status (HTTP status, or timeout/network)',
      labelNames: ['source', 'status'],
      registers: [registry],
    }),
    upstreamDuration: new Histogram({
      name: 'gateway_upstream_request_duration_seconds',
      help: 'Upstream HTTP request duration by source',
      labelNames: ['source'],
      buckets,
      registers: [registry],
    }),
    slowClientCloses: new Counter({
      name: 'gateway_ws_slow_client_closes_total',
      help: 'Websockets closed because their client stopped reading (unread messages over the limit)',
      registers: [registry],
    }),
    upstreamRetries: new Counter({
      name: 'gateway_upstream_retries_total',
      help: 'Upstream reads retried on a fresh connection after a reused keep-alive socket was reset before any answer, by source and reason (econnreset, epipe)',
      labelNames: ['source', 'reason'],
      registers: [registry],
    }),
    wsLimitRefusals: new Counter({
      name: 'gateway_ws_limit_refusals_total',
      help: 'Websocket connections (limit="connections") and subscriptions (limit="subscriptions") refused for being over their limit',
      labelNames: ['limit'],
      registers: [registry],
    }),
  };
}
