/**
 * The OpenTelemetry SDK of one gateway (composition root only), from
 * @opentelemetry/sdk-trace (the core that sdk-trace-base and sdk-trace-node
 * re-export with OTEL_* environment fallbacks; this one reads no environment,
 * config.ts does): a tracer provider of its own (never registered globally, so several gateways in one
 * process keep their spans apart), batching spans to OTLP/HTTP (JSON).
 * Configured from Config.telemetry.tracing (the OTEL_* variables, validated
 * in telemetry-config.ts); spans go out through otlp-exporter.ts. Null there means no provider, no exporter and a
 * null tracer: nothing is traced and no header is read or sent.
 */
import { context, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AlwaysOffSampler, AlwaysOnSampler, BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler, TracerProvider, type Sampler } from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { Logger } from '../logger';
import type { TracingConfig } from '../telemetry-config';
import { createOtlpJsonExporter } from './otlp-exporter';

export interface GatewayTracing {
  /** null when tracing is off. */
  readonly tracer: Tracer | null;
  /** Sends the spans ended so far (tests, shutdown); resolves even when the export failed. */
  flush(): Promise<void>;
  /** Flushes and stops exporting. */
  shutdown(): Promise<void>;
}

const OFF: GatewayTracing = { tracer: null, flush: async () => undefined, shutdown: async () => undefined };

function samplerOf(c: TracingConfig): Sampler {
  const ratio = new TraceIdRatioBasedSampler(c.samplerRatio);
  switch (c.sampler) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return ratio;
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: ratio });
    default:
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}

let contextManagerSet = false;

/**
 * Spans follow the async flow (resolvers, DataLoader batches, upstream calls)
 * through AsyncLocalStorage. The context manager is process-wide by nature;
 * it is installed once, by the first gateway that traces.
 */
function ensureContextManager(): void {
  if (contextManagerSet) return;
  contextManagerSet = true;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
}

export function startTracing(config: TracingConfig | null, logger: Logger): GatewayTracing {
  if (!config) return OFF;
  ensureContextManager();
  const exporter = createOtlpJsonExporter({ endpoint: config.endpoint, headers: config.headers, logger });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ ...config.resourceAttributes, [ATTR_SERVICE_NAME]: config.serviceName }),
    sampler: samplerOf(config),
    // The OTel spec's defaults, given here so that nothing reads OTEL_BSP_* behind config.ts's back.
    spanProcessors: [new BatchSpanProcessor({ exporter, maxQueueSize: 2048, maxExportBatchSize: 512, scheduledDelayMillis: 5000, exportTimeoutMillis: 30_000 })],
    spanLimits: { attributeCountLimit: 128, attributeValueLengthLimit: 4096, eventCountLimit: 128, linkCountLimit: 128 },
  });
  logger.info('tracing on', { endpoint: config.endpoint, serviceName: config.serviceName, sampler: config.sampler, ratio: config.samplerRatio });
  return {
    tracer: provider.getTracer('certificate-gateway'),
    // A failed export is logged by the exporter; flushing itself never fails its caller.
    flush: () => provider.forceFlush().catch(() => undefined),
    shutdown: () => provider.shutdown(),
  };
}
