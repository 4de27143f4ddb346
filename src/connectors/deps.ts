import type { Tracer } from '@opentelemetry/api';
import type { Clock } from '../clock';
import type { Logger, Secrets } from '../logger';
import type { Metrics } from '../metrics';
import type { Fetch } from './http';
import type { SlotLimit, SlotScheduler } from './slots';

/** What every connector is given; nothing is imported globally. */
export interface ConnectorDeps {
  fetch: Fetch;
  timeoutMs: number;
  secrets: Secrets;
  logger: Logger;
  metrics: Metrics;
  clock: Clock;
  /** Share identical in-flight reads (RequestOptions.shared); default true, off only to measure without it. */
  shareInflight?: boolean;
  /**
   * A rate budget for writes the upstream limits (e.g. Springest's 30 uploads a
   * minute), named within the source: in memory, or in Redis (shared by every
   * replica) when REDIS_URL is set.
   */
  slots(name: string, limit: SlotLimit): SlotScheduler;
  /** The gateway's tracer for upstream spans; null or absent: tracing off. */
  tracer?: Tracer | null;
}
