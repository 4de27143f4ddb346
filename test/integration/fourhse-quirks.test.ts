/**
 * The global order and its cursors against 4HSE servers that behave like the
 * real vendor: nulls sorted smallest (MySQL), no pagination headers, names in
 * a collation other than the gateway's. Real HTTP both ways; the expected
 * order is the union of every certificate (4HSE's straight from its
 * simulator) sorted by the gateway's comparator, checked on the sort values.
 */
import type { OrderDirection, OrderField } from '../../src/query';
import { compareValues } from '../../src/query';
import type { EnsinioCertificate, FourHseCertificate, FourHseNullPlacement } from '../../src/sandbox';
import { startTestGateway, type TestGateway } from '../helpers/gateway';

const PAGE = `query Page($first: Int!, $after: String, $orderBy: CertificateOrder, $filter: CertificateFilter) {
  certificates(first: $first, after: $after, orderBy: $orderBy, filter: $filter) {
    totalCount
    edges { node { source sourceId name issuedOn expiresOn } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface Row {
  source: string;
  sourceId: string;
  name: string | null;
  issuedOn: string | null;
  expiresOn: string | null;
}
const KEY = { EXPIRES_ON: 'expiresOn', ISSUED_ON: 'issuedOn', NAME: 'name' } as const;
const ORDERS: [OrderField, OrderDirection][] = [
  ['EXPIRES_ON', 'ASC'],
  ['EXPIRES_ON', 'DESC'],
  ['ISSUED_ON', 'ASC'],
  ['ISSUED_ON', 'DESC'],
  ['NAME', 'ASC'],
  ['NAME', 'DESC'],
];
const id = (r: Row) => `${r.source}:${r.sourceId}`;

/** Spellings a byte-wise or MySQL collation would place differently from the gateway's. */
const FOURHSE_NAMES = [
  'Élan Vital Safety', 'elan vital safety', 'ELAN VITAL SAFETY', 'Elan Vital Safety', 'Ezra Ladder Check', 'Zeta Forklift Licence',
  'Ångström Lab Access', 'angstrom lab access', 'Øresund Bridge Permit', 'Straße Works', 'Strasse Works', 'émile first aid', 'Émile First Aid',
];
const ENSINIO_NAMES = ['élan vital safety', 'Elan Vital Safety', 'ÉLAN', 'ezra', 'zeta forklift licence', 'Øresund', 'straße works', 'Angstrom Lab Access'];
/** The order the gateway's collation gives these (accent- and case-insensitive, then code units). */
const ELAN_TO_EZRA = ['ELAN VITAL SAFETY', 'Elan Vital Safety', 'elan vital safety', 'Élan Vital Safety', 'Ezra Ladder Check'];

let uuidSeq = 0;
const uuid = () => `00000000-0000-4000-9000-${String(++uuidSeq).padStart(12, '0')}`;
const day = (n: number) => new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * Accented and mixed-case names, null names and dates into 4HSE (plus
 * `bulk` generated rows, `bulkNulls` of them never expiring), and accented
 * names into Ensinio (its live data, as the seed objects are).
 */
function seedQuirks(gw: TestGateway, bulk = 0, bulkNulls = 0): void {
  const template = gw.sandbox.fourhse.certificates[0];
  const rows: FourHseCertificate[] = FOURHSE_NAMES.map((name, i) => ({
    ...template, certificate_id: uuid(), name, date_release: day(100 + 37 * i), date_expire: i % 3 === 0 ? null : day(2000 + 53 * i),
  }));
  rows.push({ ...template, certificate_id: uuid(), name: null as unknown as string, date_release: day(5), date_expire: day(2500) });
  rows.push({ ...template, certificate_id: uuid(), name: 'Legacy Import', date_release: null as unknown as string, date_expire: null });
  rows.push({ ...template, certificate_id: uuid(), name: 'legacy import', date_release: null as unknown as string, date_expire: day(1999) });
  for (let i = 0; i < bulk; i++) {
    rows.push({
      ...template,
      certificate_id: uuid(),
      name: `${FOURHSE_NAMES[i % FOURHSE_NAMES.length]} ${i % 7}`,
      date_release: day(i % 400),
      date_expire: i < bulkNulls ? null : day(1500 + (i % 90)),
    });
  }
  gw.sandbox.fourhse.insertCertificates(rows);
  const ensinio = gw.sandbox.ensinio.certificates as EnsinioCertificate[];
  ENSINIO_NAMES.forEach((name, i) => {
    ensinio[i * 3].alternative_name = name;
  });
}

async function walk(gw: TestGateway, vars: Record<string, unknown>, size: number): Promise<{ items: Row[]; totals: number[] }> {
  const items: Row[] = [];
  const totals: number[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 200; guard++) {
    const res: { body: any } = await gw.query(PAGE, { ...vars, first: size, after });
    expect(res.body.errors).toBeUndefined();
    const c = res.body.data.certificates;
    totals.push(c.totalCount);
    items.push(...c.edges.map((e: { node: Row }) => e.node));
    if (!c.pageInfo.hasNextPage) return { items, totals };
    expect(c.edges).toHaveLength(size);
    after = c.pageInfo.endCursor;
  }
  throw new Error('paging did not end');
}

/** Every certificate: 4HSE's from its simulator, the other sources' through the gateway (their order is the gateway's own). */
async function union(gw: TestGateway): Promise<Row[]> {
  const fourhse = gw.sandbox.fourhse.certificates.map((c) => ({ source: 'FOURHSE', sourceId: c.certificate_id, name: c.name ?? null, issuedOn: c.date_release ?? null, expiresOn: c.date_expire ?? null }));
  const others = await walk(gw, { filter: { sources: ['SPRINGEST', 'ENSINIO', 'FALKOR'] } }, 500);
  return [...fourhse, ...others.items];
}

/** One correct global order: every certificate once, sort values in the gateway's order, the right total. */
function expectGlobalOrder(got: { items: Row[]; totals: number[] }, expected: Row[], field: OrderField, direction: OrderDirection): void {
  const key = KEY[field];
  expect(new Set(got.totals)).toEqual(new Set([expected.length]));
  expect(got.items).toHaveLength(expected.length);
  expect(new Set(got.items.map(id)).size).toBe(expected.length);
  expect([...got.items.map(id)].sort()).toEqual([...expected.map(id)].sort());
  const want = expected.map((r) => r[key]).sort((a, b) => compareValues(a, b, direction));
  expect(got.items.map((r) => r[key])).toEqual(want);
}

describe.each(['smallest', 'largest'] as FourHseNullPlacement[])('4HSE sorting nulls %s: more than 500 certificates, more than a page of nulls', (nulls) => {
  let gw: TestGateway;
  let expected: Row[];

  beforeAll(async () => {
    gw = await startTestGateway();
    gw.sandbox.fourhse.nulls = nulls;
    seedQuirks(gw, 700, 600);
    expected = await union(gw);
    expect(gw.sandbox.fourhse.certificates.length).toBeGreaterThan(500);
    expect(gw.sandbox.fourhse.certificates.filter((c) => c.date_expire === null).length).toBeGreaterThan(500);
  });
  afterAll(() => gw?.stop());

  it.each(ORDERS)('%s %s: first 500 and its pages (37 at a time, with after) give one global order, no gap, no duplicate', async (field, direction) => {
    const by37 = await walk(gw, { orderBy: { field, direction } }, 37);
    expectGlobalOrder(by37, expected, field, direction);
    const by500 = await walk(gw, { orderBy: { field, direction } }, 500);
    expectGlobalOrder(by500, expected, field, direction);
    // The same stream whatever the page size: cursors resume exactly.
    expect(by500.items.map(id)).toEqual(by37.items.map(id));
  });

  it('orders accented and mixed-case names of 4HSE and Ensinio in one collation', async () => {
    const { items } = await walk(gw, { orderBy: { field: 'NAME', direction: 'ASC' } }, 500);
    const names = items.map((r) => r.name);
    const fourhse = items.filter((r) => r.source === 'FOURHSE' && ELAN_TO_EZRA.includes(r.name!)).map((r) => r.name);
    expect(fourhse).toEqual(ELAN_TO_EZRA);
    // Élan sorts with Elan, before Ezra, not after Zeta; whichever source it comes from.
    const ensinioElan = items.findIndex((r) => r.source === 'ENSINIO' && r.name === 'élan vital safety');
    expect(ensinioElan).toBeGreaterThan(names.indexOf('ELAN VITAL SAFETY'));
    expect(ensinioElan).toBeLessThan(names.indexOf('Ezra Ladder Check'));
    expect(names.indexOf('Élan Vital Safety')).toBeLessThan(names.indexOf('Zeta Forklift Licence'));
    expect(names.indexOf('Øresund Bridge Permit')).toBeLessThan(names.indexOf('Straße Works'));
    expect(names.at(-1)).toBeNull();
  });
});

describe('4HSE sorting nulls smallest, sandbox-size data (one page of 500 holds everything)', () => {
  let gw: TestGateway;
  let expected: Row[];

  beforeAll(async () => {
    gw = await startTestGateway();
    gw.sandbox.fourhse.nulls = 'smallest';
    seedQuirks(gw);
    expected = await union(gw);
  });
  afterAll(() => gw?.stop());

  it.each(ORDERS)('%s %s: one global order, no gap, no duplicate', async (field, direction) => {
    const by37 = await walk(gw, { orderBy: { field, direction } }, 37);
    expectGlobalOrder(by37, expected, field, direction);
    // first: 500 reads 4HSE's whole list at once (arranged as a whole); pages of 37 rotate windows: the same stream.
    const by500 = await walk(gw, { orderBy: { field, direction } }, 500);
    expect(by500.items.map(id)).toEqual(by37.items.map(id));
  });

  it('EXPIRES_ON ASC no longer puts a null between dated certificates', async () => {
    const res = await gw.query(PAGE, { first: 500, orderBy: { field: 'EXPIRES_ON', direction: 'ASC' } });
    const expires = res.body.data.certificates.edges.map((e: { node: Row }) => e.node.expiresOn);
    const firstNull = expires.indexOf(null);
    expect(firstNull).toBeGreaterThan(0);
    expect(expires.slice(firstNull).every((e: string | null) => e === null)).toBe(true);
  });
});

describe('what a first page costs upstream', () => {
  let gw: TestGateway;
  const costs = async (direction: OrderDirection): Promise<{ first: number; deep: number }> => {
    const vars = { filter: { sources: ['FOURHSE'] }, orderBy: { field: 'EXPIRES_ON', direction } };
    const all = await gw.query(PAGE, { ...vars, first: 120 });
    const cursor = all.body.data.certificates.pageInfo.endCursor;
    gw.resetUpstreamCalls();
    const first = await gw.query(PAGE, { ...vars, first: 20 });
    expect(first.body.errors).toBeUndefined();
    const firstCalls = gw.upstreamCalls().FOURHSE;
    gw.resetUpstreamCalls();
    const deep = await gw.query(PAGE, { ...vars, first: 20, after: cursor });
    expect(deep.body.data.certificates.edges).toHaveLength(20);
    return { first: firstCalls, deep: gw.upstreamCalls().FOURHSE };
  };

  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(() => gw?.stop());

  it('nulls largest (the sandbox default): one request, first page or deep, either direction', async () => {
    const learn = await gw.query(PAGE, { first: 500, filter: { sources: ['FOURHSE'] } });
    expect(learn.body.errors).toBeUndefined();
    expect(await costs('ASC')).toEqual({ first: 1, deep: 1 });
    expect(await costs('DESC')).toEqual({ first: 1, deep: 1 });
  });

  it('nulls smallest (MySQL), list within 500: one request ascending, two descending', async () => {
    const smallest = await startTestGateway();
    try {
      smallest.sandbox.fourhse.nulls = 'smallest';
      const learn = await smallest.query(PAGE, { first: 500, filter: { sources: ['FOURHSE'] } });
      expect(learn.body.errors).toBeUndefined();
      const saved = gw;
      gw = smallest;
      try {
        // Ascending: the head page (per-page 500) holds the nulls' count and the window.
        expect(await costs('ASC')).toEqual({ first: 1, deep: 1 });
        // Descending: the head page and the values (sort=-date_expire), read in parallel.
        expect(await costs('DESC')).toEqual({ first: 2, deep: 2 });
      } finally {
        gw = saved;
      }
    } finally {
      await smallest.stop();
    }
  });

  it('without pagination headers, a list within 500: one request', async () => {
    gw.sandbox.fourhse.paginationHeaders = false;
    try {
      expect(await costs('ASC')).toEqual({ first: 1, deep: 1 });
      expect(await costs('DESC')).toEqual({ first: 1, deep: 1 });
    } finally {
      gw.sandbox.fourhse.paginationHeaders = true;
    }
  });
});

describe('4HSE without pagination headers', () => {
  let gw: TestGateway;
  let expected: Row[];

  beforeAll(async () => {
    gw = await startTestGateway();
    gw.sandbox.fourhse.nulls = 'smallest';
    gw.sandbox.fourhse.paginationHeaders = false;
    // Exactly 1000: the last page is full, and Yii answers page 3 with page 2 again.
    const base = gw.sandbox.fourhse.certificates.length + FOURHSE_NAMES.length + 3;
    seedQuirks(gw, 1000 - base, 300);
    expect(gw.sandbox.fourhse.certificates).toHaveLength(1000);
    expected = await union(gw);
  });
  afterAll(() => gw?.stop());

  it.each(ORDERS)('%s %s: right totalCount and pages', async (field, direction) => {
    const by37 = await walk(gw, { orderBy: { field, direction } }, 37);
    expectGlobalOrder(by37, expected, field, direction);
    const by500 = await walk(gw, { orderBy: { field, direction } }, 500);
    expect(by500.items.map(id)).toEqual(by37.items.map(id));
  });

  it('gives the right count alone, for a filter 4HSE applies and for one it does not', async () => {
    const only = await gw.query(PAGE, { first: 0, filter: { sources: ['FOURHSE'] } });
    expect(only.body.data.certificates.totalCount).toBe(1000);
    const training = gw.sandbox.fourhse.certificates.filter((c) => c.action_type === 'TRAINING').length;
    const pushed = await gw.query(PAGE, { first: 5, filter: { sources: ['FOURHSE'], actionType: 'TRAINING' } });
    expect(pushed.body.data.certificates.totalCount).toBe(training);
    const never = gw.sandbox.fourhse.certificates.filter((c) => c.date_expire === null || c.date_expire > '2027-01-01').length;
    const local = await gw.query(PAGE, { first: 5, filter: { sources: ['FOURHSE'], expiresAfter: '2027-01-01' } });
    expect(local.body.data.certificates.totalCount).toBe(never);
  });

  it('reads pages until the end, no further, and says once that the headers are missing', async () => {
    gw.resetUpstreamCalls();
    const res = await gw.query(PAGE, { first: 10, filter: { sources: ['FOURHSE'] } });
    expect(res.body.data.certificates.totalCount).toBe(1000);
    // Page 1, page 2, then pages 3 and 4 together (batches of 1, 2 after page 1); page 3 repeats page 2: the end.
    expect(gw.upstreamCalls().FOURHSE).toBe(4);
    expect(gw.logs.filter((l) => l.includes('X-Pagination'))).toHaveLength(1);
    expect(JSON.parse(gw.logs.find((l) => l.includes('X-Pagination'))!)).toMatchObject({ level: 'warn' });
  });
});
