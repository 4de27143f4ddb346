/**
 * Tracing helpers every layer may use (a leaf: only @opentelemetry/api and
 * the W3C propagator). The SDK itself (provider, exporter) is built by the
 * composition root (gateway/tracing.ts), one per gateway, and only when an
 * OTLP endpoint is configured; without one nothing here does any work.
 */
import { context, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span, type TextMapGetter, type TextMapSetter, type Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { currentScope } from './request-scope';

const propagator = new W3CTraceContextPropagator();

type HeaderBag = Readonly<Record<string, string | string[] | undefined>>;

/** The parent context a client sent (`traceparent`, `tracestate`); a malformed one is ignored (a fresh trace starts). */
export function extractTraceContext(headers: HeaderBag): Context {
  const getter: TextMapGetter<HeaderBag> = { keys: (h) => Object.keys(h), get: (h, key) => h[key] };
  return propagator.extract(context.active(), headers, getter);
}

/** Adds `traceparent` (and `tracestate`) of the active span to outgoing headers; nothing when no span is active. */
export function injectTraceContext(headers: Record<string, string>): void {
  if (!trace.getSpan(context.active())) return;
  const setter: TextMapSetter<Record<string, string>> = {
    set: (h, k, v) => {
      h[k] = v;
    },
  };
  propagator.inject(context.active(), headers, setter);
}

/** trace_id and span_id of the active span, for log lines. */
export function traceFields(): { trace_id: string; span_id: string } | undefined {
  const span = trace.getSpan(context.active());
  if (!span) return undefined;
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}

/**
 * Runs `fn` in a new active span of `tracer` (child of the active one), ended
 * when `fn` settles; a thrown error marks it ERROR. No tracer: just `fn`.
 */
export async function inSpan<T>(tracer: Tracer | null | undefined, name: string, attributes: Attributes, fn: (span: Span | undefined) => Promise<T>, kind: SpanKind = SpanKind.INTERNAL): Promise<T> {
  if (!tracer) return fn(undefined);
  return tracer.startActiveSpan(name, { kind, attributes }, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      const code = (err as { extensions?: { code?: unknown } } | null)?.extensions?.code;
      span.setAttribute('error.type', typeof code === 'string' ? code : err instanceof Error ? err.name : 'error');
      throw err;
    } finally {
      span.end();
    }
  });
}

/** The tracer of the request being served (see request-scope.ts), for code that is given none (DataLoader batches). */
export const scopeTracer = (): Tracer | null => currentScope()?.tracer ?? null;
