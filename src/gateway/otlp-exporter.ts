/**
 * OTLP/HTTP span exporter, JSON encoding, serialised by OpenTelemetry's own
 * transformer (@opentelemetry/otlp-transformer, the one its HTTP exporter
 * uses), POSTed with fetch. Ours rather than @opentelemetry/exporter-trace-otlp-http
 * because that one loads node:http through a dynamic import() (which jest's
 * CommonJS sandbox refuses) and reads OTEL_* variables behind config.ts's back.
 * No retry: a failed batch is dropped and logged (at most once a minute).
 */
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import type { Logger } from '../logger';

/** The most one export may take (the OTel spec's default OTEL_EXPORTER_OTLP_TIMEOUT). */
export const OTLP_EXPORT_TIMEOUT_MS = 10_000;

export function createOtlpJsonExporter(opts: { endpoint: string; headers: Readonly<Record<string, string>>; logger: Logger }): SpanExporter {
  const pending = new Set<Promise<void>>();
  let lastWarn = 0;
  let stopped = false;
  const warn = (spans: number, error: string) => {
    if (Date.now() - lastWarn < 60_000) return;
    lastWarn = Date.now();
    opts.logger.warn('trace export failed; spans dropped', { endpoint: opts.endpoint, spans, error });
  };
  return {
    export(spans: ReadableSpan[], done: (result: ExportResult) => void) {
      if (stopped) return done({ code: ExportResultCode.FAILED, error: new Error('exporter shut down') });
      const body = JsonTraceSerializer.serializeRequest(spans);
      if (!body) return done({ code: ExportResultCode.FAILED, error: new Error('spans could not be serialised') });
      const p = fetch(opts.endpoint, {
        method: 'POST',
        headers: { ...opts.headers, 'content-type': 'application/json' },
        body: new TextDecoder().decode(body),
        signal: AbortSignal.timeout(OTLP_EXPORT_TIMEOUT_MS),
      })
        .then(async (res) => {
          await res.arrayBuffer().catch(() => undefined);
          if (res.ok) return done({ code: ExportResultCode.SUCCESS });
          warn(spans.length, `HTTP ${res.status}`);
          done({ code: ExportResultCode.FAILED, error: new Error(`OTLP endpoint answered HTTP ${res.status}`) });
        })
        .catch((err: unknown) => {
          const error = err instanceof Error ? err : new Error(String(err));
          warn(spans.length, error.message);
          done({ code: ExportResultCode.FAILED, error });
        })
        .finally(() => pending.delete(p));
      pending.add(p);
    },
    async forceFlush() {
      await Promise.all([...pending]);
    },
    async shutdown() {
      await Promise.all([...pending]);
      stopped = true;
    },
  };
}
