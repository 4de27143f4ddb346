import { decodeCursor, encodeCursor, listAcrossSources, queryHash, type ListResult, type Offsets, type Paging } from '../../src/certificates/list';
import { compareValues, sortLocal, sortValue, type CertificateCriteria, type CertificateOrder } from '../../src/query';
import type { ListRequest, SourceLoaders } from '../../src/connectors/types';
import type { CertificateRecord, SourceName } from '../../src/domain';
import { GatewayError } from '../../src/errors';

/**
 * The merge of several sources' sorted streams into one global order, and its
 * cursors. Sources are plain objects serving windows of sorted in-memory
 * arrays. Cursors are only ever used as the code hands them out (a page's
 * edge, then `after`; encode, then decode), never by their text: the encoding
 * may change.
 */

function cert(source: SourceName, id: string, expiresOn: string | null, name: string | null = id): CertificateRecord {
  return {
    source, key: [id], sourceId: id, name, issuedOn: '2025-01-01', expiresOn, pending: false, revoked: false, url: null, note: null, actionType: null,
    validity: null, warning: null, grade: null, workloadHours: null, data: null,
    holder: { source, sourceId: `holder-${id}`, type: 'PERSON', name: null, email: null, photoUrl: null }, certification: null, story: null,
  };
}

/** A source serving its certificates sorted by the requested order (ties by sourceId), one window at a time; or failing. */
function fakeSource(items: CertificateRecord[], fail?: Error): SourceLoaders & { asked: ListRequest[] } {
  const asked: ListRequest[] = [];
  const loaders = {
    asked,
    async listCertificates(req: ListRequest) {
      asked.push(req);
      if (fail) throw fail;
      const sorted = sortLocal(items, req.order);
      return { items: sorted.slice(req.offset, req.offset + req.limit), total: sorted.length };
    },
  };
  return loaders as unknown as SourceLoaders & { asked: ListRequest[] };
}

const ASC: CertificateOrder = { field: 'EXPIRES_ON', direction: 'ASC' };
const DESC: CertificateOrder = { field: 'EXPIRES_ON', direction: 'DESC' };
const ids = (r: ListResult) => r.edges.map((e) => e.node.sourceId);

function list(sources: Partial<Record<SourceName, SourceLoaders>>, opts: Paging & { order?: CertificateOrder; criteria?: CertificateCriteria }) {
  const loaders = new Map(Object.entries(sources) as [SourceName, SourceLoaders][]);
  const { order, criteria, ...paging } = opts;
  return listAcrossSources({ loaders, sources: [...loaders.keys()], criteria: criteria ?? {}, order: order ?? ASC, ...paging });
}

/** Every page from the start, each continuing after the last edge of the one before. */
async function walk(sources: Partial<Record<SourceName, SourceLoaders>>, first: number, order: CertificateOrder = ASC): Promise<ListResult[]> {
  const pages: ListResult[] = [];
  let after: string | null = null;
  for (;;) {
    const page: ListResult = await list(sources, { first, after, order });
    pages.push(page);
    if (!page.hasNextPage) return pages;
    expect(page.edges).toHaveLength(first);
    after = page.edges[page.edges.length - 1].cursor;
    if (pages.length > 200) throw new Error('paging does not end');
  }
}

/** Every page from the end, each continuing before the first edge of the one after it; in the order read (last page first). */
async function walkBack(sources: Partial<Record<SourceName, SourceLoaders>>, last: number, order: CertificateOrder = ASC): Promise<ListResult[]> {
  const pages: ListResult[] = [];
  let before: string | null = null;
  for (;;) {
    const page: ListResult = await list(sources, { last, before, order });
    pages.push(page);
    if (!page.hasPreviousPage) return pages;
    expect(page.edges).toHaveLength(last);
    before = page.edges[0].cursor;
    if (pages.length > 200) throw new Error('paging does not end');
  }
}

/** Expected rejection: BAD_USER_INPUT naming `field` (after unless told). */
async function refusedAfter(p: Promise<unknown>, message: RegExp, field: 'after' | 'before' = 'after'): Promise<void> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(GatewayError);
  expect((err as GatewayError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  expect((err as GatewayError).message).toMatch(message);
}

// Three sources in SOURCES order, with ties across sources and within one, and certificates without an expiry date.
const fourhse = [cert('FOURHSE', 'a3', '2026-03-01'), cert('FOURHSE', 'a1', '2026-01-01'), cert('FOURHSE', 'a2', '2026-03-01')];
const springest = [cert('SPRINGEST', 'b2', '2026-03-01'), cert('SPRINGEST', 'b1', '2026-02-01'), cert('SPRINGEST', 'b3', null)];
const ensinio = [cert('ENSINIO', 'c1', '2026-03-01'), cert('ENSINIO', 'c2', null), cert('ENSINIO', 'c0', '2025-12-31')];
const three = () => ({ FOURHSE: fakeSource(fourhse), SPRINGEST: fakeSource(springest), ENSINIO: fakeSource(ensinio) });

describe('listAcrossSources: one global order', () => {
  it('merges the sources by the order; a tie goes to the source listed first, then the source\'s own order', async () => {
    const r = await list(three(), { first: 100 });
    expect(ids(r)).toEqual(['c0', 'a1', 'b1', 'a2', 'a3', 'b2', 'c1', 'b3', 'c2']);
    expect(r).toMatchObject({ totalCount: 9, hasNextPage: false, hasPreviousPage: false, failures: [] });
  });

  it('descending: the same tie rule, certificates without the value first', async () => {
    const r = await list(three(), { first: 100, order: DESC });
    expect(ids(r)).toEqual(['b3', 'c2', 'a2', 'a3', 'b2', 'c1', 'b1', 'a1', 'c0']);
  });

  it('orders by name too (case-insensitively), ties to the source listed first', async () => {
    const r = await list(
      {
        FOURHSE: fakeSource([cert('FOURHSE', 'x1', null, 'Forklift'), cert('FOURHSE', 'x2', null, 'Asbestos')]),
        FALKOR: fakeSource([cert('FALKOR', 'y1', null, 'Forklift'), cert('FALKOR', 'y2', null, 'first aid')]),
      },
      { first: 10, order: { field: 'NAME', direction: 'ASC' } },
    );
    expect(ids(r)).toEqual(['x2', 'y2', 'x1', 'y1']);
  });

  it('asks each source for at most `first`, from where its stream stopped', async () => {
    const sources = three();
    const page1 = await list(sources, { first: 4 });
    expect(ids(page1)).toEqual(['c0', 'a1', 'b1', 'a2']);
    for (const s of Object.values(sources)) expect(s.asked.map((q) => [q.offset, q.limit])).toEqual([[0, 4]]);
    const page2 = await list(sources, { first: 4, after: page1.edges[3].cursor });
    expect(ids(page2)).toEqual(['a3', 'b2', 'c1', 'b3']);
    // FOURHSE gave two (a1, a2), SPRINGEST one (b1), ENSINIO one (c0).
    expect([sources.FOURHSE, sources.SPRINGEST, sources.ENSINIO].map((s) => s.asked[1].offset)).toEqual([2, 1, 1]);
  });
});

/** Many ties: 3 sources × 17 certificates over 5 dates and no date, from a fixed seed. */
function tied(): Record<'FOURHSE' | 'ENSINIO' | 'FALKOR', CertificateRecord[]> {
  let x = 7;
  const next = () => (x = (x * 1_103_515_245 + 12_345) % 2 ** 31);
  const dates = ['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01', '2026-05-01', null];
  const make = (source: SourceName, p: string) => Array.from({ length: 17 }, (_, i) => cert(source, `${p}${String(i).padStart(2, '0')}`, dates[next() % dates.length]));
  return { FOURHSE: make('FOURHSE', 'h'), ENSINIO: make('ENSINIO', 'e'), FALKOR: make('FALKOR', 'f') };
}
/** The global order, independently: a stable sort of the sources' sorted streams, concatenated in the order listed. */
const expected = (data: Record<string, CertificateRecord[]>, order: CertificateOrder) =>
  Object.values(data)
    .flatMap((items) => sortLocal(items, order))
    .map((c, i) => ({ c, i }))
    .sort((x, y) => compareValues(sortValue(x.c, order.field), sortValue(y.c, order.field), order.direction) || x.i - y.i)
    .map(({ c }) => c.sourceId);

describe('listAcrossSources: paging with after', () => {
  it.each([1, 2, 5, 7, 50, 51, 60])('first %i: every certificate exactly once, in the global order', async (first) => {
    const data = tied();
    for (const order of [ASC, DESC]) {
      const pages = await walk({ FOURHSE: fakeSource(data.FOURHSE), ENSINIO: fakeSource(data.ENSINIO), FALKOR: fakeSource(data.FALKOR) }, first, order);
      const seen = pages.flatMap(ids);
      expect(seen).toEqual(expected(data, order));
      expect(new Set(seen).size).toBe(51);
      expect(pages).toHaveLength(Math.max(1, Math.ceil(51 / first)));
      expect(pages.map((p) => p.totalCount)).toEqual(pages.map(() => 51));
      expect(pages.map((p) => p.hasPreviousPage)).toEqual(pages.map((_, i) => i > 0));
      expect(pages.map((p) => p.hasNextPage)).toEqual(pages.map((_, i) => i < pages.length - 1));
    }
  });

  it('continues after any edge of a page, not only the last', async () => {
    const sources = three();
    const all = ids(await list(sources, { first: 100 }));
    const page = await list(sources, { first: 6 });
    for (let i = 0; i < page.edges.length; i++) {
      const rest = await list(sources, { first: 100, after: page.edges[i].cursor });
      expect(ids(rest)).toEqual(all.slice(i + 1));
      expect(rest.hasPreviousPage).toBe(true);
      expect(rest.hasNextPage).toBe(false);
    }
  });

  it('hasNextPage is false when a page ends exactly at the last certificate; an empty list has no pages either way', async () => {
    const exact = await list(three(), { first: 9 });
    expect(exact.edges).toHaveLength(9);
    expect(exact.hasNextPage).toBe(false);
    const after = await list(three(), { first: 5, after: exact.edges[8].cursor });
    expect(after).toMatchObject({ edges: [], totalCount: 9, hasNextPage: false, hasPreviousPage: true });
    const empty = await list({ FOURHSE: fakeSource([]), SPRINGEST: fakeSource([]) }, { first: 5 });
    expect(empty).toMatchObject({ edges: [], totalCount: 0, hasNextPage: false, hasPreviousPage: false, failures: [] });
  });
});

describe('listAcrossSources: paging backward with last and before', () => {
  const sourcesOf = (data: ReturnType<typeof tied>) => ({ FOURHSE: fakeSource(data.FOURHSE), ENSINIO: fakeSource(data.ENSINIO), FALKOR: fakeSource(data.FALKOR) });

  it.each([1, 2, 5, 7, 50, 51, 60])('last %i from the end: every certificate exactly once, in the mirror of the global order, with the forward cursors', async (last) => {
    const data = tied();
    for (const order of [ASC, DESC]) {
      const pages = await walkBack(sourcesOf(data), last, order);
      // Read last page first; within a page the edges keep the list order.
      const seen = [...pages].reverse().flatMap(ids);
      expect(seen).toEqual(expected(data, order));
      expect(new Set(seen).size).toBe(51);
      expect(pages).toHaveLength(Math.max(1, Math.ceil(51 / last)));
      expect(pages.map((p) => p.totalCount)).toEqual(pages.map(() => 51));
      expect(pages.map((p) => p.hasNextPage)).toEqual(pages.map((_, i) => i > 0));
      expect(pages.map((p) => p.hasPreviousPage)).toEqual(pages.map((_, i) => i < pages.length - 1));
      // The same edge has the same cursor whichever way its page was read.
      const forward = await list(sourcesOf(data), { first: 100, order });
      const back = new Map([...pages].reverse().flatMap((p) => p.edges.map((e) => [e.node.sourceId, e.cursor] as const)));
      expect(forward.edges.map((e) => back.get(e.node.sourceId))).toEqual(forward.edges.map((e) => e.cursor));
    }
  });

  it('forward to the end then back to the start: the same certificates, each once each way, in mirror order', async () => {
    const data = tied();
    const sources = sourcesOf(data);
    const forward = await walk(sources, 7);
    const there = forward.flatMap(ids);
    let before = forward[forward.length - 1].edges.at(-1)!.cursor;
    // The last edge of the last page is the first certificate read back: start from the edge after it, i.e. read it with last: 1 first.
    const lastOne = await list(sources, { last: 1 });
    expect(ids(lastOne)).toEqual([there.at(-1)]);
    expect(lastOne.edges[0].cursor).toBe(before);
    const back: string[] = [...ids(lastOne)];
    for (let guard = 0; guard < 100; guard++) {
      const page: ListResult = await list(sources, { last: 5, before });
      back.unshift(...ids(page));
      if (!page.hasPreviousPage) break;
      before = page.edges[0].cursor;
    }
    expect(back).toEqual(there);
  });

  it('ends before any edge of a page, the edge itself excluded', async () => {
    const sources = three();
    const all = ids(await list(sources, { first: 100 }));
    const page = await list(sources, { first: 9 });
    for (let i = 0; i < page.edges.length; i++) {
      const upTo = await list(sources, { last: 100, before: page.edges[i].cursor });
      expect(ids(upTo)).toEqual(all.slice(0, i));
      expect(upTo.hasPreviousPage).toBe(false);
      expect(upTo.hasNextPage).toBe(true);
      const two = await list(sources, { last: 2, before: page.edges[i].cursor });
      expect(ids(two)).toEqual(all.slice(Math.max(0, i - 2), i));
      expect(two.hasPreviousPage).toBe(i > 2);
    }
  });

  it('last without before reads each source\'s count, then only its tail', async () => {
    const sources = three();
    const r = await list(sources, { last: 2 });
    expect(ids(r)).toEqual(['b3', 'c2']);
    expect(r).toMatchObject({ totalCount: 9, hasNextPage: false, hasPreviousPage: true });
    for (const s of Object.values(sources)) expect(s.asked.map((q) => [q.offset, q.limit])).toEqual([[0, 0], [1, 2]]);
  });

  it('last 0 and an empty list: no edges, and the page says exactly what lies around it', async () => {
    const none = await list(three(), { last: 0 });
    expect(none).toMatchObject({ edges: [], totalCount: 9, hasNextPage: false, hasPreviousPage: true });
    const empty = await list({ FOURHSE: fakeSource([]), SPRINGEST: fakeSource([]) }, { last: 5 });
    expect(empty).toMatchObject({ edges: [], totalCount: 0, hasNextPage: false, hasPreviousPage: false, failures: [] });
  });

  it('a source that shrank below the cursor is read again at its new end: the page is not emptied by a deletion', async () => {
    const full = [cert('FOURHSE', 'a1', '2026-01-01'), cert('FOURHSE', 'a2', '2026-02-01'), cert('FOURHSE', 'a3', '2026-03-01'), cert('FOURHSE', 'a4', '2026-04-01'), cert('FOURHSE', 'a5', '2026-05-01')];
    const cursor = (await list({ FOURHSE: fakeSource(full) }, { first: 5 })).edges[4].cursor;
    const shrunk = fakeSource(full.slice(0, 2));
    const r = await list({ FOURHSE: shrunk }, { last: 2, before: cursor });
    expect(ids(r)).toEqual(['a1', 'a2']);
    expect(r).toMatchObject({ hasPreviousPage: false, hasNextPage: false, totalCount: 2 });
    expect(shrunk.asked.map((q) => [q.offset, q.limit])).toEqual([[2, 2], [0, 2]]);
  });

  it('a failing source is reported while the others page backward', async () => {
    const down = new Error('SPRINGEST is down');
    const r = await list({ FOURHSE: fakeSource(fourhse), SPRINGEST: fakeSource(springest, down), ENSINIO: fakeSource(ensinio) }, { last: 3 });
    expect(r.failures).toEqual([{ source: 'SPRINGEST', error: down }]);
    expect(ids(r)).toEqual(['a3', 'c1', 'c2']);
    expect(r).toMatchObject({ totalCount: 6, hasNextPage: false, hasPreviousPage: true });
  });

  it('a source that fails on the page read from the end is picked up by the pages before it, once it answers', async () => {
    let down = true;
    const flaky = fakeSource(springest);
    const springestLoaders = {
      ...flaky,
      listCertificates: (req: ListRequest) => (down ? Promise.reject(new Error('SPRINGEST is down')) : flaky.listCertificates(req)),
    } as SourceLoaders;
    const sources = { FOURHSE: fakeSource(fourhse), SPRINGEST: springestLoaders, ENSINIO: fakeSource(ensinio) };
    const end = await list(sources, { last: 2 });
    expect(ids(end)).toEqual(['c1', 'c2']);
    expect(end.failures.map((f) => f.source)).toEqual(['SPRINGEST']);
    down = false;
    const rest = await list(sources, { last: 100, before: end.edges[0].cursor });
    // Every certificate once: Springest's all before the page they were missing from (its b3 out of the global order, as a failed source's are forward).
    expect([...ids(rest), ...ids(end)].sort()).toEqual(['a1', 'a2', 'a3', 'b1', 'b2', 'b3', 'c0', 'c1', 'c2']);
    expect(ids(rest)).toEqual(['c0', 'a1', 'b1', 'a2', 'a3', 'b2', 'b3']);
    expect(rest.hasPreviousPage).toBe(false);
  });

  it('before: garbage, a cursor of another query, a cursor that names no edge: BAD_USER_INPUT naming before, no source asked', async () => {
    const sources = three();
    const json = (v: unknown) => Buffer.from(JSON.stringify(v), 'utf8').toString('base64url');
    const cursor = (await list(three(), { first: 2, criteria: { status: ['VALID'] } })).edges[1].cursor;
    const hash = queryHash({}, ASC);
    for (const before of ['x', '!!!', 'a'.repeat(600), json({}), json({ h: hash, o: { FOURHSE: 1 }, s: 'SPRINGEST' }), json({ h: hash, o: { FOURHSE: 1 }, s: 7 })]) {
      await refusedAfter(list(sources, { last: 2, before }), /not a cursor/, 'before');
    }
    await refusedAfter(list(sources, { last: 2, before: cursor }), /another query/, 'before');
    await refusedAfter(list(sources, { last: 2, before: encodeCursor(hash, { FOURHSE: 1 }) }), /not the cursor of an edge/, 'before');
    expect(Object.values(sources).every((s) => s.asked.length === 0)).toBe(true);
  });
});

describe('listAcrossSources: hasPreviousPage and hasNextPage are exact', () => {
  it('paging forward, hasPreviousPage counts what is still there before the cursor', async () => {
    const a = [cert('FOURHSE', 'a1', '2026-01-01'), cert('FOURHSE', 'a2', '2026-02-01')];
    const b = [cert('ENSINIO', 'b1', '2026-03-01'), cert('ENSINIO', 'b2', '2026-04-01')];
    const cursor = (await list({ FOURHSE: fakeSource(a), ENSINIO: fakeSource(b) }, { first: 2 })).edges[1].cursor; // after a1, a2
    const same = await list({ FOURHSE: fakeSource(a), ENSINIO: fakeSource(b) }, { first: 5, after: cursor });
    expect(same).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    // 4HSE's certificates were deleted since: nothing lies before the page any more, and Ensinio's are all still ahead.
    const gone = await list({ FOURHSE: fakeSource([]), ENSINIO: fakeSource(b) }, { first: 1, after: cursor });
    expect(ids(gone)).toEqual(['b1']);
    expect(gone).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
  });
});

describe('listAcrossSources: a failing source', () => {
  it('is reported in failures while the others answer, in order', async () => {
    const down = new Error('SPRINGEST is down');
    const r = await list({ FOURHSE: fakeSource(fourhse), SPRINGEST: fakeSource(springest, down), ENSINIO: fakeSource(ensinio) }, { first: 100 });
    expect(r.failures).toEqual([{ source: 'SPRINGEST', error: down }]);
    expect(ids(r)).toEqual(['c0', 'a1', 'a2', 'a3', 'c1', 'c2']);
    expect(r.totalCount).toBe(6);
    expect(r.hasNextPage).toBe(false);
  });

  it('does not disturb paging through the others', async () => {
    const down = new Error('SPRINGEST is down');
    const sources = { FOURHSE: fakeSource(fourhse), SPRINGEST: fakeSource(springest, down), ENSINIO: fakeSource(ensinio) };
    const pages = await walk(sources, 2);
    expect(pages.flatMap(ids)).toEqual(['c0', 'a1', 'a2', 'a3', 'c1', 'c2']);
    expect(pages.every((p) => p.failures.length === 1 && p.failures[0].source === 'SPRINGEST')).toBe(true);
  });

  it('all of them failing is an empty page with every failure', async () => {
    const r = await list({ FOURHSE: fakeSource(fourhse, new Error('a')), FALKOR: fakeSource([], new Error('b')) }, { first: 5 });
    expect(r).toMatchObject({ edges: [], totalCount: 0, hasNextPage: false });
    expect(r.failures.map((f) => f.source).sort()).toEqual(['FALKOR', 'FOURHSE']);
  });
});

describe('cursors', () => {
  it('a cursor of another filter or order is refused (BAD_USER_INPUT naming after), the same query continues', async () => {
    const criteria: CertificateCriteria = { status: ['VALID'] };
    const page = await list(three(), { first: 2, criteria });
    const cursor = page.edges[1].cursor;
    await expect(list(three(), { first: 2, criteria: { status: ['VALID'] }, after: cursor })).resolves.toMatchObject({ hasPreviousPage: true });
    const other = /another query/;
    await refusedAfter(list(three(), { first: 2, after: cursor }), other);
    await refusedAfter(list(three(), { first: 2, criteria: { status: ['EXPIRED'] }, after: cursor }), other);
    await refusedAfter(list(three(), { first: 2, criteria, order: DESC, after: cursor }), other);
    await refusedAfter(list(three(), { first: 2, criteria, order: { field: 'NAME', direction: 'ASC' }, after: cursor }), other);
  });

  it('garbage is refused (BAD_USER_INPUT naming after) before any source is asked', async () => {
    const sources = three();
    const json = (v: unknown) => Buffer.from(JSON.stringify(v), 'utf8').toString('base64url');
    for (const after of ['x', 'not a cursor', '!!!', 'a'.repeat(600), Buffer.from('hello').toString('base64url'), json({}), json([1, 2, 3])]) {
      await refusedAfter(list(sources, { first: 2, after }), /not a cursor/);
    }
    expect(Object.values(sources).every((s) => s.asked.length === 0)).toBe(true);
  });

  it('encodeCursor then decodeCursor gives the offsets back, for its own query only', () => {
    const hash = queryHash({ holderEmail: 'a@b.example' }, ASC);
    const offsets: Offsets = { FOURHSE: 3, SPRINGEST: 0, ENSINIO: 120, FALKOR: 7 };
    expect(decodeCursor(encodeCursor(hash, offsets), hash)).toEqual({ offsets: { FOURHSE: 3, ENSINIO: 120, FALKOR: 7 } }); // zeros are left out
    expect(decodeCursor(encodeCursor(hash, offsets, 'FALKOR'), hash, 'before')).toEqual({ offsets: { FOURHSE: 3, ENSINIO: 120, FALKOR: 7 }, source: 'FALKOR' });
    expect(() => decodeCursor(encodeCursor(hash, offsets), queryHash({ holderEmail: 'c@d.example' }, ASC))).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'after' }) }),
    );
  });

  it('queryHash: the same filter and order whatever the key order; any difference in filter or order changes it', () => {
    const base = queryHash({ holderEmail: 'a@b.example', status: ['VALID'] }, ASC);
    expect(queryHash({ status: ['VALID'], holderEmail: 'a@b.example' }, { direction: 'ASC', field: 'EXPIRES_ON' })).toBe(base);
    const different = [
      queryHash({ holderEmail: 'a@b.example', status: ['EXPIRED'] }, ASC),
      queryHash({ holderEmail: 'x@b.example', status: ['VALID'] }, ASC),
      queryHash({ holderEmail: 'a@b.example' }, ASC),
      queryHash({ holderEmail: 'a@b.example', status: ['VALID'] }, DESC),
      queryHash({ holderEmail: 'a@b.example', status: ['VALID'] }, { field: 'ISSUED_ON', direction: 'ASC' }),
    ];
    expect(new Set([base, ...different]).size).toBe(different.length + 1);
  });
});
