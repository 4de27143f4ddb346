import type { Clock } from '../clock';
import type { Logger, Secrets } from '../logger';
import type { Metrics } from '../metrics';
import type { SlotScheduler } from '../writes/slots';
import type { Fetch } from './http';

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
  /** Springest's upload budget (30 a minute), in memory or in Redis. */
  springestUploads: SlotScheduler;
}
