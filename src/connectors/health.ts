import type { Clock } from '../clock';
import type { SourceName } from '../domain';

/** What the gateway last saw of one source; `sources` and /readyz read it. */
export interface SourceHealth {
  source: SourceName;
  configured: boolean;
  /** false after a failed call, true again after the next successful one; unknown sources count as healthy. */
  healthy: boolean;
  lastError: string | null;
  lastErrorAt: string | null;
  lastSuccessAt: string | null;
}

export class HealthTracker {
  private readonly state: SourceHealth;
  constructor(
    source: SourceName,
    configured: boolean,
    private readonly clock: Clock,
  ) {
    this.state = { source, configured, healthy: true, lastError: null, lastErrorAt: null, lastSuccessAt: null };
  }
  success(): void {
    this.state.healthy = true;
    this.state.lastSuccessAt = this.clock.now().toISOString();
  }
  failure(message: string): void {
    this.state.healthy = false;
    this.state.lastError = message;
    this.state.lastErrorAt = this.clock.now().toISOString();
  }
  snapshot(): SourceHealth {
    return { ...this.state };
  }
}
