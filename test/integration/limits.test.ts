import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { subscribe } from '../helpers/subscriber';

/**
 * Cost limits (issue 11, item 1): each request of the issue is refused before
 * any upstream call, with QUERY_TOO_COMPLEX naming the limit, HTTP 400, one
 * info line with the client id, while /healthz keeps answering; what a
 * frontend legitimately asks still runs.
 */
const NONE = { FOURHSE: 0, SPRINGEST: 0, ENSINIO: 0, FALKOR: 0 };
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const ORDERS = ['NAME', 'ISSUED_ON', 'EXPIRES_ON'];

/** A chain of n fragments on Query, each spreading the next. */
const fragmentChain = (n: number) => `query Chain { ...F0 } ${range(n).map((i) => `fragment F${i} on Query { ${i < n - 1 ? `...F${i + 1}` : 'sources { name }'} }`).join(' ')}`;
const nestedThrough = (alias: string) => `${alias}certificates(first: 500) { nodes { holder { certificates(first: 500) { nodes { id name holder { name } } } } } }`;

const REFUSED: [string, () => string, string][] = [
  ['60,000 repeated __typename (644 KiB)', () => `{ ${'__typename '.repeat(60_000)}}`, 'tokens'],
  ['3,000 aliases of certificates with distinct first/orderBy', () => `{ ${range(3000).map((i) => `a${i}: certificates(first: ${1 + (i % 500)}, orderBy: { field: ${ORDERS[i % 3]}, direction: ${i % 2 ? 'ASC' : 'DESC'} }) { totalCount }`).join(' ')} }`, 'tokens'],
  ['4,000 aliases of certificates(first: 500) { nodes { id name status holder { name } } }', () => `{ ${range(4000).map((i) => `a${i}: certificates(first: 500) { nodes { id name status holder { name } } }`).join(' ')} }`, 'tokens'],
  ['40 aliases of certificates(first: 500) nested through holder { certificates(first: 500) }', () => `{ ${range(40).map((i) => nestedThrough(`a${i}: `)).join(' ')} }`, 'aliases'],
  ['the same nesting without aliases', () => `{ ${nestedThrough('')} }`, 'cost'],
  ['first: 500 nested three levels deep', () => `{ certificates(first: 500) { nodes { holder { certificates(first: 500) { nodes { holder { certificates(first: 500) { nodes { id } } } } } } } } }`, 'cost'],
  ['a chain of 3,800 fragments', () => fragmentChain(3800), 'tokens'],
  ['a chain of 4,700 fragments', () => fragmentChain(4700), 'tokens'],
  ['a chain of 7,800 fragments', () => fragmentChain(7800), 'tokens'],
  ['100 aliases of a list', () => `{ ${range(100).map((i) => `a${i}: certificates(first: 5, filter: { sources: [ENSINIO] }) { totalCount }`).join(' ')} }`, 'aliases'],
  ['3 aliases of the certificates and holders of every certification', () => `{ ${range(3).map((i) => `a${i}: certifications { certificates(first: 5) { nodes { holder { name } } } }`).join(' ')} }`, 'upstreamCalls'],
  ['60 directives', () => `{ sources { ${range(60).map(() => 'name @include(if: true)').join(' ')} } }`, 'directives'],
  ['13 levels of nesting', () => `query Deep { certificates(first: 1) { nodes { holder { certificates(first: 1) { nodes { holder { certificates(first: 1) { nodes { holder { certificates(first: 1) { nodes { holder { name } } } } } } } } } } } } }`, 'depth'],
];

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw?.stop());

const post = (url: string, query: string, variables?: unknown) =>
  fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });

describe('cost limits over HTTP', () => {
  it.each(REFUSED)('refuses %s: QUERY_TOO_COMPLEX (%s), 400, no upstream call, /healthz answers meanwhile', async (_name, doc, limit) => {
    gw.resetUpstreamCalls();
    const logged = gw.logs.length;
    const [res, health] = await Promise.all([post(gw.url, doc()), fetch(`${gw.url}/healthz`)]);
    expect(health.status).toBe(200);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { message: string; extensions: Record<string, unknown> }[]; data?: unknown };
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    const e = body.errors[0];
    expect(e.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit });
    expect(e.extensions.actual as number).toBeGreaterThan(e.extensions.max as number);
    expect(e.message).toContain(String(e.extensions.max));
    expect(gw.upstreamCalls()).toEqual(NONE);
    // One info line naming the client, without the document.
    const lines = gw.logs.slice(logged).filter((l) => l.includes('request refused'));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'info', client: 'ip:127.0.0.1', code: 'QUERY_TOO_COMPLEX', limit });
    expect(lines[0]).not.toMatch(/certificates|__typename|sources/);
    expect(gw.logs.slice(logged).filter((l) => /"level":"error"/.test(l))).toEqual([]);
  });

  it('refuses a long document sent by GET the same way', async () => {
    gw.resetUpstreamCalls();
    const res = await fetch(`${gw.url}/graphql?query={${'a+'.repeat(3100)}}`); // 6 KiB: under node's header limit
    expect(res.status).toBe(400);
    expect(((await res.json())).errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'tokens', max: 3000, actual: 3102 });
    expect(gw.upstreamCalls()).toEqual(NONE);
  });

  it('counts page sizes given as variables', async () => {
    gw.resetUpstreamCalls();
    const q = `query($n: Int!) { certificates(first: $n) { nodes { holder { certificates(first: $n) { nodes { id } } } } } }`;
    const res = await gw.query(q, { n: 300 });
    expect(res.status).toBe(400);
    expect(res.body.errors![0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost' });
    expect(gw.upstreamCalls()).toEqual(NONE);
    const small = await gw.query(q, { n: 2 });
    expect(small.body.errors).toBeUndefined();
  });

  it('runs a legitimately heavy query: first: 500 one level, with the holder', async () => {
    const res = await gw.query(`{ certificates(first: 500) { totalCount pageInfo { hasNextPage } nodes { id name status expiresOn holder { name } } } }`);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.certificates.nodes.length).toBeGreaterThan(100);
  });

  it('runs the introspection query and fragments a frontend uses', async () => {
    const { getIntrospectionQuery } = await import('graphql');
    const intro = await gw.query(getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, inputValueDeprecation: true }));
    expect(intro.body.errors).toBeUndefined();
    const frags = await gw.query(`query { certificates(first: 20) { nodes { ...C holder { certificates(first: 5) { nodes { ...C } } } } } } fragment C on Certificate { id name certification { name } story { name } }`);
    expect(frags.body.errors).toBeUndefined();
  });
});

describe('no recursion a long document can overflow', () => {
  let wide: TestGateway;
  beforeAll(async () => {
    // The highest token limit the configuration accepts: fragment chains as long as it lets through.
    wide = await startTestGateway({ env: { MAX_TOKENS: '10000' } });
  });
  afterAll(() => wide?.stop());

  it('selections or values nested thousands deep are refused before parsing (nesting), not overflowed', async () => {
    const selections = await post(wide.url, `{ ${'certificates { nodes { holder { '.repeat(1100)}name${' } } }'.repeat(1100)} }`);
    expect(selections.status).toBe(400);
    expect(((await selections.json())).errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'nesting', max: 64, actual: 3301 });
    const values = await post(wide.url, `{ certificates(filter: ${'{ a: '.repeat(2000)}1${' }'.repeat(2000)}) { totalCount } }`);
    expect(values.status).toBe(400);
    expect(((await values.json())).errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'nesting' });
    expect(wide.logs.filter((l) => /"level":"error"/.test(l))).toEqual([]);
  });

  it('a chain of fragments at the highest token limit answers without a 500 or a stack trace', async () => {
    const doc = fragmentChain(1200); // 8 tokens a fragment: under 10,000
    const res = await post(wide.url, doc);
    expect(res.status).toBeLessThan(500);
    const body = (await res.json());
    expect(body.errors ?? []).toEqual([]);
    expect(body.data.sources).toHaveLength(4);
    const over = await post(wide.url, fragmentChain(1300));
    expect(over.status).toBe(400);
    expect(((await over.json())).errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'tokens', max: 10000 });
    expect(wide.logs.filter((l) => /stack|Maximum call stack/.test(l))).toEqual([]);
  });
});

describe('cost limits on the websocket', () => {
  it('applies the same limits to subscriptions, before anything runs', async () => {
    gw.resetUpstreamCalls();
    const aliases = subscribe(gw.url, {}, undefined, `subscription { ${range(40).map((i) => `a${i}: certificateEvents { eventId }`).join(' ')} }`);
    await expect(aliases.waitFor(1, 5_000)).rejects.toThrow(/QUERY_TOO_COMPLEX[\s\S]*aliases|aliases[\s\S]*QUERY_TOO_COMPLEX/);
    await aliases.close();
    const tokens = subscribe(gw.url, {}, undefined, `subscription { certificateEvents { ${'__typename '.repeat(5000)} } }`);
    await expect(tokens.waitFor(1, 5_000)).rejects.toThrow(/"limit":"tokens"/);
    await tokens.close();
    const cost = subscribe(gw.url, { n: 500 }, undefined, `subscription($n: Int!) { certificateEvents { certificate { holder { certificates(first: $n) { nodes { holder { certificates(first: $n) { nodes { id } } } } } } } } }`);
    await expect(cost.waitFor(1, 5_000)).rejects.toThrow(/"limit":"cost"/);
    await cost.close();
    expect(gw.upstreamCalls()).toEqual(NONE);
  });
});
