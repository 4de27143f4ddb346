import { startGateway } from '../../src/server';
import { startTestGateway, type TestGateway } from '../helpers/gateway';

/**
 * Relay paging both ways over the four simulators (real HTTP): forward with
 * first/after to the end, back with last/before to the start, small pages,
 * many ties in the order (certificates of several sources expiring the same
 * day, and every never-expiring one).
 */

const PAGE = `query Page($first: Int, $after: String, $last: Int, $before: String, $orderBy: CertificateOrder, $filter: CertificateFilter) {
  certificates(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy, filter: $filter) {
    totalCount
    edges { cursor node { id source expiresOn issuedOn name } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

interface Node {
  id: string;
  source: string;
  expiresOn: string | null;
  issuedOn: string | null;
  name: string | null;
}
interface Page {
  totalCount: number;
  edges: { cursor: string; node: Node }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

let gw: TestGateway;
let all: Node[];

beforeAll(async () => {
  gw = await startTestGateway();
  const res = await gw.query(PAGE, { first: 500 });
  expect(res.body.errors).toBeUndefined();
  all = res.body.data.certificates.edges.map((e: { node: Node }) => e.node);
  // The whole list in one page: the reference order.
  expect(res.body.data.certificates.totalCount).toBe(all.length);
});
afterAll(() => gw?.stop());

async function page(vars: Record<string, unknown>): Promise<Page> {
  const res = await gw.query(PAGE, vars);
  expect(res.body.errors).toBeUndefined();
  return res.body.data.certificates as Page;
}

/** Forward to the end: every page, in order. */
async function forward(vars: Record<string, unknown>, first: number): Promise<Page[]> {
  const pages: Page[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 500; guard++) {
    const p = await page({ ...vars, first, after });
    pages.push(p);
    if (!p.pageInfo.hasNextPage) return pages;
    after = p.pageInfo.endCursor;
  }
  throw new Error('paging forward did not end');
}

/** Back to the start from the end of the list: every page, in the order read (the list's last page first). */
async function backward(vars: Record<string, unknown>, last: number): Promise<Page[]> {
  const pages: Page[] = [];
  let before: string | null = null;
  for (let guard = 0; guard < 500; guard++) {
    const p = await page({ ...vars, last, before });
    pages.push(p);
    if (!p.pageInfo.hasPreviousPage) return pages;
    before = p.pageInfo.startCursor;
  }
  throw new Error('paging backward did not end');
}

const idsOf = (pages: Page[]) => pages.flatMap((p) => p.edges.map((e) => e.node.id));

describe('paging forward to the end and back to the start', () => {
  it('the sandbox has what makes it hard: four sources, and ties across sources in the order', () => {
    expect(new Set(all.map((c) => c.source))).toEqual(new Set(['FOURHSE', 'SPRINGEST', 'ENSINIO', 'FALKOR']));
    const tiedAcrossSources = all.filter((c, i) => i > 0 && all[i - 1].expiresOn === c.expiresOn && all[i - 1].source !== c.source);
    expect(tiedAcrossSources.filter((c) => c.expiresOn !== null).length).toBeGreaterThan(0);
    expect(all.filter((c) => c.expiresOn === null).length).toBeGreaterThan(20);
  });

  it.each([
    ['EXPIRES_ON', 'ASC', 7],
    ['EXPIRES_ON', 'DESC', 13],
    ['NAME', 'ASC', 11],
  ] as const)('%s %s, pages of %i: every certificate exactly once each way, in mirror order, with exact page flags and the same cursors', async (field, direction, size) => {
    const vars = { orderBy: { field, direction } };
    const reference = (await page({ ...vars, first: 500 })).edges;
    const there = await forward(vars, size);
    const back = await backward(vars, size);

    const forwardIds = idsOf(there);
    const backIds = idsOf([...back].reverse());
    expect(forwardIds).toEqual(reference.map((e) => e.node.id));
    expect(new Set(forwardIds).size).toBe(reference.length);
    expect(backIds).toEqual(forwardIds);
    // Read backward, pages come last-first: the sequence of certificates seen is the mirror of the forward one.
    expect(back.flatMap((p) => [...p.edges].reverse().map((e) => e.node.id))).toEqual([...forwardIds].reverse());

    // Every page but the last (first) is full; the flags are true exactly when there is more that way.
    expect(there.slice(0, -1).every((p) => p.edges.length === size)).toBe(true);
    expect(back.slice(0, -1).every((p) => p.edges.length === size)).toBe(true);
    expect(there.map((p) => p.pageInfo.hasPreviousPage)).toEqual(there.map((_, i) => i > 0));
    expect(there.map((p) => p.pageInfo.hasNextPage)).toEqual(there.map((_, i) => i < there.length - 1));
    expect(back.map((p) => p.pageInfo.hasNextPage)).toEqual(back.map((_, i) => i > 0));
    expect(back.map((p) => p.pageInfo.hasPreviousPage)).toEqual(back.map((_, i) => i < back.length - 1));
    expect([...there, ...back].every((p) => p.totalCount === reference.length)).toBe(true);

    // An edge's cursor is the same whichever way its page was read, and the same as in the one-page list.
    const cursorOf = new Map(back.flatMap((p) => p.edges.map((e) => [e.node.id, e.cursor] as const)));
    expect(reference.map((e) => cursorOf.get(e.node.id))).toEqual(reference.map((e) => e.cursor));
    expect(there.flatMap((p) => p.edges.map((e) => e.cursor))).toEqual(reference.map((e) => e.cursor));
  });

  it('turns around anywhere: back from a forward page ends exactly before it, forward from a backward page starts exactly after it', async () => {
    const p3 = (await forward({}, 10))[2];
    expect(p3.edges.map((e) => e.node.id)).toEqual(all.slice(20, 30).map((c) => c.id));
    const before = await page({ last: 15, before: p3.pageInfo.startCursor });
    expect(before.edges.map((e) => e.node.id)).toEqual(all.slice(5, 20).map((c) => c.id));
    expect(before.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true, startCursor: before.edges[0].cursor, endCursor: before.edges[14].cursor });
    const after = await page({ first: 4, after: before.pageInfo.endCursor });
    expect(after.edges.map((e) => e.node.id)).toEqual(all.slice(20, 24).map((c) => c.id));
    // The first 20 before the third page is the start of the list: nothing before it.
    const start = await page({ last: 20, before: p3.pageInfo.startCursor });
    expect(start.edges.map((e) => e.node.id)).toEqual(all.slice(0, 20).map((c) => c.id));
    expect(start.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
  });

  it('the defaults: nothing is the first 20; before alone is the 20 before it; an empty page keeps its cursor', async () => {
    const none = await page({});
    expect(none.edges.map((e) => e.node.id)).toEqual(all.slice(0, 20).map((c) => c.id));
    expect(none.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
    const cursor = (await page({ first: 50 })).edges[44].cursor;
    const alone = await page({ before: cursor });
    expect(alone.edges.map((e) => e.node.id)).toEqual(all.slice(24, 44).map((c) => c.id));
    const end = await page({ last: 1 });
    expect(end.edges.map((e) => e.node.id)).toEqual([all[all.length - 1].id]);
    expect(end.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    const past = await page({ first: 5, after: end.pageInfo.endCursor });
    expect(past).toMatchObject({ edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: end.pageInfo.endCursor } });
    const first = await page({ first: 1 });
    const ahead = await page({ last: 5, before: first.pageInfo.startCursor });
    expect(ahead).toMatchObject({ edges: [], pageInfo: { hasNextPage: true, hasPreviousPage: false, startCursor: first.pageInfo.startCursor, endCursor: null } });
  });

  it('every certificates connection pages backward: Resource, Certification, Story and Person', async () => {
    const holder = all.find((c) => c.source === 'FOURHSE')!;
    const q = `query($id: ID!) { certificate(id: $id) { holder { id } } }`;
    const holderId = (await gw.query(q, { id: holder.id })).body.data.certificate.holder.id;
    const falkor = await gw.query(`{ certificates(first: 1, filter: { sources: [FALKOR] }) { nodes { holder { email } story { id } } } }`);
    const { email } = falkor.body.data.certificates.nodes[0].holder;
    const storyId = falkor.body.data.certificates.nodes[0].story.id;
    const springest = await gw.query(`{ certificates(first: 1, filter: { sources: [SPRINGEST] }) { nodes { certification { id } } } }`);
    const certificationId = springest.body.data.certificates.nodes[0].certification.id;
    const both = `edges { node { id } } pageInfo { hasPreviousPage hasNextPage }`;
    const res = await gw.query(
      `query($h: ID!, $e: String!, $s: ID!, $c: ID!) {
        resource(id: $h) { whole: certificates(first: 500) { ${both} } tail: certificates(last: 2) { ${both} } }
        person(email: $e) { whole: certificates(first: 500) { ${both} } tail: certificates(last: 2) { ${both} } }
        story(id: $s) { whole: certificates(first: 500) { ${both} } tail: certificates(last: 2) { ${both} } }
        certification(id: $c) { whole: certificates(first: 500) { ${both} } tail: certificates(last: 2) { ${both} } }
      }`,
      { h: holderId, e: email, s: storyId, c: certificationId },
    );
    expect(res.body.errors).toBeUndefined();
    for (const name of ['resource', 'person', 'story', 'certification']) {
      const { whole, tail } = res.body.data[name];
      const ids = whole.edges.map((e: { node: { id: string } }) => e.node.id);
      expect({ name, tail: tail.edges.map((e: { node: { id: string } }) => e.node.id) }).toEqual({ name, tail: ids.slice(-2) });
      expect({ name, flags: tail.pageInfo }).toEqual({ name, flags: { hasPreviousPage: ids.length > 2, hasNextPage: false } });
    }
  });
});

describe('what a backward page costs upstream', () => {
  it('with before, what the forward page costs: one list read per source; last alone, one more 4HSE read (its count)', async () => {
    const cursor = (await page({ first: 60 })).edges[50].cursor;
    gw.resetUpstreamCalls();
    await page({ first: 20, after: cursor });
    const forwardCalls = gw.upstreamCalls();
    gw.resetUpstreamCalls();
    await page({ last: 20, before: cursor });
    const backwardCalls = gw.upstreamCalls();
    gw.resetUpstreamCalls();
    await page({ last: 20 });
    const tailCalls = gw.upstreamCalls();
    expect(forwardCalls).toEqual({ FOURHSE: 1, SPRINGEST: 1, ENSINIO: 1, FALKOR: 1 });
    expect(backwardCalls).toEqual(forwardCalls);
    // The others read their whole (filtered) list once per request whatever the window; 4HSE pages upstream, so it needs its total first.
    expect(tailCalls).toEqual({ FOURHSE: 2, SPRINGEST: 1, ENSINIO: 1, FALKOR: 1 });
  });
});

describe('cursors are plain data', () => {
  it('a cursor from one gateway pages both ways on another (a replica, or the same after a restart)', async () => {
    const there = await page({ first: 30 });
    for (let i = 0; i < 2; i++) {
      // Another process in all but the address space: its own runtime, schema and caches, on the same upstreams.
      const other = await startGateway(gw.config, { logWrite: () => undefined, liveSources: false });
      try {
        const ask = async (vars: Record<string, unknown>) => {
          const res = await fetch(`${other.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: PAGE, variables: vars }) });
          const body = (await res.json()) as { data: { certificates: Page } };
          return body.data.certificates.edges.map((e) => e.node.id);
        };
        expect(await ask({ last: 10, before: there.edges[25].cursor })).toEqual(all.slice(15, 25).map((c) => c.id));
        expect(await ask({ first: 10, after: there.edges[25].cursor })).toEqual(all.slice(26, 36).map((c) => c.id));
      } finally {
        await other.stop();
      }
    }
  });
});

describe('bad paging arguments: BAD_USER_INPUT naming the argument, and no upstream call', () => {
  let cursor: string;
  let otherQueryCursor: string;
  beforeAll(async () => {
    cursor = (await page({ first: 3 })).pageInfo.endCursor!;
    otherQueryCursor = (await page({ first: 3, filter: { sources: ['FOURHSE'] } })).pageInfo.endCursor!;
  });

  const cases: [string, () => Record<string, unknown>, string, RegExp][] = [
    ['first and last together', () => ({ first: 5, last: 5 }), 'last', /first and last cannot be used together/],
    ['before and after together', () => ({ last: 5, after: cursor, before: cursor }), 'before', /after and before cannot be used together/],
    ['before with first', () => ({ first: 5, before: cursor }), 'before', /before pages backward/],
    ['after with last', () => ({ last: 5, after: cursor }), 'after', /after pages forward/],
    ['before from another query', () => ({ last: 5, before: otherQueryCursor }), 'before', /another query/],
    ['before from another order', () => ({ last: 5, before: cursor, orderBy: { field: 'NAME', direction: 'ASC' } }), 'before', /another query/],
    ['garbage before', () => ({ last: 5, before: 'garbage' }), 'before', /not a cursor/],
    ['negative last', () => ({ last: -1 }), 'last', /last must be between 0 and 500/],
    ['last over the max', () => ({ last: 501 }), 'last', /last must be between 0 and 500/],
    ['negative first', () => ({ first: -1 }), 'first', /first must be between 0 and 500/],
  ];

  it.each(cases)('%s', async (_name, vars, field, message) => {
    gw.resetUpstreamCalls();
    const res = await gw.query(PAGE, vars());
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(res.body.errors![0].message).toMatch(message);
    expect(gw.upstreamCalls()).toEqual({ FOURHSE: 0, SPRINGEST: 0, ENSINIO: 0, FALKOR: 0 });
  });

  it('a bad cursor is refused before the names of certifications are looked ahead for (no Springest call either)', async () => {
    const q = `query($after: String, $before: String, $last: Int) { certificates(after: $after, before: $before, last: $last) { nodes { certification { name } } } }`;
    for (const [vars, field] of [[{ before: 'garbage' }, 'before'], [{ last: 3, before: otherQueryCursor }, 'before'], [{ after: otherQueryCursor }, 'after']] as const) {
      gw.resetUpstreamCalls();
      const res = await gw.query(q, vars);
      expect(res.body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(gw.upstreamCalls()).toEqual({ FOURHSE: 0, SPRINGEST: 0, ENSINIO: 0, FALKOR: 0 });
    }
  });

  it('the same arguments as literals answer the same', async () => {
    gw.resetUpstreamCalls();
    const res = await gw.query(`{ certificates(first: 2, last: 2) { totalCount } }`);
    expect(res.body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'last' });
    const neg = await gw.query(`{ certificates(last: -3) { totalCount } }`);
    expect(neg.body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'last' });
    expect(gw.upstreamCalls()).toEqual({ FOURHSE: 0, SPRINGEST: 0, ENSINIO: 0, FALKOR: 0 });
  });
});

describe.each([
  ['sorting nulls first ascending (MySQL)', { nulls: 'smallest' as const, paginationHeaders: true }],
  ['without pagination headers', { nulls: 'largest' as const, paginationHeaders: false }],
])('4HSE %s, with more than 500 certificates and a page of ties: both ways still mirror', (_name, quirks) => {
  let quirky: TestGateway;
  beforeAll(async () => {
    quirky = await startTestGateway();
    quirky.sandbox.fourhse.nulls = quirks.nulls;
    quirky.sandbox.fourhse.paginationHeaders = quirks.paginationHeaders;
    const template = quirky.sandbox.fourhse.certificates[0];
    // 600 more: 250 never expiring, the rest on 12 days shared with each other (ties within 4HSE and with the other sources' dates).
    quirky.sandbox.fourhse.insertCertificates(
      Array.from({ length: 600 }, (_, i) => ({
        ...template,
        certificate_id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        date_expire: i < 250 ? null : `2027-0${1 + (i % 9)}-1${i % 4}`,
      })),
    );
  });
  afterAll(() => quirky?.stop());

  it.each(['ASC', 'DESC'] as const)('EXPIRES_ON %s, pages of 97', async (direction) => {
    const q = async (vars: Record<string, unknown>): Promise<Page> => {
      const res = await quirky.query(PAGE, { ...vars, orderBy: { field: 'EXPIRES_ON', direction } });
      expect(res.body.errors).toBeUndefined();
      return res.body.data.certificates as Page;
    };
    const there: Page[] = [];
    for (let after: string | null = null; there.length < 100; ) {
      const p = await q({ first: 97, after });
      there.push(p);
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
    }
    const back: Page[] = [];
    for (let before: string | null = null; back.length < 100; ) {
      const p = await q({ last: 97, before });
      back.push(p);
      if (!p.pageInfo.hasPreviousPage) break;
      before = p.pageInfo.startCursor;
    }
    const total = there[0].totalCount;
    expect(total).toBeGreaterThan(900);
    const forwardIds = idsOf(there);
    expect(forwardIds).toHaveLength(total);
    expect(new Set(forwardIds).size).toBe(total);
    expect(idsOf([...back].reverse())).toEqual(forwardIds);
    const cursors = (pages: Page[]) => new Map(pages.flatMap((p) => p.edges.map((e) => [e.node.id, e.cursor] as const)));
    expect(cursors(back)).toEqual(cursors(there));
  });
});
