import { getIntrospectionQuery } from 'graphql';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { subscribe } from '../helpers/subscriber';

let gw: TestGateway;
let someCursor: string;
let certificateId: string;

beforeAll(async () => {
  gw = await startTestGateway();
  const res = await gw.query(`{ certificates(first: 2, filter: { sources: [FOURHSE] }) { pageInfo { endCursor } nodes { id } } }`);
  someCursor = res.body.data.certificates.pageInfo.endCursor;
  certificateId = res.body.data.certificates.nodes[0].id;
});
afterAll(() => gw?.stop());

const CERTS = `query($first: Int!, $after: String, $filter: CertificateFilter, $orderBy: CertificateOrder) {
  certificates(first: $first, after: $after, filter: $filter, orderBy: $orderBy) { totalCount } }`;

describe('bad input: BAD_USER_INPUT naming the argument, and no upstream call', () => {
  const cases: [string, string, Record<string, unknown>, string, RegExp][] = [
    ['malformed node id', `query($id: ID!) { node(id: $id) { id } }`, { id: 'not-an-id!' }, 'id', /not a valid ID/],
    ['base64 of something else', `query($id: ID!) { node(id: $id) { id } }`, { id: Buffer.from('["Pizza","FOURHSE","x"]').toString('base64url') }, 'id', /not a valid ID/],
    ['first above the cap', CERTS, { first: 501 }, 'first', /between 0 and 500/],
    ['negative first', CERTS, { first: -1 }, 'first', /between 0 and 500/],
    ['garbage cursor', CERTS, { first: 5, after: 'garbage' }, 'after', /not a cursor/],
    ['unknown enum value', CERTS, { first: 5, orderBy: { field: 'COLOUR', direction: 'ASC' } }, 'orderBy.field', /COLOUR/],
    ['impossible date', CERTS, { first: 5, filter: { expiresBefore: '2025-02-30' } }, 'filter.expiresBefore', /YYYY-MM-DD/],
    ['date in another format', CERTS, { first: 5, filter: { issuedAfter: '01/02/2025' } }, 'filter.issuedAfter', /YYYY-MM-DD/],
    ['holderId of the wrong type', CERTS, { first: 5, filter: { holderId: 'CERT' } }, 'filter.holderId', /Resource/],
    ['invalid email', CERTS, { first: 5, filter: { holderEmail: 'not-an-email' } }, 'filter.holderEmail', /email/],
    ['blank search', CERTS, { first: 5, filter: { search: '   ' } }, 'filter.search', /blank/],
    ['too long search', CERTS, { first: 5, filter: { search: 'x'.repeat(201) } }, 'filter.search', /200/],
    ['person with a bad email', `query($e: String!) { person(email: $e) { email } }`, { e: 'nope' }, 'email', /email/],
  ];

  it.each(cases)('%s', async (_name, query, vars, field, message) => {
    const v = { ...vars };
    if (v.filter && (v.filter as any).holderId === 'CERT') v.filter = { holderId: certificateId };
    gw.resetUpstreamCalls();
    const res = await gw.query(query, v);
    expect(res.body.errors).toHaveLength(1);
    const err = res.body.errors![0];
    expect(err.extensions!.code).toBe('BAD_USER_INPUT');
    expect(err.extensions!.field).toBe(field);
    expect(err.message).toMatch(message);
    expect(gw.upstreamCalls()).toEqual({ FOURHSE: 0, SPRINGEST: 0, ENSINIO: 0, FALKOR: 0 });
  });

  it('a cursor of another query is refused, not misapplied', async () => {
    gw.resetUpstreamCalls();
    const res = await gw.query(CERTS, { first: 5, after: someCursor, filter: { sources: [ENSINIO_ONLY] } });
    expect(res.body.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'after' } });
    expect(res.body.errors![0].message).toMatch(/another query/);
    const reordered = await gw.query(CERTS, { first: 5, after: someCursor, filter: { sources: ['FOURHSE'] }, orderBy: { field: 'NAME', direction: 'ASC' } });
    expect(reordered.body.errors![0].extensions!.field).toBe('after');
    expect(gw.upstreamCalls()).toEqual({ FOURHSE: 0, SPRINGEST: 0, ENSINIO: 0, FALKOR: 0 });
    // The same query accepts it.
    const ok = await gw.query(CERTS, { first: 5, after: someCursor, filter: { sources: ['FOURHSE'] } });
    expect(ok.body.errors).toBeUndefined();
  });

  it('a syntax error or unknown field is a request error; the process keeps serving', async () => {
    const res = await gw.query(`{ certificates(first: 5) { nope } }`);
    expect(res.body.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const parse = await gw.query(`{ certificates(`);
    expect(parse.body.errors![0].extensions!.code).toBe('GRAPHQL_PARSE_FAILED');
    const fine = await gw.query(`{ sources { name } }`);
    expect(fine.body.data.sources).toHaveLength(4);
  });
});

const ENSINIO_ONLY = 'ENSINIO';

describe('query depth', () => {
  // certificates > nodes > holder > certificates > nodes > holder > … : each level multiplies upstream work.
  const nested = (levels: number) => {
    let q = 'name';
    for (let i = 0; i < levels; i++) q = i % 2 === 0 ? `holder { certificates(first: 2) { nodes { ${q} } } }` : `certification { certificates(first: 2) { nodes { ${q} } } }`;
    return `query Deep { certificates(first: 2) { nodes { ${q} } } }`;
  };

  it('refuses an operation nested deeper than 12 levels before any upstream call, over HTTP and the websocket', async () => {
    gw.resetUpstreamCalls();
    const res = await gw.query(nested(4)); // 3 + 4 × 3 + 1 = 16 levels
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors![0].message).toMatch(/Operation Deep is nested deeper than 12 levels/);
    expect(gw.upstreamCalls()).toEqual({ FOURHSE: 0, SPRINGEST: 0, ENSINIO: 0, FALKOR: 0 });

    const sub = subscribe(gw.url, {}, undefined, `subscription { certificateEvents { certificate { ${nested(3).replace(/^query Deep \{ /, '').replace(/ \}$/, '')} } } }`);
    await expect(sub.waitFor(1, 5_000)).rejects.toThrow(/deeper than 12 levels/);
    await sub.close();
  });

  it('measures each fragment once: 40 fragments each spreading the next twice are checked at once, not 2^40 times', async () => {
    const frags = Array.from({ length: 40 }, (_, i) => `fragment F${i} on Query { ${i < 39 ? `...F${i + 1} ...F${i + 1}` : 'sources { name }'} }`);
    const res = await gw.query(`query Wide { ...F0 } ${frags.join(' ')}`);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.sources).toHaveLength(4);
  });

  it('accepts what a frontend asks, fragments included, and introspection', async () => {
    const ok = await gw.query(`query { certificates(first: 2) { nodes { ...C holder { certificates(first: 2) { nodes { ...C } } } } } } fragment C on Certificate { name certification { name } }`);
    expect(ok.body.errors).toBeUndefined();
    const intro = await gw.query(getIntrospectionQuery());
    expect(intro.body.errors).toBeUndefined();
    expect(intro.body.data.__schema.types.length).toBeGreaterThan(20);
  });
});

describe('IDs that would reach upstream paths', () => {
  let gw2: TestGateway;
  beforeAll(async () => {
    gw2 = await startTestGateway();
  });
  afterAll(() => gw2?.stop());
  it.each([
    ['Certificate', 'FOURHSE', ['..']],
    ['Certificate', 'ENSINIO', ['1/2', '3', '4']],
    ['Certificate', 'FALKOR', ['EV72']],
    ['Resource', 'FOURHSE', ['../certificate/delete/x']],
  ])('a forged %s %s key %p is BAD_USER_INPUT, with no upstream call', async (type, source, key) => {
    const id = Buffer.from(JSON.stringify([type, source, ...key])).toString('base64url');
    gw2.resetUpstreamCalls();
    const q = await gw2.query(`query($id: ID!) { node(id: $id) { id } }`, { id });
    expect(q.body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    const m = await gw2.query(`mutation($id: ID!) { revokeCertificate(id: $id, force: true) { revoked } }`, { id });
    expect(m.body.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(gw2.upstreamCalls()).toEqual({ FOURHSE: 0, SPRINGEST: 0, ENSINIO: 0, FALKOR: 0 });
  });
});
