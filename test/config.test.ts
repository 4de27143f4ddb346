import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, configSecrets, loadConfig as load } from '../src/config';
import { defaultRegistry } from '../src/connectors/registry';

const loadConfig = (env: Record<string, string>) => load(env, defaultRegistry());

const fail = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  it('defaults to the sandbox with no source configured', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 4000, host: '0.0.0.0', sandbox: true, pollIntervalS: 10, upstreamTimeoutMs: 10000, expiringWithinDays: 30, apiKeys: [], logLevel: 'info' });
    expect(c.sources).toEqual({});
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('reads every source', () => {
    const c = loadConfig({
      FOURHSE_BASE_URL: 'https://service.4hse.com/',
      FOURHSE_ACCESS_TOKEN: 'tok',
      FOURHSE_WEBHOOK_SECRET: 'whsec',
      SPRINGEST_BASE_URL: 'https://api.springest.nl',
      SPRINGEST_API_KEY: 'k1',
      SPRINGEST_CERTIFICATIONS_API_KEY: 'k2',
      ENSINIO_BASE_URL: 'https://school.ensinio.cloud',
      ENSINIO_TOKEN: 't',
      FALKOR_BASE_URL: 'https://customer.falkor.example/api',
      FALKOR_TOKEN: 'dXNlcjpwYXNz',
      GATEWAY_API_KEYS: 'aaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbb',
      REDIS_URL: 'redis://127.0.0.1:6379',
    });
    expect(c.sandbox).toBe(false);
    expect(c.sources.FOURHSE).toEqual({ baseUrl: 'https://service.4hse.com', accessToken: 'tok', oauth: undefined });
    expect(c.webhookSecrets).toEqual({ FOURHSE: 'whsec' });
    expect(c.sources.SPRINGEST).toEqual({ baseUrl: 'https://api.springest.nl', apiKey: 'k1', certificationsApiKey: 'k2' });
    expect(c.apiKeys).toEqual(['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb']);
  });

  it('reads the 4HSE OAuth2 password flow', () => {
    const c = loadConfig({
      FOURHSE_BASE_URL: 'https://service.4hse.com',
      FOURHSE_TOKEN_URL: 'https://auth.4hse.com/realms/4hse/protocol/openid-connect/token',
      FOURHSE_CLIENT_ID: 'client',
      FOURHSE_USERNAME: 'user',
      FOURHSE_PASSWORD: 'pass',
    });
    expect((c.sources.FOURHSE as { oauth: unknown }).oauth).toEqual({ tokenUrl: 'https://auth.4hse.com/realms/4hse/protocol/openid-connect/token', clientId: 'client', username: 'user', password: 'pass' });
  });

  it.each([
    [{ FOURHSE_BASE_URL: 'not a url', FOURHSE_ACCESS_TOKEN: 'x' }, 'FOURHSE_BASE_URL', /absolute http/],
    [{ FOURHSE_BASE_URL: 'ftp://x.example', FOURHSE_ACCESS_TOKEN: 'x' }, 'FOURHSE_BASE_URL', /http or https/],
    [{ FOURHSE_BASE_URL: 'https://x.example' }, 'FOURHSE_ACCESS_TOKEN', /FOURHSE_TOKEN_URL/],
    [{ FOURHSE_BASE_URL: 'https://x.example', FOURHSE_TOKEN_URL: 'https://a.example', FOURHSE_CLIENT_ID: 'c' }, 'FOURHSE_USERNAME', /OAuth2/],
    [{ FOURHSE_ACCESS_TOKEN: 'x' }, 'FOURHSE_BASE_URL', /required when FOURHSE_ACCESS_TOKEN/],
    [{ SPRINGEST_BASE_URL: 'https://api.springest.nl' }, 'SPRINGEST_API_KEY', /required when SPRINGEST_BASE_URL/],
    [{ ENSINIO_TOKEN: 't' }, 'ENSINIO_BASE_URL', /required/],
    [{ FALKOR_BASE_URL: 'https://f.example' }, 'FALKOR_TOKEN', /required/],
    [{ SPRINGEST_BASE_URL: 'https://api.springest.nl?api_key=1', SPRINGEST_API_KEY: 'k' }, 'SPRINGEST_BASE_URL', /query string/],
    [{ PORT: 'eighty' }, 'PORT', /integer/],
    [{ UPSTREAM_TIMEOUT_MS: '0' }, 'UPSTREAM_TIMEOUT_MS', /between/],
    [{ POLL_INTERVAL_S: '-1' }, 'POLL_INTERVAL_S', /between/],
    [{ SANDBOX_CHANGE_EVERY_S: 'often' }, 'SANDBOX_CHANGE_EVERY_S', /integer/],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', /one of/],
    [{ GATEWAY_API_KEYS: 'short' }, 'GATEWAY_API_KEYS', /16 characters/],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL', /redis:\/\//],
    [{ SANDBOX: 'yes' }, 'SANDBOX', /1 or 0/],
  ])('refuses %p naming %s', (env, variable, message) => {
    const e = fail(env);
    expect(e.variable).toBe(variable);
    expect(e.message).toMatch(message);
    expect(e.message).toContain(variable);
  });

  it('POLL_INTERVAL_S=0 turns polling off; real upstreams poll every 60 s by default', () => {
    expect(loadConfig({ POLL_INTERVAL_S: '0' }).pollIntervalS).toBe(0);
    expect(loadConfig({ FALKOR_BASE_URL: 'https://f.example', FALKOR_TOKEN: 't' }).pollIntervalS).toBe(60);
  });

  it('never puts a secret value in its message', () => {
    const e = fail({ FOURHSE_BASE_URL: 'https://x.example', FOURHSE_ACCESS_TOKEN: 'supersecret-token', FOURHSE_TOKEN_URL: 'https://a.example', FOURHSE_CLIENT_ID: 'c', FOURHSE_USERNAME: 'u', FOURHSE_PASSWORD: 'supersecret-pass' });
    expect(e.message).not.toMatch(/supersecret/);
  });
});

describe('response cache (issue 9)', () => {
  const falkor = { FALKOR_BASE_URL: 'https://f.example', FALKOR_TOKEN: 't' };
  it('is off by default; its TTL defaults to POLL_INTERVAL_S (60 with polling off), 64 MiB in memory, 1 MiB an answer', () => {
    expect(loadConfig(falkor).responseCache).toEqual({ enabled: false, ttlS: 60, maxBytes: 64 * 1024 * 1024, maxEntryBytes: 1024 * 1024 });
    expect(loadConfig({ ...falkor, RESPONSE_CACHE: '1', POLL_INTERVAL_S: '15' }).responseCache).toMatchObject({ enabled: true, ttlS: 15 });
    expect(loadConfig({ ...falkor, POLL_INTERVAL_S: '0', RESPONSE_CACHE_TTL_S: '600' }).responseCache.ttlS).toBe(600);
    expect(loadConfig({ ...falkor, POLL_INTERVAL_S: '0' }).responseCache.ttlS).toBe(60);
    expect(loadConfig({ ...falkor, RESPONSE_CACHE_TTL_S: '5', RESPONSE_CACHE_MAX_BYTES: '2048', RESPONSE_CACHE_MAX_ENTRY_BYTES: '1024' }).responseCache).toMatchObject({ ttlS: 5, maxBytes: 2048, maxEntryBytes: 1024 });
  });

  it.each([
    [{ RESPONSE_CACHE: 'maybe' }, 'RESPONSE_CACHE', /1 or 0/],
    [{ RESPONSE_CACHE: '1', POLL_INTERVAL_S: '30', RESPONSE_CACHE_TTL_S: '31' }, 'RESPONSE_CACHE_TTL_S', /at most POLL_INTERVAL_S \(30\)/],
    [{ RESPONSE_CACHE_TTL_S: '0' }, 'RESPONSE_CACHE_TTL_S', /between 1 and/],
    [{ RESPONSE_CACHE_MAX_BYTES: 'lots' }, 'RESPONSE_CACHE_MAX_BYTES', /integer/],
    [{ RESPONSE_CACHE: '1', RESPONSE_CACHE_MAX_BYTES: '2048', RESPONSE_CACHE_MAX_ENTRY_BYTES: '4096' }, 'RESPONSE_CACHE_MAX_ENTRY_BYTES', /at most RESPONSE_CACHE_MAX_BYTES \(2048\)/],
  ])('refuses %p naming %s', (env, variable, message) => {
    const e = fail({ ...falkor, ...env });
    expect(e.variable).toBe(variable);
    expect(e.message).toMatch(message);
  });

  it('does not cross-check the TTL and entry cap when the cache is off: start-up goes on', () => {
    expect(loadConfig({ ...falkor, POLL_INTERVAL_S: '30', RESPONSE_CACHE_TTL_S: '31' }).responseCache.enabled).toBe(false);
    expect(loadConfig({ ...falkor, RESPONSE_CACHE_MAX_BYTES: '2048', RESPONSE_CACHE_MAX_ENTRY_BYTES: '4096' }).responseCache.enabled).toBe(false);
    // Each variable alone is still validated.
    expect(fail({ ...falkor, RESPONSE_CACHE_TTL_S: '0' }).variable).toBe('RESPONSE_CACHE_TTL_S');
  });
});

describe('shutdown (deploy)', () => {
  it('SHUTDOWN_DELAY_S defaults to 5 (0 in the sandbox), SHUTDOWN_GRACE_S to 25', () => {
    expect(loadConfig({ FALKOR_BASE_URL: 'https://f.example', FALKOR_TOKEN: 't' })).toMatchObject({ shutdownDelayS: 5, shutdownGraceS: 25 });
    expect(loadConfig({})).toMatchObject({ shutdownDelayS: 0, shutdownGraceS: 25 });
    expect(loadConfig({ SHUTDOWN_DELAY_S: '0', SHUTDOWN_GRACE_S: '3' })).toMatchObject({ shutdownDelayS: 0, shutdownGraceS: 3 });
  });

  it.each([
    [{ SHUTDOWN_DELAY_S: 'soon' }, 'SHUTDOWN_DELAY_S', /integer/],
    [{ SHUTDOWN_DELAY_S: '3601' }, 'SHUTDOWN_DELAY_S', /between 0 and 3600/],
    [{ SHUTDOWN_GRACE_S: '0' }, 'SHUTDOWN_GRACE_S', /between 1 and 3600/],
  ])('refuses %p naming %s', (env, variable, message) => {
    const e = fail(env);
    expect(e.variable).toBe(variable);
    expect(e.message).toMatch(message);
  });
});

describe('X_FILE: secrets from files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'certgw-secrets-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  /** A file holding `value` (with the newline editors and `echo` add), its path. */
  const secretFile = (name: string, value: string) => {
    const p = join(dir, name);
    writeFileSync(p, `${value}\n`);
    return p;
  };

  it('reads every secret from its _FILE, trimmed, and redacts it like any secret', () => {
    const env = {
      FOURHSE_BASE_URL: 'https://service.4hse.com',
      FOURHSE_TOKEN_URL: 'https://auth.4hse.com/token',
      FOURHSE_CLIENT_ID: 'client',
      FOURHSE_USERNAME: 'user',
      FOURHSE_PASSWORD_FILE: secretFile('fourhse-password', 'pw-from-file'),
      FOURHSE_WEBHOOK_SECRET_FILE: secretFile('fourhse-webhook', 'whsec-from-file'),
      SPRINGEST_BASE_URL: 'https://api.springest.nl',
      SPRINGEST_API_KEY_FILE: secretFile('springest-key', 'springest-from-file'),
      SPRINGEST_CERTIFICATIONS_API_KEY_FILE: secretFile('springest-cert-key', 'springest-cert-from-file'),
      ENSINIO_BASE_URL: 'https://school.ensinio.cloud',
      ENSINIO_TOKEN_FILE: secretFile('ensinio', 'ensinio-from-file'),
      FALKOR_BASE_URL: 'https://customer.falkor.example/api',
      FALKOR_TOKEN_FILE: secretFile('falkor', 'falkor-from-file'),
      GATEWAY_API_KEYS_FILE: secretFile('api-keys', 'aaaaaaaaaaaaaaaa,bbbbbbbbbbbbbbbb'),
      REDIS_URL_FILE: secretFile('redis-url', 'redis://:redis-pw-from-file@redis:6379'),
    };
    const c = loadConfig(env);
    expect((c.sources.FOURHSE as { oauth: { password: string } }).oauth.password).toBe('pw-from-file');
    expect(c.webhookSecrets).toEqual({ FOURHSE: 'whsec-from-file' });
    expect(c.sources.SPRINGEST).toEqual({ baseUrl: 'https://api.springest.nl', apiKey: 'springest-from-file', certificationsApiKey: 'springest-cert-from-file' });
    expect((c.sources.ENSINIO as { token: string }).token).toBe('ensinio-from-file');
    expect((c.sources.FALKOR as { token: string }).token).toBe('falkor-from-file');
    expect(c.apiKeys).toEqual(['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb']);
    expect(c.redisUrl).toBe('redis://:redis-pw-from-file@redis:6379');
    expect(configSecrets(c)).toEqual(
      expect.arrayContaining(['pw-from-file', 'whsec-from-file', 'springest-from-file', 'springest-cert-from-file', 'ensinio-from-file', 'falkor-from-file', 'aaaaaaaaaaaaaaaa', 'redis-pw-from-file']),
    );
    // The 4HSE access token too (the other 4HSE credential).
    const t = loadConfig({ FOURHSE_BASE_URL: 'https://service.4hse.com', FOURHSE_ACCESS_TOKEN_FILE: secretFile('fourhse-token', 'tok-from-file') });
    expect((t.sources.FOURHSE as { accessToken: string }).accessToken).toBe('tok-from-file');
  });

  it('GATEWAY_API_KEYS_FILE may hold one key per line', () => {
    const c = loadConfig({ GATEWAY_API_KEYS_FILE: secretFile('keys-per-line', 'aaaaaaaaaaaaaaaa\nbbbbbbbbbbbbbbbb\r\ncccccccccccccccc\n') });
    expect(c.apiKeys).toEqual(['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb', 'cccccccccccccccc']);
  });

  it('a _FILE value is validated like the variable itself', () => {
    const e = fail({ GATEWAY_API_KEYS_FILE: secretFile('short-key', 'short') });
    expect(e.variable).toBe('GATEWAY_API_KEYS');
    expect(e.message).not.toContain('short,');
  });

  it('an empty file is as if the variable were unset', () => {
    expect(() => loadConfig({ FALKOR_BASE_URL: 'https://f.example', FALKOR_TOKEN_FILE: secretFile('empty', '') })).toThrow(/FALKOR_TOKEN is required/);
  });

  it('refuses X and X_FILE together, naming X_FILE', () => {
    const e = fail({ FALKOR_BASE_URL: 'https://f.example', FALKOR_TOKEN: 'inline-secret', FALKOR_TOKEN_FILE: secretFile('falkor-both', 'file-secret') });
    expect(e.variable).toBe('FALKOR_TOKEN_FILE');
    expect(e.message).toMatch(/cannot be set together with FALKOR_TOKEN/);
    expect(e.message).not.toMatch(/inline-secret|file-secret/);
  });

  it('refuses an unreadable file, naming X_FILE', () => {
    const missing = fail({ ENSINIO_BASE_URL: 'https://e.example', ENSINIO_TOKEN_FILE: join(dir, 'no-such-file') });
    expect(missing.variable).toBe('ENSINIO_TOKEN_FILE');
    expect(missing.message).toMatch(/readable file.*ENOENT/);
    const isDir = fail({ REDIS_URL_FILE: dir });
    expect(isDir.variable).toBe('REDIS_URL_FILE');
    expect(isDir.message).toMatch(/EISDIR/);
  });
});

