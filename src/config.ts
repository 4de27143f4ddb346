/**
 * The only reader of process.env. `loadConfig` validates every variable of
 * SPEC §3 and returns a frozen Config, or throws a ConfigError naming the
 * first variable that is wrong (start-up prints it and exits).
 */
import { bool, ConfigError, int, str, type Env } from './env';
import { readTrustedDocuments, type TrustedDocuments } from './trusted-manifest';
import type { SourceRegistry } from './connectors/module';
import { DEFAULT_DOCUMENT_LIMITS, type DocumentLimits } from './graphql/limits/limits';
import { readTelemetryConfig, type TelemetryConfig } from './telemetry-config';
import { readCorsConfig, type CorsConfig } from './cors-config';
import { readResponseCacheConfig, type ResponseCacheConfig } from './response-cache-config';

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
  // deploy: shutdown as probes see it
  /** SIGTERM: seconds /readyz answers 503 while everything else is still served, before the drain (default 5, sandbox 0). */
  shutdownDelayS: number;
  /** Seconds the drain may take after the delay (in-flight requests, websockets, Redis) before the process exits anyway (default 25). */
  shutdownGraceS: number;
  // trust (issue 11): trusted documents, APQ, introspection, GraphiQL
  /** TRUSTED_DOCUMENTS: the manifest read at start-up; when set, only its operations run and APQ registration is off. */
  trustedDocuments?: TrustedDocuments;
  /** APQ (default on): automatic persisted queries, in Redis when REDIS_URL is set. Ignored with trusted documents. */
  apq: boolean;
  /** INTROSPECTION (default: on in the sandbox, off otherwise): `__schema`/`__type` allowed. */
  introspection: boolean;
  /** GRAPHIQL (default: on in the sandbox, off otherwise): /graphiql served. */
  graphiql: boolean;
  /** Cost, body, rate and websocket limits (README, "Limits"); 0 turns a limit off. */
  limits: LimitsConfig;
  /** telemetry (issue 11): OTEL_* tracing and METRICS_PORT. */
  telemetry: TelemetryConfig;
  // cors (issue 10 item 1): browsers on other origins
  /** CORS_ORIGINS and CORS_CREDENTIALS (README, "CORS"). */
  cors: CorsConfig;
  // compliance (issue 12): the people directory and the requirement sets, reloaded while running
  /** PEOPLE_FILE: CSV, or JSON when the name ends in .json. */
  peopleFile?: string;
  /** REQUIREMENTS_FILE: YAML or JSON. */
  requirementsFile?: string;
  // issue 9 item 3: the response cache of reads
  /** RESPONSE_CACHE, RESPONSE_CACHE_TTL_S, RESPONSE_CACHE_MAX_BYTES, RESPONSE_CACHE_MAX_ENTRY_BYTES (README, "Response cache"). */
  responseCache: ResponseCacheConfig;
}

export interface LimitsConfig {
  /** MAX_TOKENS, MAX_ALIASES, MAX_DIRECTIVES, MAX_DEPTH, MAX_COST, MAX_UPSTREAM_CALLS. */
  document: DocumentLimits;
  /** MAX_BODY_BYTES: every operation but the Springest upload. */
  maxBodyBytes: number;
  /** MAX_UPLOAD_BODY_BYTES: issueCertificate with a Springest PDF. */
  maxUploadBodyBytes: number;
  /** RATE_LIMIT_PER_MIN: GraphQL requests a minute per client (API key, else IP); 0 off. */
  rateLimitPerMin: number;
  /** WS_MAX_CONNECTIONS_PER_CLIENT: open websockets per client, per replica; 0 off. */
  wsMaxConnectionsPerClient: number;
  /** WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: active subscriptions on one websocket; 0 off. */
  wsMaxSubscriptionsPerConnection: number;
}

/** Limits (issue 11): every variable of the limits area, validated here. */
function readLimits(env: Env, sandbox: boolean): LimitsConfig {
  const d = DEFAULT_DOCUMENT_LIMITS;
  const maxBodyBytes = int(env, 'MAX_BODY_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024);
  const maxUploadBodyBytes = int(env, 'MAX_UPLOAD_BODY_BYTES', 15 * 1024 * 1024, 1024, 64 * 1024 * 1024);
  if (maxUploadBodyBytes < maxBodyBytes) {
    throw new ConfigError('MAX_UPLOAD_BODY_BYTES', `must be at least MAX_BODY_BYTES (${maxBodyBytes}), got ${maxUploadBodyBytes}`);
  }
  return Object.freeze({
    document: Object.freeze({
      // Bounded: graphql-js's validation of fragment chains grows with the square of their length
      // (a 2,400-fragment chain, 20,000 tokens, takes seconds of CPU); 10,000 keeps it well under one.
      maxTokens: int(env, 'MAX_TOKENS', d.maxTokens, 0, 10_000),
      maxAliases: int(env, 'MAX_ALIASES', d.maxAliases, 0, 10_000),
      maxDirectives: int(env, 'MAX_DIRECTIVES', d.maxDirectives, 0, 10_000),
      maxDepth: int(env, 'MAX_DEPTH', d.maxDepth, 0, 100),
      maxCost: int(env, 'MAX_COST', d.maxCost, 0, 100_000_000),
      maxUpstreamCalls: int(env, 'MAX_UPSTREAM_CALLS', d.maxUpstreamCalls, 0, 1_000_000),
    }),
    maxBodyBytes,
    maxUploadBodyBytes,
    // Off in the sandbox (one developer, and the test suite, on one address); on in production.
    rateLimitPerMin: int(env, 'RATE_LIMIT_PER_MIN', sandbox ? 0 : 600, 0, 1_000_000),
    wsMaxConnectionsPerClient: int(env, 'WS_MAX_CONNECTIONS_PER_CLIENT', 100, 0, 1_000_000),
    wsMaxSubscriptionsPerConnection: int(env, 'WS_MAX_SUBSCRIPTIONS_PER_CONNECTION', 100, 0, 1_000_000),
  });
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
    .split(/[,\s]+/) // commas, or one key per line (a GATEWAY_API_KEYS_FILE)
    .map((k) => k.trim())
    .filter(Boolean);
  if (apiKeys.some((k) => k.length < 16)) {
    throw new ConfigError('GATEWAY_API_KEYS', 'keys must be at least 16 characters long');
  }

  // The sandbox changes every 20 s: poll it often enough to show that in GraphiQL.
  const pollIntervalS = int(env, 'POLL_INTERVAL_S', sandbox ? 10 : 60, 0, 86400);

  return Object.freeze({
    port: int(env, 'PORT', 4000, 0, 65535),
    host: str(env, 'HOST') ?? '0.0.0.0',
    sandbox,
    registry,
    sources: Object.freeze(sources),
    pollIntervalS,
    sandboxChangeEveryS: int(env, 'SANDBOX_CHANGE_EVERY_S', 20, 0, 86400),
    upstreamTimeoutMs: int(env, 'UPSTREAM_TIMEOUT_MS', 10000, 1, 600000),
    expiringWithinDays: int(env, 'EXPIRING_WITHIN_DAYS', 30, 0, 3650),
    webhookSecrets: Object.freeze(webhookSecrets),
    redisUrl,
    redisKeyPrefix: str(env, 'REDIS_KEY_PREFIX') ?? 'certgw:',
    apiKeys,
    logLevel: logLevel as Config['logLevel'],
    // deploy: shutdown as probes see it (a load balancer needs a few seconds to stop sending before the drain)
    shutdownDelayS: int(env, 'SHUTDOWN_DELAY_S', sandbox ? 0 : 5, 0, 3600),
    shutdownGraceS: int(env, 'SHUTDOWN_GRACE_S', 25, 1, 3600),
    // trust (issue 11): trusted documents, APQ, introspection, GraphiQL
    trustedDocuments: readTrustedDocuments(env, 'TRUSTED_DOCUMENTS'),
    apq: bool(env, 'APQ', true),
    introspection: bool(env, 'INTROSPECTION', sandbox),
    graphiql: bool(env, 'GRAPHIQL', sandbox),
    limits: readLimits(env, sandbox),
    // telemetry: OTEL_* (tracing, off without an endpoint) and METRICS_PORT, validated in telemetry-config.ts.
    telemetry: readTelemetryConfig(env),
    // cors (issue 10 item 1): CORS_ORIGINS (none by default; the sandbox's own origin in the sandbox), CORS_CREDENTIALS.
    cors: readCorsConfig(env, sandbox),
    // compliance (issue 12): read (and reloaded) by gateway/compliance-files.ts; unset: the view is empty.
    peopleFile: str(env, 'PEOPLE_FILE'),
    requirementsFile: str(env, 'REQUIREMENTS_FILE'),
    // issue 9 item 3: the response cache (off by default), its TTL bounded by the polling interval.
    responseCache: readResponseCacheConfig(env, pollIntervalS),
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
