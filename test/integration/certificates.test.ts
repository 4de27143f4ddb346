import { compareValues } from '../../src/query';
import { startTestGateway, type TestGateway } from '../helpers/gateway';

const FIELDS = `id source sourceId name status issuedOn expiresOn actionType
  holder { id source sourceId name email type } certification { id source name } story { id name type }`;

const PAGE = `query Page($first: Int!, $after: String, $orderBy: CertificateOrder, $filter: CertificateFilter) {
  certificates(first: $first, after: $after, orderBy: $orderBy, filter: $filter) {
    totalCount
    edges { cursor node { ${FIELDS} } }
    pageInfo { hasNextPage hasPreviousPage endCursor }
  }
}`;

type Cert = {
  id: string; source: string; sourceId: string; name: string | null; status: string; issuedOn: string | null; expiresOn: string | null; actionType: string | null;
  holder: { id: string; source: string; sourceId: string; name: string | null; email: string | null; type: string | null };
  certification: { id: string; source: string; name: string | null } | null;
  story: { id: string; name: string | null; type: string | null } | null;
};

let gw: TestGateway;
let all: Cert[];

beforeAll(async () => {
  gw = await startTestGateway();
  const res = await gw.query(PAGE, { first: 500 });
  expect(res.body.errors).toBeUndefined();
  all = res.body.data.certificates.edges.map((e: { node: Cert }) => e.node);
});
afterAll(() => gw?.stop());

async function pageThrough(vars: Record<string, unknown>, size: number): Promise<{ items: Cert[]; totals: number[] }> {
  const items: Cert[] = [];
  const totals: number[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const res: { body: any } = await gw.query(PAGE, { ...vars, first: size, after });
    expect(res.body.errors).toBeUndefined();
    const c: any = res.body.data.certificates;
    totals.push(c.totalCount);
    items.push(...c.edges.map((e: { node: Cert }) => e.node));
    expect(c.pageInfo.hasPreviousPage).toBe(after !== null);
    if (!c.pageInfo.hasNextPage) return { items, totals };
    expect(c.edges.length).toBe(size);
    after = c.pageInfo.endCursor;
  }
  throw new Error('paging did not end');
}

describe('certificates across sources', () => {
  it('returns all four sources in one list', () => {
    const bySource = new Set(all.map((c) => c.source));
    expect([...bySource].sort()).toEqual(['ENSINIO', 'FALKOR', 'FOURHSE', 'SPRINGEST']);
    expect(all.length).toBeGreaterThan(300);
  });

  it('counts exactly the sum of the per-source counts', async () => {
    let sum = 0;
    for (const s of ['FOURHSE', 'SPRINGEST', 'ENSINIO', 'FALKOR']) {
      const res = await gw.query(PAGE, { first: 0, filter: { sources: [s] } });
      sum += res.body.data.certificates.totalCount;
    }
    expect(sum).toBe(all.length);
  });

  it.each([
    ['EXPIRES_ON', 'ASC', 'expiresOn'],
    ['EXPIRES_ON', 'DESC', 'expiresOn'],
    ['ISSUED_ON', 'ASC', 'issuedOn'],
    ['ISSUED_ON', 'DESC', 'issuedOn'],
    ['NAME', 'ASC', 'name'],
    ['NAME', 'DESC', 'name'],
  ] as const)('pages by %s %s in one global order with no gap or duplicate', async (field, direction, key) => {
    const { items, totals } = await pageThrough({ orderBy: { field, direction } }, 37);
    expect(new Set(totals)).toEqual(new Set([all.length]));
    expect(items).toHaveLength(all.length);
    expect(new Set(items.map((c) => c.id)).size).toBe(all.length);
    for (let i = 1; i < items.length; i++) {
      expect(compareValues(items[i - 1][key], items[i][key], direction)).toBeLessThanOrEqual(0);
    }
    // Pages of another size resume the same sequence.
    const other = await pageThrough({ orderBy: { field, direction } }, 100);
    expect(other.items.map((c) => c.id)).toEqual(items.map((c) => c.id));
  });

  it('orders never-expiring certificates last ascending, first descending', async () => {
    expect(all.some((c) => c.expiresOn === null)).toBe(true);
    const firstNull = all.findIndex((c) => c.expiresOn === null);
    expect(all.slice(firstNull).every((c) => c.expiresOn === null)).toBe(true);
    const desc = await gw.query(PAGE, { first: 1, orderBy: { field: 'EXPIRES_ON', direction: 'DESC' } });
    expect(desc.body.data.certificates.edges[0].node.expiresOn).toBeNull();
  });

  it('resumes exactly from any edge cursor, not only endCursor', async () => {
    const res = await gw.query(PAGE, { first: 50 });
    const edges = res.body.data.certificates.edges;
    const next = await gw.query(PAGE, { first: 10, after: edges[22].cursor });
    expect(next.body.data.certificates.edges.map((e: { node: Cert }) => e.node.id)).toEqual(all.slice(23, 33).map((c) => c.id));
  });

  it('resumes with the same filter whatever the order of its lists (sources, status)', async () => {
    const filter = { sources: ['ENSINIO', 'FALKOR'], status: ['VALID', 'EXPIRED'] };
    const first = await gw.query(PAGE, { first: 5, filter });
    const all = await gw.query(PAGE, { first: 10, filter });
    const next = await gw.query(PAGE, { first: 5, filter: { sources: ['FALKOR', 'ENSINIO', 'FALKOR'], status: ['EXPIRED', 'VALID'] }, after: first.body.data.certificates.pageInfo.endCursor });
    expect(next.body.errors).toBeUndefined();
    expect(next.body.data.certificates.edges.map((e: { node: Cert }) => e.node.id)).toEqual(all.body.data.certificates.edges.slice(5).map((e: { node: Cert }) => e.node.id));
  });

  it('maps every source into the schema', () => {
    const of = (s: string) => all.filter((c) => c.source === s);
    const fourhse = of('FOURHSE');
    expect(fourhse.every((c) => c.actionType !== null && c.holder.name !== null && c.certification === null && c.story === null)).toBe(true);
    expect(fourhse.some((c) => c.holder.type === 'EQUIPMENT' || c.holder.type === 'MATERIAL_ITEM')).toBe(true);
    const springest = of('SPRINGEST');
    expect(springest.length).toBeGreaterThan(0);
    expect(springest.every((c) => c.holder.email && c.certification?.source === 'SPRINGEST' && c.certification.name)).toBe(true);
    const ensinio = of('ENSINIO');
    expect(ensinio.every((c) => c.holder.name && c.holder.sourceId.match(/^\d+$/) && c.certification?.source === 'ENSINIO' && c.certification.name)).toBe(true);
    const falkor = of('FALKOR');
    expect(falkor.every((c) => c.story?.name && c.expiresOn === null && c.issuedOn && c.holder.email)).toBe(true);
    expect(new Set(falkor.map((c) => c.story!.type))).toEqual(new Set(['STORY', 'ASSESSMENT', 'SURVEY', 'SCORM']));
    expect(falkor.some((c) => c.status === 'PENDING')).toBe(true);
    for (const s of ['VALID', 'EXPIRING', 'EXPIRED']) expect(all.some((c) => c.status === s)).toBe(true);
  });

  it('maps the remaining Certificate fields of each source', async () => {
    const q = `{ certificates(first: 500) { nodes { source url note validity { unit count } warning grade workloadHours data } } }`;
    const res = await gw.query(q);
    const nodes = res.body.data.certificates.nodes as Record<string, any>[];
    const fourhse = nodes.filter((n) => n.source === 'FOURHSE');
    expect(fourhse.some((n) => n.validity?.unit && n.validity.count > 0)).toBe(true);
    expect(fourhse.some((n) => n.warning === true)).toBe(true);
    expect(fourhse.some((n) => n.note)).toBe(true);
    const ensinio = nodes.filter((n) => n.source === 'ENSINIO');
    expect(ensinio.some((n) => typeof n.grade === 'number')).toBe(true);
    expect(ensinio.every((n) => n.workloadHours === null || typeof n.workloadHours === 'number')).toBe(true);
    expect(ensinio.filter((n) => typeof n.workloadHours === 'number').length).toBeGreaterThan(ensinio.length / 2);
    expect(ensinio.every((n) => n.url?.startsWith('http'))).toBe(true);
    const falkor = nodes.filter((n) => n.source === 'FALKOR');
    expect(falkor.every((n) => n.data?.deliveredAt && ['pending', 'delivered'].includes(n.data.state))).toBe(true);
    expect(falkor.filter((n) => n.data.state === 'delivered').every((n) => n.url?.startsWith('http'))).toBe(true);
  });
});

describe('filters', () => {
  const cases: [string, Record<string, unknown>, (c: Cert) => boolean][] = [];
  beforeAll(() => {
    const fourhseHolder = all.find((c) => c.source === 'FOURHSE' && c.holder.type === 'PERSON')!.holder;
    const ensinioHolder = all.find((c) => c.source === 'ENSINIO')!.holder;
    const email = all.find((c) => c.source === 'FALKOR')!.holder.email!;
    const springestCert = all.find((c) => c.source === 'SPRINGEST')!.certification!;
    const ensinioCourse = all.find((c) => c.source === 'ENSINIO')!.certification!;
    const story = all.find((c) => c.source === 'FALKOR')!.story!;
    cases.push(
      ['sources', { sources: ['ENSINIO', 'FALKOR'] }, (c) => ['ENSINIO', 'FALKOR'].includes(c.source)],
      ['holderId (4HSE)', { holderId: fourhseHolder.id }, (c) => c.holder.id === fourhseHolder.id],
      ['holderId (Ensinio)', { holderId: ensinioHolder.id }, (c) => c.holder.id === ensinioHolder.id],
      ['holderEmail', { holderEmail: email.toUpperCase() }, (c) => c.holder.email === email],
      ['actionType', { actionType: 'MAINTENANCE' }, (c) => c.actionType === 'MAINTENANCE'],
      ['status', { status: ['EXPIRING', 'EXPIRED'] }, (c) => ['EXPIRING', 'EXPIRED'].includes(c.status)],
      ['expiresBefore', { expiresBefore: '2026-06-01' }, (c) => c.expiresOn !== null && c.expiresOn < '2026-06-01'],
      ['expiresAfter', { expiresAfter: '2027-01-01' }, (c) => c.expiresOn === null || c.expiresOn > '2027-01-01'],
      ['issuedAfter', { issuedAfter: '2025-01-01' }, (c) => c.issuedOn !== null && c.issuedOn > '2025-01-01'],
      ['certificationId (Springest)', { certificationId: springestCert.id }, (c) => c.certification?.id === springestCert.id],
      ['certificationId (Ensinio)', { certificationId: ensinioCourse.id }, (c) => c.certification?.id === ensinioCourse.id],
      ['storyId', { storyId: story.id }, (c) => c.story?.id === story.id],
      ['search', { search: 'first aid' }, (c) => [c.name, c.holder.name, c.holder.email, c.certification?.name, c.story?.name].some((s) => s?.toLowerCase().includes('first aid'))],
      ['combined', { sources: ['FOURHSE'], actionType: 'TRAINING', status: ['VALID'] }, (c) => c.source === 'FOURHSE' && c.actionType === 'TRAINING' && c.status === 'VALID'],
    );
  });

  it('each filter returns exactly the certificates that satisfy it', async () => {
    expect(cases.length).toBe(14);
    for (const [name, filter, predicate] of cases) {
      const expected = all.filter(predicate).map((c) => c.id);
      const res = await gw.query(PAGE, { first: 500, filter });
      expect({ name, errors: res.body.errors }).toEqual({ name, errors: undefined });
      const got = res.body.data.certificates.edges.map((e: { node: Cert }) => e.node.id);
      expect({ name, got: got.length }).toEqual({ name, got: expected.length });
      expect(expected.length).toBeGreaterThan(0);
      expect(got).toEqual(expected);
      expect(res.body.data.certificates.totalCount).toBe(expected.length);
    }
  });

  it('pushes filters down to the upstreams that support them', async () => {
    const fourhseHolder = all.find((c) => c.source === 'FOURHSE')!.holder;
    const ensinioCert = all.find((c) => c.source === 'ENSINIO')!;
    const falkorEmail = all.find((c) => c.source === 'FALKOR')!.holder.email!;
    const springest = all.find((c) => c.source === 'SPRINGEST')!;

    const sims = gw.sandbox;
    const last = (s: { requests: { path: string; query: any; body: any }[] }) => s.requests[s.requests.length - 1];

    await gw.query(PAGE, { first: 5, filter: { holderId: fourhseHolder.id, actionType: 'TRAINING' }, orderBy: { field: 'NAME', direction: 'DESC' } });
    expect(last(sims.fourhse).path).toBe('/v2/certificate/index');
    // NAME order reads 4HSE's whole filtered list (sorted in the gateway's collation), so per-page is the maximum.
    expect(last(sims.fourhse).body).toMatchObject({ filter: { resource_id: fourhseHolder.sourceId, action_type: 'TRAINING' }, sort: '-name', 'per-page': 500, page: 1 });

    await gw.query(PAGE, { first: 5, filter: { holderId: ensinioCert.holder.id, certificationId: ensinioCert.certification!.id } });
    const groupId = JSON.parse(Buffer.from(ensinioCert.certification!.id, 'base64url').toString())[2];
    expect(last(sims.ensinio).query).toMatchObject({ user_id: ensinioCert.holder.sourceId, group_id: groupId });

    await gw.query(PAGE, { first: 5, filter: { holderEmail: falkorEmail } });
    expect(last(sims.falkor).body).toEqual({ users: [falkorEmail] });
    expect(last(sims.springest).query).toMatchObject({ email: falkorEmail });

    await gw.query(PAGE, { first: 5, filter: { certificationId: springest.certification!.id } });
    expect(last(sims.springest).query.certification_id).toBe(JSON.parse(Buffer.from(springest.certification!.id, 'base64url').toString())[2]);
  });

  it('calls only the sources a filter can match', async () => {
    const falkorEmail = all.find((c) => c.source === 'FALKOR')!.holder.email!;
    gw.resetUpstreamCalls();
    await gw.query(PAGE, { first: 5, filter: { holderEmail: falkorEmail } });
    const calls = gw.upstreamCalls();
    expect(calls.FOURHSE).toBe(0);
    expect(calls.ENSINIO).toBe(0);
    gw.resetUpstreamCalls();
    await gw.query(PAGE, { first: 5, filter: { actionType: 'HEALTH' } });
    expect(gw.upstreamCalls()).toMatchObject({ SPRINGEST: 0, ENSINIO: 0, FALKOR: 0 });
  });
});
