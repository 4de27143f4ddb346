import { ConfigError, loadConfig as load } from '../src/config';
import { defaultRegistry } from '../src/connectors/registry';

const loadConfig = (env: Record<string, string>) => load(env, defaultRegistry());
const LIVE = { ENSINIO_BASE_URL: 'https://school.ensinio.cloud', ENSINIO_TOKEN: 't' };

describe('limits configuration', () => {
  it('has defaults that let ordinary use through, and rate limits off only in the sandbox', () => {
    const sandbox = loadConfig({});
    expect(sandbox.limits).toEqual({
      document: { maxTokens: 3000, maxAliases: 30, maxDirectives: 50, maxDepth: 12, maxCost: 50000, maxUpstreamCalls: 250 },
      maxBodyBytes: 1024 * 1024,
      maxUploadBodyBytes: 15 * 1024 * 1024,
      rateLimitPerMin: 0,
      wsMaxConnectionsPerClient: 100,
      wsMaxSubscriptionsPerConnection: 100,
    });
    expect(loadConfig(LIVE).limits.rateLimitPerMin).toBe(600);
    expect(loadConfig({ ...LIVE, RATE_LIMIT_PER_MIN: '0', MAX_COST: '0' }).limits).toMatchObject({ rateLimitPerMin: 0, document: { maxCost: 0 } });
  });

  it.each([
    ['MAX_TOKENS', '10001'],
    ['MAX_TOKENS', 'lots'],
    ['MAX_ALIASES', '-1'],
    ['MAX_DIRECTIVES', '1.5'],
    ['MAX_DEPTH', '101'],
    ['MAX_COST', 'x'],
    ['MAX_UPSTREAM_CALLS', '-3'],
    ['MAX_BODY_BYTES', '10'],
    ['MAX_UPLOAD_BODY_BYTES', '999999999'],
    ['RATE_LIMIT_PER_MIN', 'ten'],
    ['WS_MAX_CONNECTIONS_PER_CLIENT', '-1'],
    ['WS_MAX_SUBSCRIPTIONS_PER_CONNECTION', 'many'],
  ])('%s=%s stops start-up with a ConfigError naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^Invalid configuration: ${name} `));
  });

  it('the upload limit may not be below the ordinary one', () => {
    expect(() => loadConfig({ MAX_BODY_BYTES: '2000000', MAX_UPLOAD_BODY_BYTES: '1000000' })).toThrow(/MAX_UPLOAD_BODY_BYTES must be at least MAX_BODY_BYTES/);
  });
});
