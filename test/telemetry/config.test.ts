import { ConfigError, configSecrets, loadConfig as load } from '../../src/config';
import { defaultRegistry } from '../../src/connectors/registry';

const loadConfig = (env: Record<string, string>) => load(env, defaultRegistry());
const failOn = (env: Record<string, string>): ConfigError => {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
};

describe('telemetry configuration (OTEL_*, METRICS_PORT)', () => {
  it('is off without an endpoint, and /metrics stays on the public port', () => {
    expect(loadConfig({}).telemetry).toEqual({ tracing: null, metricsPort: undefined });
    expect(loadConfig({ OTEL_SERVICE_NAME: 'x', OTEL_TRACES_SAMPLER: 'always_on' }).telemetry.tracing).toBeNull();
  });

  it('appends /v1/traces to the generic endpoint and uses the traces endpoint as given', () => {
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).telemetry.tracing).toMatchObject({
      endpoint: 'http://collector:4318/v1/traces',
      serviceName: 'certificate-gateway',
      sampler: 'parentbased_always_on',
      samplerRatio: 1,
    });
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://b/custom/path' }).telemetry.tracing?.endpoint).toBe('https://b/custom/path');
  });

  it('reads the service name, resource attributes, sampler and headers', () => {
    const t = loadConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
      OTEL_SERVICE_NAME: 'gw-eu',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=prod,service.version=1.2',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
      OTEL_EXPORTER_OTLP_HEADERS: 'x-tenant=acme,authorization=Bearer%20s3cr3t-t0ken',
    }).telemetry.tracing;
    expect(t).toMatchObject({
      serviceName: 'gw-eu',
      resourceAttributes: { 'deployment.environment': 'prod', 'service.version': '1.2' },
      sampler: 'parentbased_traceidratio',
      samplerRatio: 0.25,
      headers: { 'x-tenant': 'acme', authorization: 'Bearer s3cr3t-t0ken' },
    });
  });

  it('counts the exporter headers among the secrets to redact', () => {
    const c = loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'authorization=Bearer%20s3cr3t-t0ken' });
    expect(configSecrets(c)).toContain('Bearer s3cr3t-t0ken');
  });

  it('is off when OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none, even with an endpoint', () => {
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' }).telemetry.tracing).toBeNull();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_EXPORTER: 'none' }).telemetry.tracing).toBeNull();
  });

  it.each([
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'ftp://collector' }, 'OTEL_EXPORTER_OTLP_ENDPOINT'],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://user:pw@collector/v1/traces' }, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, 'OTEL_EXPORTER_OTLP_PROTOCOL'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf' }, 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'],
    [{ OTEL_TRACES_SAMPLER: 'sometimes' }, 'OTEL_TRACES_SAMPLER'],
    [{ OTEL_TRACES_SAMPLER_ARG: '1.5' }, 'OTEL_TRACES_SAMPLER_ARG'],
    [{ OTEL_TRACES_SAMPLER_ARG: 'half' }, 'OTEL_TRACES_SAMPLER_ARG'],
    [{ OTEL_SDK_DISABLED: 'maybe' }, 'OTEL_SDK_DISABLED'],
    [{ OTEL_TRACES_EXPORTER: 'zipkin' }, 'OTEL_TRACES_EXPORTER'],
    [{ OTEL_EXPORTER_OTLP_HEADERS: 'novalue' }, 'OTEL_EXPORTER_OTLP_HEADERS'],
    [{ OTEL_EXPORTER_OTLP_HEADERS: 'a=%zz' }, 'OTEL_EXPORTER_OTLP_HEADERS'],
    [{ OTEL_RESOURCE_ATTRIBUTES: '=x' }, 'OTEL_RESOURCE_ATTRIBUTES'],
    [{ METRICS_PORT: 'nine' }, 'METRICS_PORT'],
    [{ METRICS_PORT: '70000' }, 'METRICS_PORT'],
  ])('refuses %j naming the variable', (env, variable) => {
    expect(failOn(env).variable).toBe(variable);
  });

  it('reads METRICS_PORT', () => {
    expect(loadConfig({ METRICS_PORT: '9464' }).telemetry.metricsPort).toBe(9464);
  });
});
