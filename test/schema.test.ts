import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { printGatewaySchema } from '../scripts/emit-schema';

describe('schema.graphql', () => {
  it('is what the code emits', async () => {
    const committed = readFileSync(join(__dirname, '..', 'schema.graphql'), 'utf8');
    const emitted = printGatewaySchema();
    if (committed !== emitted) {
      throw new Error('schema.graphql is out of date with the resolvers: run `npm run emit-schema` and commit the result');
    }
  });

  it('keeps the names fixed by the contract', async () => {
    const sdl = printGatewaySchema();
    for (const name of ['scalar Date', 'scalar DateTime', 'scalar JSON', 'interface Node', 'enum Source', 'enum CertificateStatus', 'type Certificate implements Node', 'type Resource implements Node', 'type Certification implements Node', 'type Story implements Node', 'type Person', 'input CertificateFilter', 'type CertificateConnection']) {
      expect(sdl).toContain(name);
    }
    expect(sdl).toMatch(/certificates\(\s*"""[^"]*"""\s*after: String/);
  });
});
