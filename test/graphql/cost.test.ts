import 'reflect-metadata';
import { parse, getOperationAST, validate } from 'graphql';
import { SourceRegistry } from '../../src/connectors/module';
import { BUILTIN_SOURCES } from '../../src/connectors/registry';
import { estimateOperation } from '../../src/graphql/limits/cost';
import { DEFAULT_DOCUMENT_LIMITS, countTokens, limitRules } from '../../src/graphql/limits/limits';
import { createSchema } from '../../src/schema';

/** The cost model's figures (README, "Cost limits"), on the real schema with four sources. */
const schema = createSchema(new SourceRegistry(BUILTIN_SOURCES));
const estimate = (q: string, variables?: Record<string, unknown>) => {
  const doc = parse(q);
  return estimateOperation(schema, doc, getOperationAST(doc)!, variables, 4);
};

describe('cost estimate', () => {
  it.each([
    // [document, cost, upstream calls]
    ['{ sources { name } }', 1 + 20, 0],
    ['{ certificates { totalCount } }', 1 + 20, 4], // default page size 20; one list call per source
    ['{ certificates(first: 500, filter: { sources: [ENSINIO] }) { nodes { id } } }', 1 + 500 * 2, 1],
    // The holder is batched: one call per source for the page, not per row.
    ['{ certificates(first: 500) { nodes { id name status holder { name } } } }', 1 + 500 * 6, 4 + 4],
    // A connection under each row: one call per row (the holder's own source).
    ['{ certificates(first: 10) { nodes { holder { certificates(first: 5) { nodes { id } } } } } }', 1 + 10 * (1 + 1 + 1 + 5 * 2), 4 + 10 * 1 + 4],
    ['{ certifications { name } }', 1 + 20, 4],
    ['query { node(id: "x") { id } certificate(id: "y") { name } }', 4, 2],
    ['{ __schema { types { name fields { name } } } }', 0, 0],
  ])('%s: cost %d, %d upstream calls', (q, cost, calls) => {
    expect(estimate(q)).toEqual({ cost, upstreamCalls: calls });
  });

  it('reads page sizes and sources from variables, their defaults, and the argument default', () => {
    const q = 'query($n: Int = 7, $f: CertificateFilter) { certificates(first: $n, filter: $f) { nodes { id } } }';
    expect(estimate(q, { n: 100, f: { sources: ['FOURHSE', 'FALKOR'] } })).toEqual({ cost: 1 + 200, upstreamCalls: 2 });
    expect(estimate(q, {})).toEqual({ cost: 1 + 14, upstreamCalls: 4 });
    expect(estimate(q, { n: 'junk' })).toEqual({ cost: 1 + 1000, upstreamCalls: 4 });
  });

  it('prices last like first; a last page without before reads each source twice (its count, then its tail)', () => {
    const q = 'query($n: Int, $before: String) { certificates(last: $n, before: $before) { nodes { id } } }';
    expect(estimate(q, { n: 500 })).toEqual({ cost: 1 + 500 * 2, upstreamCalls: 8 });
    expect(estimate(q, { n: 500, before: 'c' })).toEqual({ cost: 1 + 500 * 2, upstreamCalls: 4 });
    expect(estimate(q, { n: 'junk' })).toEqual({ cost: 1 + 500 * 2, upstreamCalls: 8 });
    // Neither first nor last: the resolver's default 20, whichever cursor is given.
    expect(estimate(q, {})).toEqual({ cost: 1 + 20 * 2, upstreamCalls: 4 });
    expect(estimate(q, { before: 'c' })).toEqual({ cost: 1 + 20 * 2, upstreamCalls: 4 });
    // Both (refused when it runs): the larger.
    expect(estimate('{ certificates(first: 3, last: 400) { nodes { id } } }')).toEqual({ cost: 1 + 400 * 2, upstreamCalls: 8 });
    // Under a Resource: one source, twice, per row.
    expect(estimate('{ certificates(first: 10) { nodes { holder { certificates(last: 5) { nodes { id } } } } } }')).toEqual({ cost: 1 + 10 * (1 + 1 + 1 + 5 * 2), upstreamCalls: 4 + 10 * 2 + 4 });
  });

  it('multiplies through nesting, and counts a fragment once however often it is spread', () => {
    const three = '{ certificates(first: 500) { nodes { holder { certificates(first: 500) { nodes { holder { certificates(first: 500) { nodes { id } } } } } } } } }';
    expect(estimate(three).cost).toBeGreaterThan(250_000_000);
    const frags = Array.from({ length: 40 }, (_, i) => `fragment F${i} on Query { ${i < 39 ? `...F${i + 1} ...F${i + 1}` : 'certificates { totalCount }'} }`);
    expect(estimate(`{ ...F0 } ${frags.join(' ')}`)).toEqual({ cost: 21, upstreamCalls: 4 });
  });

  it('prices what is nested under certifications and stories by the rows they last had, when more than the default 20', () => {
    const q = '{ certifications { certificates(first: 5) { totalCount } } stories { certificates(first: 5) { totalCount } } }';
    const doc = parse(q);
    const sized = (sizes: Record<string, number>) => estimateOperation(schema, doc, getOperationAST(doc)!, {}, 4, (coord) => sizes[coord]);
    // Unknown, or fewer than 20: 20 rows each, one certificates call per row (its own source).
    expect(sized({}).upstreamCalls).toBe(4 + 20 + 4 + 20);
    expect(sized({ 'Query.certifications': 18, 'Query.stories': 5 }).upstreamCalls).toBe(4 + 20 + 4 + 20);
    // A catalogue of 2,000 certifications: 2,000 calls, over MAX_UPSTREAM_CALLS (250) however the document is written.
    expect(sized({ 'Query.certifications': 2000, 'Query.stories': 30 }).upstreamCalls).toBe(4 + 2000 + 4 + 30);
  });

  it('folds a 20,000-fragment chain without overflowing the stack', () => {
    const n = 20_000;
    const doc = `{ ...F0 } ${Array.from({ length: n }, (_, i) => `fragment F${i} on Query { ${i < n - 1 ? `...F${i + 1}` : 'sources { name }'} }`).join(' ')}`;
    expect(estimate(doc)).toEqual({ cost: 21, upstreamCalls: 0 });
    // The depth rule too (the other rules here are graphql-armor's, recursive but bounded by MAX_TOKENS first).
    const parsed = parse(doc);
    const depthOnly = limitRules({ ...DEFAULT_DOCUMENT_LIMITS, maxAliases: 0, maxDirectives: 0 });
    expect(validate(schema, parsed, depthOnly)).toEqual([]);
    expect(countTokens(doc)).toBe(8 * n + 6);
  });
});
