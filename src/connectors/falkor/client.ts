import { upstreamUnavailable } from '../../errors';
import type { ConnectorDeps } from '../deps';
import type { HealthTracker } from '../health';
import { createHttpClient } from '../http';
import type { FalkorRequestDto } from './dto';

export function falkorErrorMessage(body: unknown): string | undefined {
  const m = body && typeof body === 'object' ? (body as { message?: unknown }).message : undefined;
  return typeof m === 'string' ? m : undefined;
}

export interface FalkorConfig {
  baseUrl: string;
  token: string;
}

export interface FalkorClient {
  storyCertificates(body: FalkorRequestDto): Promise<unknown>;
}

export function createFalkorClient(cfg: FalkorConfig, deps: ConnectorDeps, health: HealthTracker): FalkorClient {
  const http = createHttpClient({
    source: 'FALKOR',
    baseUrl: cfg.baseUrl,
    fetch: deps.fetch,
    clock: deps.clock,
    timeoutMs: deps.timeoutMs,
    headers: { authorization: `Basic ${cfg.token}` },
    errorMessage: falkorErrorMessage,
    redact: deps.secrets.redact,
    logger: deps.logger,
    metrics: deps.metrics,
    tracer: deps.tracer ?? null,
    health,
    shareInflight: deps.shareInflight,
  });
  return {
    async storyCertificates(body) {
      // A read despite the POST: identical ones in flight share one answer; sent again after a stale socket.
      const res = await http.request({ method: 'POST', path: '/v1/logs/story-certificates', json: body }, { shared: true });
      const envelope = res.body as { status?: unknown; message?: unknown } | null;
      // Falkor may report an error inside a 200 envelope.
      if (envelope && typeof envelope === 'object' && envelope.status === 'error') {
        const message = deps.secrets.redact(typeof envelope.message === 'string' ? envelope.message : 'unknown error');
        health.failure(message);
        throw upstreamUnavailable('FALKOR', `answered an error: ${message}`);
      }
      return res.body;
    },
  };
}
