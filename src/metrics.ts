import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Distinct operation names kept as label values; later new names count as "other". */
export const MAX_OPERATION_NAMES = 100;

/** What the gauges read when scraped (set by the composition root once the parts exist). */
export interface MetricProbes {
  /** Each configured source and whether its last call succeeded. */
  sourceHealth?(): readonly { source: string; healthy: boolean }[];
  /** Each polled source and when its last successful poll ended (unix seconds; null before the first). */
  lastPolls?(): readonly { source: string; at: number | null }[];
}

/**
 * Prometheus metrics of one gateway instance. A Registry per instance (not
 * prom-client's global one) so several gateways can run in one process (tests).
 */
export interface Metrics {
  registry: Registry;
  /** `operation` is the type (query, mutation, subscription, unknown), `operation_name` the bounded name (see operationName). */
  graphqlRequests: Counter<'operation' | 'operation_name' | 'outcome'>;
  graphqlDuration: Histogram<'operation' | 'operation_name'>;
  /**
   * The label value of an operation name: "anonymous" without one, the name
   * itself for the first MAX_OPERATION_NAMES distinct names of operations that
   * validated, "other" after that. Call it only once the document validated.
   */
  operationName(name: string | null | undefined): string;
  openWebsockets: Gauge;
  activeSubscriptions: Gauge;
  /** TTL caches of reference data (ttl-cache.ts): lookups by cache and result (hit, miss). */
  cacheLookups: Counter<'cache' | 'result'>;
  /** Read by the source health and last-poll gauges at scrape time. */
  probes: MetricProbes;
  upstreamRequests: Counter<'source' | 'status'>;
  upstreamDuration: Histogram<'source'>;
  /** Websockets closed (1008) because their client stopped reading. */
  slowClientCloses: Counter;
  /** Upstream reads retried once because a reused keep-alive socket was reset before answering (trust, issue 11). */
  upstreamRetries: Counter<'source' | 'reason'>;
  /** Websockets closed (4429) or subscriptions refused for being over a per-client or per-connection limit. */
  wsLimitRefusals: Counter<'limit'>;
  /** cors (issue 10): websocket upgrades refused (403) because the browser's Origin is not allowed. */
  wsOriginRefusals: Counter;
  /** fan-out (issue 9): executions of a subscription's selection for an event, once per group of identical subscriptions. */
  subscriptionExecutions: Counter;
  /** fan-out (issue 9): `next` messages written to websockets by the shared fan-out. */
  subscriptionDeliveries: Counter;
  /** fan-out (issue 9): groups of identical subscriptions (operation, variables, caller) sharing one execution. */
  subscriptionGroups: Gauge;
  sourceHealthy: Gauge<'source'>;
  lastSuccessfulPoll: Gauge<'source'>;
  /** The response cache of reads (issue 9): `hit`, `miss`, `bypass` (not looked up: `Cache-Control: no-cache`, or the store failed), `store`. */
  responseCache: Counter<'result'>;
}

export function createMetrics(opts: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (opts.defaultMetrics) collectDefaultMetrics({ register: registry });
  const buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
  const probes: MetricProbes = {};
  const names = new Set<string>();
  return {
    registry,
    graphqlRequests: new Counter({
      name: 'gateway_graphql_requests_total',
      help: 'GraphQL operations by type, name (bounded) and outcome (ok, error, partial)',
      labelNames: ['operation', 'operation_name', 'outcome'],
      registers: [registry],
    }),
    graphqlDuration: new Histogram({
      name: 'gateway_graphql_request_duration_seconds',
      help: 'GraphQL request duration by operation type and name (bounded)',
      labelNames: ['operation', 'operation_name'],
      buckets,
      registers: [registry],
    }),
    operationName(name) {
      if (!name) return 'anonymous';
      if (names.has(name)) return name;
      if (names.size >= MAX_OPERATION_NAMES) return 'other';
      names.add(name);
      return name;
    },
    openWebsockets: new Gauge({ name: 'gateway_websockets_open', help: 'Open websocket connections', registers: [registry] }),
    activeSubscriptions: new Gauge({ name: 'gateway_subscriptions_active', help: 'Active GraphQL subscriptions (over all websockets)', registers: [registry] }),
    cacheLookups: new Counter({
      name: 'gateway_cache_lookups_total',
      help: 'Lookups in the reference-data caches by cache and result (hit, miss); hit ratio = hit / (hit + miss)',
      labelNames: ['cache', 'result'],
      registers: [registry],
    }),
    probes,
    sourceHealthy: new Gauge({
      name: 'gateway_source_healthy',
      help: "1 when the source's last call succeeded, else 0",
      labelNames: ['source'],
      registers: [registry],
      collect() {
        this.reset();
        for (const h of probes.sourceHealth?.() ?? []) this.set({ source: h.source }, h.healthy ? 1 : 0);
      },
    }),
    lastSuccessfulPoll: new Gauge({
      name: 'gateway_source_last_successful_poll_seconds',
      help: 'Unix time of the last successful change poll of each polled source (absent before the first)',
      labelNames: ['source'],
      registers: [registry],
      collect() {
        this.reset();
        for (const p of probes.lastPolls?.() ?? []) if (p.at !== null) this.set({ source: p.source }, p.at);
      },
    }),
    responseCache: new Counter({
      name: 'gateway_response_cache_total',
      help: 'Response cache of GraphQL reads: lookups by result (hit, miss, bypass) and answers stored (store)',
      labelNames: ['result'],
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
    wsOriginRefusals: new Counter({
      name: 'gateway_ws_origin_refusals_total',
      help: 'Websocket upgrades refused (403) because the Origin header is not in CORS_ORIGINS',
      registers: [registry],
    }),
    subscriptionExecutions: new Counter({
      name: 'gateway_subscription_executions_total',
      help: 'Subscription events executed: once per event and group of identical subscriptions (operation, variables, caller), not once per subscriber',
      registers: [registry],
    }),
    subscriptionDeliveries: new Counter({
      name: 'gateway_subscription_deliveries_total',
      help: 'Subscription events written to websockets (one per event and subscriber)',
      registers: [registry],
    }),
    subscriptionGroups: new Gauge({ name: 'gateway_subscription_groups', help: 'Groups of identical subscriptions sharing one execution per event', registers: [registry] }),
  };
}
