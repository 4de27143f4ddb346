/**
 * The only reader of process.env. `loadConfig` validates every variable of
 * SPEC §3 and returns a frozen Config, or throws a ConfigError naming the
 * first variable that is wrong (start-up prints it and exits).
 */
import { ConfigError, int, str, type Env } from './env';
import type { SourceRegistry } from './connectors/module';
import { readTelemetryConfig, type TelemetryConfig } from './telemetry-config';

export { ConfigError } from './env';

export interface Config {
  port: number;
  host: string;
  /** true when no source is configured, or SANDBOX=1: start the simulators in-process. */
  sandbox: boolean;
  /** The sources this gateway knows, in their global order. */
  registry: SourceRegistry;
  /** Each configured source's own configuration (its module's readConfig), by source name, in registry order. */
  sources: Readonly<Record<string, unknown>>;
  /** Change polling of the sources without webhooks, and expiry scans; 0 turns both off. */
  pollIntervalS: number;
  /** Sandbox only: seconds between simulated upstream changes (0: none). */
  sandboxChangeEveryS: number;
  upstreamTimeoutMs: number;
  expiringWithinDays: number;
  /** The webhook secret of each source that pushes webhooks and has its secret set (e.g. FOURHSE from FOURHSE_WEBHOOK_SECRET); without one its webhooks are refused (401). */
  webhookSecrets: Readonly<Record<string, string>>;
  redisUrl?: string;
  /** Prefix of every Redis key (default "certgw:"), so several deployments or test runs can share one Redis. */
  redisKeyPrefix: string;
  /** Empty: the GraphQL endpoint is open. */
  apiKeys: string[];
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** telemetry (issue 11): OTEL_* tracing and METRICS_PORT. */
  telemetry: TelemetryConfig;
}

export function loadConfig(env: Env, registry: SourceRegistry): Config {
  const sources: Record<string, unknown> = {};
  for (const m of registry.modules) {
    const c = m.readConfig(env);
    if (c !== undefined) sources[m.name] = c;
  }

  const webhookSecrets: Record<string, string> = {};
  for (const m of registry.modules) {
    const secret = m.webhook ? str(env, m.webhook.secretVariable) : undefined;
    if (secret) webhookSecrets[m.name] = secret;
  }

  const sandboxVar = str(env, 'SANDBOX');
  if (sandboxVar !== undefined && !['0', '1', 'true', 'false'].includes(sandboxVar)) {
    throw new ConfigError('SANDBOX', `must be 1 or 0, got "${sandboxVar}"`);
  }
  const anySource = Object.keys(sources).length > 0;
  const sandbox = sandboxVar === '1' || sandboxVar === 'true' || (!anySource && sandboxVar === undefined);

  const logLevel = (str(env, 'LOG_LEVEL') ?? 'info').toLowerCase();
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of debug, info, warn, error, got "${logLevel}"`);
  }
  const redisUrl = str(env, 'REDIS_URL');
  if (redisUrl !== undefined && !/^rediss?:\/\/[^\s]+$/.test(redisUrl)) {
    throw new ConfigError('REDIS_URL', 'must be a redis:// or rediss:// URL');
  }
  const apiKeys = (str(env, 'GATEWAY_API_KEYS') ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  if (apiKeys.some((k) => k.length < 16)) {
    throw new ConfigError('GATEWAY_API_KEYS', 'keys must be at least 16 characters long');
  }

  return Object.freeze({
    port: int(env, 'PORT', 4000, 0, 65535),
    host: str(env, 'HOST') ?? '0.0.0.0',
    sandbox,
    registry,
    sources: Object.freeze(sources),
    // The sandbox changes every 20 s: poll it often enough to show that in GraphiQL.
    pollIntervalS: int(env, 'POLL_INTERVAL_S', sandbox ? 10 : 60, 0, 86400),
    sandboxChangeEveryS: int(env, 'SANDBOX_CHANGE_EVERY_S', 20, 0, 86400),
    upstreamTimeoutMs: int(env, 'UPSTREAM_TIMEOUT_MS', 10000, 1, 600000),
    expiringWithinDays: int(env, 'EXPIRING_WITHIN_DAYS', 30, 0, 3650),
    webhookSecrets: Object.freeze(webhookSecrets),
    redisUrl,
    redisKeyPrefix: str(env, 'REDIS_KEY_PREFIX') ?? 'certgw:',
    apiKeys,
    logLevel: logLevel as Config['logLevel'],
    // telemetry: OTEL_* (tracing, off without an endpoint) and METRICS_PORT, validated in telemetry-config.ts.
    telemetry: readTelemetryConfig(env),
  });
}

function safePassword(u: string): string | undefined {
  try {
    return decodeURIComponent(new URL(u).password) || undefined;
  } catch {
    return undefined;
  }
}

/** Every secret value in the config, so logs and errors can redact them wherever they appear. */
export function configSecrets(config: Config): string[] {
  return [
    ...Object.entries(config.sources).flatMap(([name, c]) => config.registry.get(name)?.secrets(c) ?? []),
    ...Object.values(config.webhookSecrets),
    ...config.apiKeys,
    config.redisUrl ? safePassword(config.redisUrl) : undefined,
    ...Object.values(config.telemetry.tracing?.headers ?? {}),
  ].filter((s): s is string => typeof s === 'string' && s.length > 0);
}
