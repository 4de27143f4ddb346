import { ConfigError, loadConfig as load } from '../src/config';
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
