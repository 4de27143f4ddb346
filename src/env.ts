/**
 * Readers of environment variables, shared by the gateway's own configuration
 * (config.ts) and by each source module's `readConfig`. A leaf: imports nothing
 * of ours. Every reader throws a ConfigError naming the variable, with what
 * was expected and what came.
 *
 * Every variable X may instead be given as X_FILE, the path of a file holding
 * its value (Docker and Kubernetes secrets mounted as files): the file is read
 * once, trimmed; X and X_FILE both set, or an unreadable file, is a
 * ConfigError naming X_FILE.
 */
import { readFileSync } from 'node:fs';

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`Invalid configuration: ${variable} ${message}`);
    this.name = 'ConfigError';
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

/** Values read from X_FILE files, per environment and variable: each file is read once. */
const fileValues = new WeakMap<Env, Map<string, string>>();

/** The raw value of `name`: the variable itself, or the content of the file its `_FILE` variant names. */
function raw(env: Env, name: string): string | undefined {
  const fileVar = `${name}_FILE`;
  const path = env[fileVar]?.trim();
  const direct = env[name];
  if (!path) return direct;
  if (direct !== undefined && direct.trim() !== '') throw new ConfigError(fileVar, `cannot be set together with ${name}: set one of them`);
  let cache = fileValues.get(env);
  if (!cache) fileValues.set(env, (cache = new Map<string, string>()));
  let v = cache.get(name);
  if (v === undefined) {
    try {
      v = readFileSync(path, 'utf8');
    } catch (e) {
      // The path is not secret (the file's content is): name it so the operator can find the mount.
      const code = (e as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new ConfigError(fileVar, `must name a readable file holding the value of ${name}; cannot read "${path}" (${code})`);
    }
    cache.set(name, v);
  }
  return v;
}

/** The trimmed value (of the variable or of its `_FILE`), or undefined when unset or blank. */
export function str(env: Env, name: string): string | undefined {
  const v = raw(env, name);
  if (v === undefined) return undefined;
  const t = v.trim();
  return t === '' ? undefined : t;
}

/** An absolute http(s) URL without credentials or query, trailing slashes removed. */
export function url(env: Env, name: string): string | undefined {
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

export function int(env: Env, name: string, def: number, min: number, max: number): number {
  const v = str(env, name);
  if (v === undefined) return def;
  if (!/^\d+$/.test(v)) throw new ConfigError(name, `must be an integer between ${min} and ${max}, got "${v}"`);
  const n = Number(v);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

/** All-or-nothing groups: a half-configured credential is an error, not a silent fallback. */
export function requireAll(env: Env, names: readonly string[], why: string): void {
  const set = names.filter((n) => str(env, n) !== undefined);
  if (set.length > 0 && set.length < names.length) {
    const missing = names.find((n) => str(env, n) === undefined)!;
    throw new ConfigError(missing, `is required when ${set.join(', ')} ${set.length > 1 ? 'are' : 'is'} set (${why})`);
  }
}

/**
 * A base URL and the credentials that go with it: all required once the URL
 * is set, none allowed without it. Returns the URL (undefined when the source
 * is not configured) and the credentials in the order given.
 */
export function urlWith(env: Env, base: string, required: readonly string[], optional: readonly string[] = []): [string | undefined, ...(string | undefined)[]] {
  const b = url(env, base);
  if (b) {
    for (const s of required) if (!str(env, s)) throw new ConfigError(s, `is required when ${base} is set`);
  } else {
    for (const s of [...required, ...optional]) if (str(env, s)) throw new ConfigError(base, `is required when ${s} is set`);
  }
  return [b, ...required.map((s) => str(env, s)), ...optional.map((s) => str(env, s))];
}

/** A switch: 1/true/on/yes or 0/false/off/no (any case); `def` when unset. */
export function bool(env: Env, name: string, def: boolean): boolean {
  const v = str(env, name);
  if (v === undefined) return def;
  const l = v.toLowerCase();
  if (['1', 'true', 'on', 'yes'].includes(l)) return true;
  if (['0', 'false', 'off', 'no'].includes(l)) return false;
  throw new ConfigError(name, `must be 1 or 0 (true/false), got "${v}"`);
}
