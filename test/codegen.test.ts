import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generate, loadCodegenConfig } from '@graphql-codegen/cli';

/**
 * test/generated/graphql.ts is checked in: it must be exactly what
 * `npm run codegen` makes of schema.graphql and test/operations/*.graphql.
 */
const ROOT = resolve(__dirname, '..');
const TARGET = 'test/generated/graphql.ts';

describe('codegen', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'codegen-'));
  });
  afterAll(() => {
    rmSync(tmp, { recursive: true, force: true });
  });

  it('the checked-in typed documents are up to date', async () => {
    const { config } = await loadCodegenConfig({ configFilePath: join(ROOT, 'codegen.yml') });
    const generates = config.generates as Record<string, unknown>;
    expect(Object.keys(generates)).toEqual([TARGET]);

    // Same configuration, written to a temporary file instead of the checked-in one.
    const out = join(tmp, 'graphql.ts');
    await generate({ ...config, cwd: ROOT, silent: true, generates: { [out]: generates[TARGET] } } as any, true);
    const fresh = readFileSync(out, 'utf8');
    const checkedIn = readFileSync(join(ROOT, TARGET), 'utf8');

    expect(fresh).toContain('export const CertificatesPageDocument');
    if (fresh !== checkedIn) {
      throw new Error(`${TARGET} is stale: run \`npm run codegen\` and commit the result`);
    }
  });
});
