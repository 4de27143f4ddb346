/**
 * The telemetry part of the configuration (issue 11 items 3 and 4): the
 * standard OTEL_* variables and METRICS_PORT. Called by config.ts only (the
 * one place that passes process.env), so every variable is validated with a
 * ConfigError naming it.
 */
import { ConfigError, int, str, type Env } from './env';

export type TraceSamplerName = 'always_on' | 'always_off' | 'traceidratio' | 'parentbased_always_on' | 'parentbased_always_off' | 'parentbased_traceidratio';
const SAMPLERS: readonly TraceSamplerName[] = ['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'];

export interface TracingConfig {
  /** Where spans are POSTed (OTLP/HTTP, JSON), e.g. http://collector:4318/v1/traces. */
  endpoint: string;
  /** Sent with every export (OTEL_EXPORTER_OTLP_HEADERS / _TRACES_HEADERS); values are secrets. */
  headers: Readonly<Record<string, string>>;
  serviceName: string;
  /** OTEL_RESOURCE_ATTRIBUTES, e.g. deployment.environment=prod. */
  resourceAttributes: Readonly<Record<string, string>>;
  sampler: TraceSamplerName;
  /** 0..1, for the *traceidratio samplers (OTEL_TRACES_SAMPLER_ARG, default 1). */
  samplerRatio: number;
}

export interface TelemetryConfig {
  /** null: tracing off (no endpoint, or OTEL_SDK_DISABLED=true, or OTEL_TRACES_EXPORTER=none). */
  tracing: TracingConfig | null;
  /** When set, /metrics is served on this port (on HOST) and the public port answers 404 there. */
  metricsPort?: number;
}

function endpointOf(env: Env, name: string, append: string): string | undefined {
  const v = str(env, name);
  if (v === undefined) return undefined;
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new ConfigError(name, 'must be an absolute http(s) URL, e.g. http://otel-collector:4318');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ConfigError(name, `must use http or https, got "${u.protocol}"`);
  if (u.username || u.password) throw new ConfigError(name, 'must not carry credentials: use OTEL_EXPORTER_OTLP_HEADERS');
  // The spec: the generic endpoint gets the signal path appended; the per-signal one is used as is.
  return append ? `${v.replace(/\/+$/, '')}${append}` : v;
}

/** `key1=value1,key2=value2`, values URL-encoded (W3C Baggage style, as the OTel spec says). */
function keyValues(env: Env, name: string): Record<string, string> {
  const v = str(env, name);
  const out: Record<string, string> = {};
  if (v === undefined) return out;
  for (const part of v.split(',')) {
    if (part.trim() === '') continue;
    const i = part.indexOf('=');
    const key = i > 0 ? part.slice(0, i).trim() : '';
    if (!key || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(key)) throw new ConfigError(name, 'must be a comma-separated list of key=value pairs');
    let value: string;
    try {
      value = decodeURIComponent(part.slice(i + 1).trim());
    } catch {
      throw new ConfigError(name, `has a badly percent-encoded value for "${key}"`);
    }
    out[key] = value;
  }
  return out;
}

function bool(env: Env, name: string): boolean {
  const v = str(env, name)?.toLowerCase();
  if (v === undefined || v === 'false' || v === '0') return false;
  if (v === 'true' || v === '1') return true;
  throw new ConfigError(name, `must be true or false, got "${v}"`);
}

function protocolOf(env: Env): void {
  for (const name of ['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'OTEL_EXPORTER_OTLP_PROTOCOL']) {
    const v = str(env, name);
    if (v === undefined) continue;
    if (v !== 'http/json') throw new ConfigError(name, `must be http/json (the gateway exports OTLP over HTTP as JSON), got "${v}"`);
    return;
  }
}

function tracingOf(env: Env): TracingConfig | null {
  const disabled = bool(env, 'OTEL_SDK_DISABLED');
  const exporter = str(env, 'OTEL_TRACES_EXPORTER')?.toLowerCase();
  if (exporter !== undefined && exporter !== 'otlp' && exporter !== 'none') throw new ConfigError('OTEL_TRACES_EXPORTER', `must be otlp or none, got "${exporter}"`);
  const endpoint = endpointOf(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', '') ?? endpointOf(env, 'OTEL_EXPORTER_OTLP_ENDPOINT', '/v1/traces');
  protocolOf(env);
  const sampler = (str(env, 'OTEL_TRACES_SAMPLER') ?? 'parentbased_always_on').toLowerCase() as TraceSamplerName;
  if (!SAMPLERS.includes(sampler)) throw new ConfigError('OTEL_TRACES_SAMPLER', `must be one of ${SAMPLERS.join(', ')}, got "${sampler}"`);
  const arg = str(env, 'OTEL_TRACES_SAMPLER_ARG');
  const samplerRatio = arg === undefined ? 1 : Number(arg);
  if (arg !== undefined && (!/^(0|1|0?\.\d+|1\.0*)$/.test(arg) || !(samplerRatio >= 0 && samplerRatio <= 1))) {
    throw new ConfigError('OTEL_TRACES_SAMPLER_ARG', `must be a ratio between 0 and 1, got "${arg}"`);
  }
  const headers = { ...keyValues(env, 'OTEL_EXPORTER_OTLP_HEADERS'), ...keyValues(env, 'OTEL_EXPORTER_OTLP_TRACES_HEADERS') };
  const resourceAttributes = keyValues(env, 'OTEL_RESOURCE_ATTRIBUTES');
  const serviceName = str(env, 'OTEL_SERVICE_NAME') ?? resourceAttributes['service.name'] ?? 'certificate-gateway';
  if (disabled || exporter === 'none' || endpoint === undefined) return null;
  return Object.freeze({ endpoint, headers: Object.freeze(headers), serviceName, resourceAttributes: Object.freeze(resourceAttributes), sampler, samplerRatio });
}

export function readTelemetryConfig(env: Env): TelemetryConfig {
  const metricsPortSet = str(env, 'METRICS_PORT') !== undefined;
  return Object.freeze({
    tracing: tracingOf(env),
    metricsPort: metricsPortSet ? int(env, 'METRICS_PORT', 0, 0, 65535) : undefined,
  });
}
