import type { ConnectorDeps } from '../deps';
import type { HealthTracker } from '../health';
import { createHttpClient } from '../http';
import type { EnsinioListQuery } from './dto';

/** Laravel error bodies: {message, errors?: {field: [messages]}}. */
export function ensinioErrorMessage(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const o = body as { message?: unknown; errors?: Record<string, unknown> };
  const details = o.errors && typeof o.errors === 'object' ? Object.values(o.errors).flat().filter((m) => typeof m === 'string') : [];
  const base = typeof o.message === 'string' ? o.message : undefined;
  return details.length > 0 ? `${base ?? 'invalid'} (${details.join('; ')})` : base;
}

export interface EnsinioConfig {
  baseUrl: string;
  token: string;
}

export interface EnsinioClient {
  list(q: EnsinioListQuery): Promise<unknown>;
  /** 201 with the certificate; a 404 (group or user unknown) answers `{ notFound: <Ensinio's message> }`. */
  issue(body: { group_id: number; user_id: number; conclusion_date: string }): Promise<{ created: unknown } | { notFound: string }>;
  /** false when Ensinio has no such certificate. */
  revoke(id: string): Promise<{ found: boolean; message: string | null }>;
  forgetInflight(): void;
}

export function createEnsinioClient(cfg: EnsinioConfig, deps: ConnectorDeps, health: HealthTracker): EnsinioClient {
  const http = createHttpClient({
    source: 'ENSINIO',
    baseUrl: `${cfg.baseUrl}/public/api/v1`,
    fetch: deps.fetch,
    clock: deps.clock,
    timeoutMs: deps.timeoutMs,
    // Both on every call: Laravel answers a redirect to its login page to requests without X-Requested-With.
    headers: { authorization: `Bearer ${cfg.token}`, 'x-requested-with': 'XMLHttpRequest' },
    errorMessage: ensinioErrorMessage,
    redact: deps.secrets.redact,
    logger: deps.logger,
    metrics: deps.metrics,
    tracer: deps.tracer ?? null,
    health,
    shareInflight: deps.shareInflight,
  });
  return {
    async list(q) {
      const res = await http.request({ method: 'GET', path: '/certificates', query: { ...q } }, { shared: true });
      return res.body;
    },
    async issue(body) {
      const res = await http.request({ method: 'POST', path: '/certificates', json: body }, { notFoundAsNull: true });
      return res.status === 404 ? { notFound: res.message ?? 'not found' } : { created: res.body };
    },
    async revoke(id) {
      const res = await http.request({ method: 'DELETE', path: `/certificates/${encodeURIComponent(id)}` }, { notFoundAsNull: true });
      if (res.status === 404) return { found: false, message: null };
      // 204, or 200 with {"message": …} on some installations.
      const message = (res.body as { message?: unknown } | null)?.message;
      return { found: true, message: typeof message === 'string' ? message : null };
    },
    forgetInflight: () => http.forgetInflight(),
  };
}
