import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../src/config';
import { SourceRegistry } from '../src/connectors/module';
import { BUILTIN_SOURCES, defaultRegistry } from '../src/connectors/registry';
import { startSandbox } from '../src/sandbox';
import { sandboxEnv } from '../src/sandbox/sandbox-config';
import { startGateway } from '../src/server';

/** TRUSTED_DOCUMENTS, APQ, INTROSPECTION and GRAPHIQL in the configuration (issue 11). */
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const dir = mkdtempSync(join(tmpdir(), 'trust-config-'));
let n = 0;
/** Writes `text` to a fresh file and answers its path. */
const file = (text: string) => {
  const p = join(dir, `m${++n}.json`);
  writeFileSync(p, text);
  return p;
};

const REAL = { SPRINGEST_BASE_URL: 'https://api.springest.nl', SPRINGEST_API_KEY: 'k1' };
const load = (env: Record<string, string>) => loadConfig(env, defaultRegistry());
const fail = (env: Record<string, string>): ConfigError => {
  try {
    load(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
};

describe('switches', () => {
  it('INTROSPECTION and GRAPHIQL are on in the sandbox and off otherwise when unset; APQ is on', () => {
    expect(load({})).toMatchObject({ sandbox: true, introspection: true, graphiql: true, apq: true });
    expect(load(REAL)).toMatchObject({ sandbox: false, introspection: false, graphiql: false, apq: true });
  });

  it('reads 1/0, true/false, on/off either way', () => {
    expect(load({ ...REAL, INTROSPECTION: '1', GRAPHIQL: 'true', APQ: 'off' })).toMatchObject({ introspection: true, graphiql: true, apq: false });
    expect(load({ INTROSPECTION: '0', GRAPHIQL: 'FALSE' })).toMatchObject({ sandbox: true, introspection: false, graphiql: false });
  });

  it('refuses anything else, naming the variable', () => {
    for (const name of ['INTROSPECTION', 'GRAPHIQL', 'APQ']) {
      const e = fail({ [name]: 'maybe' });
      expect(e.variable).toBe(name);
      expect(e.message).toContain('"maybe"');
    }
  });
});

describe('TRUSTED_DOCUMENTS', () => {
  const doc = 'query Sources { sources { name } }';

  it('reads a client-preset manifest', () => {
    const c = load({ TRUSTED_DOCUMENTS: file(JSON.stringify({ [sha256(doc)]: doc })) });
    expect(c.trustedDocuments?.byId.get(sha256(doc))).toBe(doc);
    expect(c.trustedDocuments?.byText.get(doc)).toBe(sha256(doc));
  });

  it.each([
    ['a missing file', () => join(dir, 'nope.json'), /must be a readable file; .*nope\.json: ENOENT/],
    ['a file that is not JSON', () => file('{ not json'), /is not valid JSON/],
    ['a JSON array', () => file('[]'), /must point at a JSON object .* holds an array/],
    ['an empty manifest', () => file('{}'), /lists no document/],
    ['a document that is not a string', () => file('{"abc": 1}'), /document abc .* must be a non-empty string/],
    ['a document that does not parse', () => file(JSON.stringify({ [sha256('query {')]: 'query {' })), /document [0-9a-f]{64} .* does not parse: Syntax Error/],
    ['a sha256 key that is not the hash of its text', () => file(JSON.stringify({ [sha256('other')]: doc })), /the key is not the sha256 of its text/],
  ])('refuses %s, naming TRUSTED_DOCUMENTS', (_what, path, message) => {
    const e = fail({ TRUSTED_DOCUMENTS: path() });
    expect(e.variable).toBe('TRUSTED_DOCUMENTS');
    expect(e.message).toMatch(message);
  });

  it('refuses at start-up a document that does not validate against the schema, naming its hash', async () => {
    const bad = 'query Bad { sources { nameOfNothing } }';
    const sandbox = await startSandbox();
    try {
      const config = loadConfig(
        { PORT: '0', HOST: '127.0.0.1', ...sandboxEnv(sandbox), TRUSTED_DOCUMENTS: file(JSON.stringify({ [sha256(doc)]: doc, [sha256(bad)]: bad })) },
        new SourceRegistry(BUILTIN_SOURCES),
      );
      const started = startGateway(config, { logWrite: () => undefined, liveSources: false });
      await expect(started).rejects.toBeInstanceOf(ConfigError);
      await expect(started).rejects.toMatchObject({ variable: 'TRUSTED_DOCUMENTS', message: expect.stringContaining(`document ${sha256(bad)}`) });
      await expect(started).rejects.toMatchObject({ message: expect.stringContaining('Cannot query field "nameOfNothing"') });
    } finally {
      await sandbox.stop();
    }
  });

  it('refuses at start-up a listed document over MAX_TOKENS (it could never run), naming its hash and the limit', async () => {
    const big = `query Big { ${Array.from({ length: 40 }, () => '__typename').join(' ')} }`;
    const sandbox = await startSandbox();
    try {
      const config = loadConfig(
        { PORT: '0', HOST: '127.0.0.1', ...sandboxEnv(sandbox), MAX_TOKENS: '30', TRUSTED_DOCUMENTS: file(JSON.stringify({ [sha256(doc)]: doc, [sha256(big)]: big })) },
        new SourceRegistry(BUILTIN_SOURCES),
      );
      const started = startGateway(config, { logWrite: () => undefined, liveSources: false });
      await expect(started).rejects.toMatchObject({ variable: 'TRUSTED_DOCUMENTS', message: expect.stringContaining(`document ${sha256(big)}`) });
      await expect(started).rejects.toMatchObject({ message: expect.stringContaining('MAX_TOKENS') });
    } finally {
      await sandbox.stop();
    }
  });
});

