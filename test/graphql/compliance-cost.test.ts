import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, getOperationAST, validate } from 'graphql';
import { SourceRegistry } from '../../src/connectors/module';
import { BUILTIN_SOURCES } from '../../src/connectors/registry';
import { estimateOperation } from '../../src/graphql/limits/cost';
import { createSchema } from '../../src/schema';

/** The compliance fields in the cost model (README, "Cost limits"), four sources. */
const schema = createSchema(new SourceRegistry(BUILTIN_SOURCES));
const estimate = (q: string, variables?: Record<string, unknown>) => {
  const doc = parse(q);
  return estimateOperation(schema, doc, getOperationAST(doc)!, variables, 4);
};

describe('compliance cost', () => {
  it.each([
    // The view is a connection (its page multiplies), one whole list per source.
    // totalCount, pageInfo and summary are computed once per view, whatever the page size.
    ['{ compliance { totalCount } }', 1 + 1, 4],
    ['{ compliance(first: 500) { totalCount pageInfo { hasNextPage } } }', 1 + 1 + 2, 4],
    ['{ compliance(first: 100) { nodes { status } } }', 1 + 100 * 2, 4],
    ['{ compliance(last: 50) { edges { node { status } } } }', 1 + 50 * 3, 4],
    // Under each row, a person's own compliance and holder records are narrow lists per source: per row.
    ['{ compliance(first: 50) { nodes { person { compliance { status } } } } }', 1 + 50 * (1 + 1 + 1 + 20), 4 + 50 * 4],
    ['{ compliance(first: 10) { nodes { person { resources { name } } } } }', 1 + 10 * (1 + 1 + 1 + 20), 4 + 10 * 4],
    ['{ compliance(first: 10) { summary { byTag { key total } } } }', 1 + (1 + 1 + 20 * 2), 4],
    ['{ compliance(first: 10) { ...Page } } fragment Page on ComplianceConnection { nodes { status } }', 1 + 10 * 2, 4],
    ['{ unlinkedHolders(source: ENSINIO) { holder { name } } }', 1 + 20 * 2, 1],
  ])('%s: cost %d, %d upstream calls', (q, cost, calls) => {
    expect(estimate(q)).toEqual({ cost, upstreamCalls: calls });
  });

  it('reads the page size from variables', () => {
    expect(estimate('query($n: Int) { compliance(first: $n) { nodes { status } } }', { n: 300 })).toEqual({ cost: 1 + 600, upstreamCalls: 4 });
  });
});

describe('README', () => {
  it('shows a compliance query that validates against the schema', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]).filter((b) => b.includes('compliance('));
    expect(blocks.length).toBeGreaterThan(0);
    for (const b of blocks) expect(validate(schema, parse(b))).toEqual([]);
  });
});
