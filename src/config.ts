/**
 * The only reader of process.env. `loadConfig` validates every variable of
 * SPEC §3 and returns a frozen Config, or throws a ConfigError naming the
 * first variable that is wrong (start-up prints it and exits).
 */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`Invalid configuration: ${variable} ${message}`);
    this.name = 'ConfigError';
  }
}

export interface FourHseConfig {
  baseUrl: string;
  /** Either a static access token (sent as `access-token`) … */
  accessToken?: string;
  /** … or the OAuth2 password flow; the token is cached and refreshed before it expires. */
  oauth?: { tokenUrl: string; clientId: string; username: string; password: string };
}
export interface SpringestConfig {
  baseUrl: string;
  apiKey: string;
  /** Springest issues a different key for the certifications endpoint. Without it, certification names are not resolved. */
  certificationsApiKey?: string;
}
export interface EnsinioConfig {
  baseUrl: string;
  token: string;
}
export interface FalkorConfig {
  baseUrl: string;
  token: string;
}

export interface Config {
  port: number;
  host: string;
  /** true when no source is configured, or SANDBOX=1: start the simulators in-process. */
  sandbox: boolean;
  fourhse?: FourHseConfig;
  springest?: SpringestConfig;
  ensinio?: EnsinioConfig;
  falkor?: FalkorConfig;
  /** Change polling of the sources without webhooks, and expiry scans; 0 turns both off. */
  pollIntervalS: number;
  /** Sandbox only: seconds between simulated upstream changes (0: none). */
  sandboxChangeEveryS: number;
  upstreamTimeoutMs: number;
  expiringWithinDays: number;
  /** FOURHSE_WEBHOOK_SECRET: without it 4HSE webhooks are refused (401). Also used by the sandbox's simulated 4HSE. */
  webhookSecret?: string;
  redisUrl?: string;
  /** Prefix of every Redis key (default "certgw:"), so several deployments or test runs can share one Redis. */
  redisKeyPrefix: string;
  /** Empty: the GraphQL endpoint is open. */
  apiKeys: string[];
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

type Env = Record<string, string | undefined>;

function str(env: Env, name: string): string | undefined {
  const v = env[name];
  if (v === undefined) return undefined;
  const t = v.trim();
  return t === '' ? undefined : t;
}

function url(env: Env, name: string): string | undefined {
  const v = str(env, name);
  if (v === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(v);
  } catch {
    throw new ConfigError(name, 'must be an absolute http(s) URL, e.g. https://api.example.com');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigError(name, `must use http or https, got "${parsed.protocol}"`);
  }
  if (parsed.username || parsed.password || parsed.search) {
    throw new ConfigError(name, 'must not carry credentials or a query string: use the dedicated variables');
  }
  return v.replace(/\/+$/, '');
}

function int(env: Env, name: string, def: number, min: number, max: number): number {
  const v = str(env, name);
  if (v === undefined) return def;
  if (!/^\d+$/.test(v)) throw new ConfigError(name, `must be an integer between ${min} and ${max}, got "${v}"`);
  const n = Number(v);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

/** All-or-nothing groups: a half-configured credential is an error, not a silent fallback. */
function requireAll(env: Env, names: string[], why: string): void {
  const set = names.filter((n) => str(env, n) !== undefined);
  if (set.length > 0 && set.length < names.length) {
    const missing = names.find((n) => str(env, n) === undefined)!;
    throw new ConfigError(missing, `is required when ${set.join(', ')} ${set.length > 1 ? 'are' : 'is'} set (${why})`);
  }
}

export function loadConfig(env: Env = process.env): Config {
  const fourhseUrl = url(env, 'FOURHSE_BASE_URL');
  const accessToken = str(env, 'FOURHSE_ACCESS_TOKEN');
  const oauthNames = ['FOURHSE_TOKEN_URL', 'FOURHSE_CLIENT_ID', 'FOURHSE_USERNAME', 'FOURHSE_PASSWORD'];
  requireAll(env, oauthNames, '4HSE OAuth2 password flow');
  const tokenUrl = url(env, 'FOURHSE_TOKEN_URL');
  let fourhse: FourHseConfig | undefined;
  if (fourhseUrl) {
    if (!accessToken && !tokenUrl) {
      throw new ConfigError('FOURHSE_ACCESS_TOKEN', 'or FOURHSE_TOKEN_URL with FOURHSE_CLIENT_ID, FOURHSE_USERNAME, FOURHSE_PASSWORD is required when FOURHSE_BASE_URL is set');
    }
    if (accessToken && tokenUrl) {
      throw new ConfigError('FOURHSE_ACCESS_TOKEN', 'and FOURHSE_TOKEN_URL are both set: choose one way to authenticate to 4HSE');
    }
    fourhse = {
      baseUrl: fourhseUrl,
      accessToken,
      oauth: tokenUrl
        ? { tokenUrl, clientId: str(env, 'FOURHSE_CLIENT_ID')!, username: str(env, 'FOURHSE_USERNAME')!, password: str(env, 'FOURHSE_PASSWORD')! }
        : undefined,
    };
  } else {
    for (const n of ['FOURHSE_ACCESS_TOKEN', ...oauthNames]) {
      if (str(env, n)) throw new ConfigError('FOURHSE_BASE_URL', `is required when ${n} is set`);
    }
  }

  const pair = (base: string, secrets: string[]): [string | undefined, ...(string | undefined)[]] => {
    const b = url(env, base);
    if (b) {
      for (const s of secrets) if (!str(env, s)) throw new ConfigError(s, `is required when ${base} is set`);
    } else {
      for (const s of secrets) if (str(env, s)) throw new ConfigError(base, `is required when ${s} is set`);
    }
    return [b, ...secrets.map((s) => str(env, s))];
  };

  const [springestUrl, springestKey] = pair('SPRINGEST_BASE_URL', ['SPRINGEST_API_KEY']);
  const certKey = str(env, 'SPRINGEST_CERTIFICATIONS_API_KEY');
  if (certKey && !springestUrl) throw new ConfigError('SPRINGEST_BASE_URL', 'is required when SPRINGEST_CERTIFICATIONS_API_KEY is set');
  const [ensinioUrl, ensinioToken] = pair('ENSINIO_BASE_URL', ['ENSINIO_TOKEN']);
  const [falkorUrl, falkorToken] = pair('FALKOR_BASE_URL', ['FALKOR_TOKEN']);

  const sandboxVar = str(env, 'SANDBOX');
  if (sandboxVar !== undefined && !['0', '1', 'true', 'false'].includes(sandboxVar)) {
    throw new ConfigError('SANDBOX', `must be 1 or 0, got "${sandboxVar}"`);
  }
  const anySource = Boolean(fourhseUrl || springestUrl || ensinioUrl || falkorUrl);
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
    fourhse,
    springest: springestUrl ? { baseUrl: springestUrl, apiKey: springestKey!, certificationsApiKey: certKey } : undefined,
    ensinio: ensinioUrl ? { baseUrl: ensinioUrl, token: ensinioToken! } : undefined,
    falkor: falkorUrl ? { baseUrl: falkorUrl, token: falkorToken! } : undefined,
    // The sandbox changes every 20 s: poll it often enough to show that in GraphiQL.
    pollIntervalS: int(env, 'POLL_INTERVAL_S', sandbox ? 10 : 60, 0, 86400),
    sandboxChangeEveryS: int(env, 'SANDBOX_CHANGE_EVERY_S', 20, 0, 86400),
    upstreamTimeoutMs: int(env, 'UPSTREAM_TIMEOUT_MS', 10000, 1, 600000),
    expiringWithinDays: int(env, 'EXPIRING_WITHIN_DAYS', 30, 0, 3650),
    webhookSecret: str(env, 'FOURHSE_WEBHOOK_SECRET'),
    redisUrl,
    redisKeyPrefix: str(env, 'REDIS_KEY_PREFIX') ?? 'certgw:',
    apiKeys,
    logLevel: logLevel as Config['logLevel'],
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
    config.fourhse?.accessToken,
    config.fourhse?.oauth?.password,
    config.webhookSecret,
    config.springest?.apiKey,
    config.springest?.certificationsApiKey,
    config.ensinio?.token,
    config.falkor?.token,
    ...config.apiKeys,
    config.redisUrl ? safePassword(config.redisUrl) : undefined,
  ].filter((s): s is string => typeof s === 'string' && s.length > 0);
}
