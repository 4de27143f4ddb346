/**
 * The CORS part of the configuration (issue 10 item 1): CORS_ORIGINS and
 * CORS_CREDENTIALS. Called by config.ts only, so every variable is validated
 * with a ConfigError naming it.
 */
import { bool, ConfigError, str, type Env } from './env';

export interface CorsConfig {
  /** Exact origins (`scheme://host[:port]`, lower case) allowed to call /graphql from a browser, or '*' (any). */
  origins: readonly string[] | '*';
  /** CORS_CREDENTIALS: answer `Access-Control-Allow-Credentials: true` (cookies, HTTP auth); never with '*'. */
  credentials: boolean;
  /** Sandbox: the gateway's own origin (its URL, on 127.0.0.1 and localhost) is allowed too. */
  allowOwnOrigin: boolean;
}

/** `scheme://host[:port]` in the form a browser sends it in `Origin` (lower case, default port dropped), or undefined. */
export function normalizeOrigin(entry: string): string | undefined {
  if (!/^https?:\/\/[^/?#@\s]+$/i.test(entry)) return undefined;
  try {
    const u = new URL(entry);
    return u.origin === 'null' ? undefined : u.origin;
  } catch {
    return undefined;
  }
}

export function readCorsConfig(env: Env, sandbox: boolean): CorsConfig {
  const raw = str(env, 'CORS_ORIGINS');
  const entries = (raw ?? '').split(/[,\s]+/).filter(Boolean);
  let origins: readonly string[] | '*';
  if (entries.includes('*')) {
    if (entries.length > 1) throw new ConfigError('CORS_ORIGINS', 'is either * alone or a list of origins, not both');
    origins = '*';
  } else {
    origins = entries.map((e) => {
      const o = normalizeOrigin(e);
      if (!o) throw new ConfigError('CORS_ORIGINS', `must list exact origins like https://app.example.com or http://localhost:5173 (scheme://host[:port], no path), or *; got "${e}"`);
      return o;
    });
  }
  const credentials = bool(env, 'CORS_CREDENTIALS', false);
  if (credentials && origins === '*') {
    throw new ConfigError('CORS_CREDENTIALS', 'cannot be on with CORS_ORIGINS=*: list the origins that may send credentials');
  }
  return Object.freeze({ origins: origins === '*' ? '*' : Object.freeze([...new Set(origins)]), credentials, allowOwnOrigin: sandbox });
}
