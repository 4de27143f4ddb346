import type { ConnectorDeps } from '../deps';
import type { HealthTracker } from '../health';
import { createHttpClient } from '../http';
import type { SpringestCertificatesQuery } from './dto';

export function springestErrorMessage(body: unknown): string | undefined {
  if (body && typeof body === 'object') {
    const o = body as { error?: unknown; message?: unknown; errors?: unknown };
    const v = o.error ?? o.message ?? o.errors;
    return typeof v === 'string' ? v : v !== undefined ? JSON.stringify(v) : undefined;
  }
  return undefined;
}

/** What one POST /users/certificates sends (multipart, with the PDF as a real file). */
export interface SpringestConfig {
  baseUrl: string;
  apiKey: string;
  /** Springest issues a different key for the certifications endpoint. Without it, certification names are not resolved. */
  certificationsApiKey?: string;
}

export interface SpringestUpload {
  certificationId: number;
  email: string;
  validFrom: string;
  validUntil?: string;
  conversionId?: number;
  file: { name: string; bytes: Buffer };
}

export interface SpringestClient {
  certificates(q: SpringestCertificatesQuery): Promise<unknown>;
  /** The answer, or null without a certifications key. */
  certifications(): Promise<unknown>;
  /** POST of one certificate: multipart/form-data with the PDF as a real file part (Springest refuses base64). */
  upload(u: SpringestUpload): Promise<unknown>;
  forgetInflight(): void;
}

/** JSON via the `.json` suffix; the key travels as `api_key` (a different one for certifications). */
export function createSpringestClient(cfg: SpringestConfig, deps: ConnectorDeps, health: HealthTracker): SpringestClient {
  const http = createHttpClient({
    source: 'SPRINGEST',
    baseUrl: cfg.baseUrl,
    fetch: deps.fetch,
    clock: deps.clock,
    timeoutMs: deps.timeoutMs,
    errorMessage: springestErrorMessage,
    redact: deps.secrets.redact,
    logger: deps.logger,
    metrics: deps.metrics,
    tracer: deps.tracer ?? null,
    health,
    shareInflight: deps.shareInflight,
  });
  return {
    async certificates(q) {
      const res = await http.request({ method: 'GET', path: '/users/certificates.json', query: { api_key: cfg.apiKey, ...q } }, { shared: true });
      return res.body;
    },
    async certifications() {
      if (!cfg.certificationsApiKey) return null;
      const res = await http.request({ method: 'GET', path: '/certifications.json', query: { api_key: cfg.certificationsApiKey } }, { shared: true });
      return res.body;
    },
    async upload(u) {
      const form = new FormData();
      form.set('certification_id', String(u.certificationId));
      form.set('email', u.email);
      form.set('valid_from', u.validFrom);
      if (u.validUntil !== undefined) form.set('valid_until', u.validUntil);
      if (u.conversionId !== undefined) form.set('conversion_id', String(u.conversionId));
      form.set('file', new Blob([new Uint8Array(u.file.bytes)], { type: 'application/pdf' }), u.file.name);
      const res = await http.request({ method: 'POST', path: '/users/certificates.json', query: { api_key: cfg.apiKey }, formData: form });
      return res.body;
    },
    forgetInflight: () => http.forgetInflight(),
  };
}
