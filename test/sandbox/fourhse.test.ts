import { compareCertificates, startFourHseSimulator, type FourHseSimulator } from '../../src/sandbox/fourhse.sim';
import { createSeed, type FourHseCertificate } from '../../src/sandbox/seed';
import { TODAY, call } from './helpers';

const seed = createSeed({ today: TODAY });
const creds = { accessToken: 'static-token-for-tests', oauth: { clientId: 'gateway', username: 'api-user', password: 'pw-123' } };
const YII_401 = { name: 'Unauthorized', message: 'Your request was made with invalid credentials.', code: 0, status: 401 };
const byId = (a: FourHseCertificate, b: FourHseCertificate) => (a.certificate_id < b.certificate_id ? -1 : a.certificate_id > b.certificate_id ? 1 : 0);

/**
 * Independent statement of the documented sort contract, checked pair by pair:
 * nulls greater than every value, strings case-insensitively then by code unit,
 * ties by certificate_id ascending in both directions.
 */
function inOrder(a: FourHseCertificate, b: FourHseCertificate, field: keyof FourHseCertificate, desc: boolean): boolean {
  const x = a[field] as string | null;
  const y = b[field] as string | null;
  let c = 0;
  if (x === null && y !== null) c = 1;
  else if (x !== null && y === null) c = -1;
  else if (x !== null && y !== null) c = x.toLowerCase() < y.toLowerCase() ? -1 : x.toLowerCase() > y.toLowerCase() ? 1 : x < y ? -1 : x > y ? 1 : 0;
  if (desc) c = -c;
  return c < 0 || (c === 0 && a.certificate_id < b.certificate_id);
}

describe('4HSE simulator', () => {
  let sim: FourHseSimulator;
  let clock = Date.now();
  const index = (body: unknown, query = `access-token=${creds.accessToken}`) => call('POST', `${sim.url}/v2/certificate/index?${query}`, { json: body });
  const tokenRequest = (form: Record<string, string>) =>
    call('POST', sim.tokenUrl, { body: new URLSearchParams(form).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const passwordGrant = () => tokenRequest({ grant_type: 'password', client_id: creds.oauth.clientId, username: creds.oauth.username, password: creds.oauth.password });

  beforeAll(async () => {
    sim = await startFourHseSimulator({ data: seed.fourhse, credentials: creds, tokenTtlS: 60, now: () => clock });
  });
  afterAll(() => sim.stop());
  afterEach(() => sim.setFault(null));

  describe('auth', () => {
    it('refuses requests without credentials or with a wrong access-token (Yii 401)', async () => {
      for (const query of ['', 'access-token=wrong']) {
        const r = await index({}, query);
        expect(r.status).toBe(401);
        expect(r.body).toEqual(YII_401);
      }
      const bearer = await call('POST', `${sim.url}/v2/certificate/index`, { json: {}, headers: { authorization: `Bearer ${creds.accessToken}` } });
      expect(bearer.status).toBe(401); // the static token is a query-parameter credential only
      expect((await call('GET', `${sim.url}/v2/certificate/view/${seed.fourhse.certificates[0].certificate_id}`)).status).toBe(401);
    });

    it('accepts the access-token query parameter', async () => {
      expect((await index({})).status).toBe(200);
    });

    it('refuses bad token requests the way Keycloak does', async () => {
      const wrongPassword = await tokenRequest({ grant_type: 'password', client_id: creds.oauth.clientId, username: creds.oauth.username, password: 'nope' });
      expect(wrongPassword.status).toBe(401);
      expect(wrongPassword.body.error).toBe('invalid_grant');
      const wrongClient = await tokenRequest({ grant_type: 'password', client_id: 'other', username: creds.oauth.username, password: creds.oauth.password });
      expect(wrongClient.status).toBe(401);
      expect(wrongClient.body.error).toBe('invalid_client');
      const wrongGrant = await tokenRequest({ grant_type: 'client_credentials', client_id: creds.oauth.clientId });
      expect(wrongGrant.status).toBe(400);
      expect(wrongGrant.body.error).toBe('unsupported_grant_type');
      const json = await call('POST', sim.tokenUrl, { json: { grant_type: 'password' } });
      expect(json.status).toBe(400);
      expect(json.body.error).toBe('invalid_request');
    });

    it('issues Bearer tokens that work until they expire, and counts them', async () => {
      const before = sim.tokensIssued;
      const t = await passwordGrant();
      expect(t.status).toBe(200);
      expect(t.body).toMatchObject({ token_type: 'Bearer', expires_in: 60 });
      expect(typeof t.body.access_token).toBe('string');
      expect(sim.tokensIssued).toBe(before + 1);
      const auth = { authorization: `Bearer ${t.body.access_token}` };
      expect((await call('POST', `${sim.url}/v2/certificate/index`, { json: {}, headers: auth })).status).toBe(200);
      clock += 59_000;
      expect((await call('POST', `${sim.url}/v2/certificate/index`, { json: {}, headers: auth })).status).toBe(200);
      clock += 2_000;
      const expired = await call('POST', `${sim.url}/v2/certificate/index`, { json: {}, headers: auth });
      expect(expired.status).toBe(401);
      expect(expired.body).toEqual(YII_401);
      expect((await call('POST', `${sim.url}/v2/certificate/index`, { json: {}, headers: { authorization: 'Bearer made-up' } })).status).toBe(401);
    });

    it('revokeTokens() invalidates issued tokens', async () => {
      const t = await passwordGrant();
      const auth = { authorization: `Bearer ${t.body.access_token}` };
      expect((await call('GET', `${sim.url}/v2/certificate/view/${seed.fourhse.certificates[0].certificate_id}`, { headers: auth })).status).toBe(200);
      sim.revokeTokens();
      expect((await call('GET', `${sim.url}/v2/certificate/view/${seed.fourhse.certificates[0].certificate_id}`, { headers: auth })).status).toBe(401);
    });

    it('checks the verb before the credentials, as Yii does', async () => {
      const r = await call('GET', `${sim.url}/v2/certificate/index`);
      expect(r.status).toBe(405);
      expect(r.headers.get('allow')).toBe('POST');
    });
  });

  describe('index pagination', () => {
    it('defaults to 100 per page, page 1, ordered by certificate_id, with X-Pagination headers', async () => {
      const r = await index({});
      const total = seed.fourhse.certificates.length;
      expect(r.status).toBe(200);
      expect(r.headers.get('x-pagination-current-page')).toBe('1');
      expect(r.headers.get('x-pagination-per-page')).toBe('100');
      expect(r.headers.get('x-pagination-total-count')).toBe(String(total));
      expect(r.headers.get('x-pagination-page-count')).toBe(String(Math.ceil(total / 100)));
      expect(r.body).toHaveLength(100);
      expect(r.body).toEqual([...seed.fourhse.certificates].sort(byId).slice(0, 100));
    });

    it('pages through everything without duplicates', async () => {
      const seen: FourHseCertificate[] = [];
      const first = await index({ 'per-page': 40 });
      const pages = Number(first.headers.get('x-pagination-page-count'));
      expect(pages).toBe(Math.ceil(seed.fourhse.certificates.length / 40));
      for (let page = 1; page <= pages; page++) {
        const r = await index({ 'per-page': 40, page });
        expect(r.headers.get('x-pagination-current-page')).toBe(String(page));
        seen.push(...r.body);
      }
      expect(seen).toEqual([...seed.fourhse.certificates].sort(byId));
    });

    it('clamps per-page to [1, 500] and a page past the end to the last page (Yii)', async () => {
      const big = await index({ 'per-page': 10_000 });
      expect(big.headers.get('x-pagination-per-page')).toBe('500');
      expect(big.body).toHaveLength(seed.fourhse.certificates.length);
      const tiny = await index({ 'per-page': 0 });
      expect(tiny.headers.get('x-pagination-per-page')).toBe('1');
      expect(tiny.body).toHaveLength(1);
      const past = await index({ 'per-page': 50, page: 99 });
      const last = Math.ceil(seed.fourhse.certificates.length / 50);
      expect(past.headers.get('x-pagination-current-page')).toBe(String(last));
      expect(past.body).toEqual([...seed.fourhse.certificates].sort(byId).slice((last - 1) * 50));
      const asStrings = await index({ 'per-page': '7', page: '2' });
      expect(asStrings.body).toEqual([...seed.fourhse.certificates].sort(byId).slice(7, 14));
    });

    it('answers an empty page when nothing matches', async () => {
      const r = await index({ filter: { name: 'No Such Certificate' } });
      expect(r.status).toBe(200);
      expect(r.body).toEqual([]);
      expect(r.headers.get('x-pagination-total-count')).toBe('0');
      expect(r.headers.get('x-pagination-page-count')).toBe('0');
    });
  });

  describe('index sort', () => {
    it.each(['date_release', 'date_expire', 'name', 'action_type'] as const)('sorts by %s both ways with the documented tie and null rules', async (field) => {
      for (const desc of [false, true]) {
        const r = await index({ sort: `${desc ? '-' : ''}${field}`, 'per-page': 500 });
        expect(r.status).toBe(200);
        const rows: FourHseCertificate[] = r.body;
        expect(rows).toHaveLength(seed.fourhse.certificates.length);
        for (let i = 1; i < rows.length; i++) {
          if (!inOrder(rows[i - 1], rows[i], field, desc)) throw new Error(`${field} ${desc ? 'desc' : 'asc'} out of order at ${i}`);
        }
      }
    });

    it('puts never-expiring certificates last ascending and first descending', async () => {
      const never = seed.fourhse.certificates.filter((c) => c.date_expire === null).sort(byId);
      expect(never.length).toBeGreaterThan(0);
      const asc = (await index({ sort: 'date_expire', 'per-page': 500 })).body as FourHseCertificate[];
      expect(asc.slice(-never.length)).toEqual(never);
      const desc = (await index({ sort: '-date_expire', 'per-page': 500 })).body as FourHseCertificate[];
      expect(desc.slice(0, never.length)).toEqual(never);
      expect(desc[never.length].date_expire! >= desc[never.length + 1].date_expire!).toBe(true);
    });

    it('breaks ties by certificate_id ascending also when descending', async () => {
      const desc = (await index({ sort: '-name', 'per-page': 500 })).body as FourHseCertificate[];
      const fire = desc.filter((c) => c.name === 'Fire Safety Training Certificate');
      expect(fire.length).toBeGreaterThan(1);
      expect(fire).toEqual([...fire].sort(byId));
    });

    it('gives the same order when paging a sorted list', async () => {
      const all = (await index({ sort: '-date_expire', 'per-page': 500 })).body;
      const paged: FourHseCertificate[] = [];
      for (let page = 1; page <= Math.ceil(all.length / 25); page++) paged.push(...(await index({ sort: '-date_expire', 'per-page': 25, page })).body);
      expect(paged).toEqual(all);
    });

    it('compares strings case-insensitively first, then by code unit, nulls greatest, ties by id', () => {
      const mk = (id: string, name: string | null) => ({ ...seed.fourhse.certificates[0], certificate_id: id, name }) as FourHseCertificate;
      const rows = [mk('5', 'b'), mk('4', 'B'), mk('3', 'a'), mk('2', null), mk('1', 'A'), mk('0', 'a')];
      const asc = [...rows].sort(compareCertificates('name', false)).map((c) => `${c.name}:${c.certificate_id}`);
      expect(asc).toEqual(['A:1', 'a:0', 'a:3', 'B:4', 'b:5', 'null:2']);
      const desc = [...rows].sort(compareCertificates('name', true)).map((c) => `${c.name}:${c.certificate_id}`);
      expect(desc).toEqual(['null:2', 'b:5', 'B:4', 'a:0', 'a:3', 'A:1']);
      const none = [...rows].sort(compareCertificates(null, false)).map((c) => c.certificate_id);
      expect(none).toEqual(['0', '1', '2', '3', '4', '5']);
    });

    it('refuses an unknown sort attribute with 422', async () => {
      const r = await index({ sort: 'resource_name' });
      expect(r.status).toBe(422);
      expect(r.body).toEqual([{ field: 'sort', message: expect.stringContaining('resource_name') }]);
    });
  });

  describe('index filter', () => {
    const sample = seed.fourhse.certificates.find((c) => c.note !== null && c.data !== null && c.subtenant_id !== null)!;
    it.each([
      'certificate_id', 'date_release', 'date_expire', 'name', 'note', 'action_type', 'resource_id', 'resource_type', 'resource_name',
      'data', 'warning', 'tenant_id', 'subtenant_id', 'subtenant_type', 'validity_unit', 'validity', 'project_name',
    ] as const)('filters by %s with exact equality', async (field) => {
      const value = sample[field];
      const expected = seed.fourhse.certificates.filter((c) => JSON.stringify(c[field]) === JSON.stringify(value)).sort(byId);
      const r = await index({ filter: { [field]: value }, 'per-page': 500 });
      expect(r.status).toBe(200);
      expect(r.body).toEqual(expected);
      expect(r.headers.get('x-pagination-total-count')).toBe(String(expected.length));
    });

    it('combines filters (person + action type, as the doc example)', async () => {
      const person = seed.people[0].fourhse!.resourceId;
      const expected = seed.fourhse.certificates.filter((c) => c.resource_id === person && c.action_type === 'TRAINING').sort(byId);
      const r = await index({ filter: { resource_id: person, action_type: 'TRAINING' } });
      expect(r.body).toEqual(expected);
      expect(r.body.every((c: FourHseCertificate) => c.resource_name === 'Rossi Maria')).toBe(true);
    });

    it('matches scalars loosely like SQL (warning "1" = 1) and null to null', async () => {
      const warned = seed.fourhse.certificates.filter((c) => c.warning === 1).length;
      expect((await index({ filter: { warning: '1' }, 'per-page': 500 })).body).toHaveLength(warned);
      const never = seed.fourhse.certificates.filter((c) => c.date_expire === null).length;
      expect((await index({ filter: { date_expire: null }, 'per-page': 500 })).body).toHaveLength(never);
    });

    it('refuses an unknown filter attribute with a Yii 422', async () => {
      const r = await index({ filter: { colour: 'red' } });
      expect(r.status).toBe(422);
      expect(r.body).toEqual([{ field: 'colour', message: 'Unknown filter attribute' }]);
    });

    it('refuses a body that is not JSON with 400', async () => {
      const r = await call('POST', `${sim.url}/v2/certificate/index?access-token=${creds.accessToken}`, { body: '{"filter":', headers: { 'content-type': 'application/json' } });
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ name: 'Bad Request', status: 400 });
    });
  });

  describe('view', () => {
    const cert = seed.fourhse.certificates[5];
    it('answers the certificate by path and by ?id=', async () => {
      const a = await call('GET', `${sim.url}/v2/certificate/view/${cert.certificate_id}?access-token=${creds.accessToken}`);
      const b = await call('GET', `${sim.url}/v2/certificate/view?id=${cert.certificate_id}&access-token=${creds.accessToken}`);
      expect(a.status).toBe(200);
      expect(a.body).toEqual(cert);
      expect(b.body).toEqual(cert);
    });
    it('answers a Yii 404 for an unknown id', async () => {
      const r = await call('GET', `${sim.url}/v2/certificate/view/00000000-0000-4000-8000-000000000000?access-token=${creds.accessToken}`);
      expect(r.status).toBe(404);
      expect(r.body).toMatchObject({ name: 'Not Found', code: 0, status: 404 });
    });
  });

  describe('faults', () => {
    it('answers 503 in Yii form, and 429 with Retry-After', async () => {
      sim.setFault({ kind: 'status', status: 503 });
      const r = await index({});
      expect(r.status).toBe(503);
      expect(r.body).toEqual({ name: 'Service Unavailable', message: 'Service Unavailable', code: 0, status: 503 });
      sim.setFault({ kind: 'status', status: 429, headers: { 'Retry-After': '2' } });
      const limited = await index({});
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('2');
    });
    it('answers malformed JSON and unexpected shapes', async () => {
      sim.setFault({ kind: 'malformed' });
      const bad = await index({});
      expect(bad.status).toBe(200);
      expect(bad.body).toBeUndefined();
      sim.setFault({ kind: 'shape' });
      expect((await index({})).body).toEqual({ unexpected: true });
    });
    it('counts upstream calls in requests', async () => {
      const before = sim.requests.length;
      await index({ page: 1 });
      await index({ page: 2 });
      expect(sim.requests.length).toBe(before + 2);
      expect(sim.requests.at(-1)).toMatchObject({ method: 'POST', path: '/v2/certificate/index', body: { page: 2 } });
    });
  });

  describe('writes', () => {
    const q = `access-token=${creds.accessToken}`;
    const person = seed.people[0].fourhse!;
    const forklift = seed.fourhse.resources.find((r) => r.resource_type === 'EQUIPMENT')!;

    it('creates (201), then views, updates and deletes with force', async () => {
      const created = await call('POST', `${sim.url}/v2/certificate/create?${q}`, {
        json: { date_release: '2025-06-01', date_expire: '2030-06-01', name: 'Fire Safety Training Certificate', action_type: 'TRAINING', resource_id: person.resourceId, tenant_id: person.tenantId, validity_unit: 'YEAR', validity: 5 },
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ resource_type: 'PERSON', resource_name: 'Rossi Maria', project_name: 'Acme Construction Ltd', warning: 0, note: null });
      const id = created.body.certificate_id;
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect((await call('GET', `${sim.url}/v2/certificate/view/${id}?${q}`)).body).toEqual(created.body);

      const updated = await call('PUT', `${sim.url}/v2/certificate/update/${id}?${q}`, { json: { name: 'Fire Safety Training Certificate - Renewed', date_expire: '2031-01-15' } });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ certificate_id: id, name: 'Fire Safety Training Certificate - Renewed', date_expire: '2031-01-15', date_release: '2025-06-01' });

      const preview = await call('DELETE', `${sim.url}/v2/certificate/delete/${id}?${q}`);
      expect(preview.status).toBe(200);
      expect(preview.body.certificate).toEqual([{ certificate_id: id, name: 'Fire Safety Training Certificate - Renewed' }]);
      expect((await call('GET', `${sim.url}/v2/certificate/view/${id}?${q}`)).status).toBe(200);
      expect((await call('DELETE', `${sim.url}/v2/certificate/delete/${id}?${q}&force=true`)).status).toBe(204);
      expect((await call('GET', `${sim.url}/v2/certificate/view/${id}?${q}`)).status).toBe(404);
      expect(sim.certificates).toHaveLength(seed.fourhse.certificates.length);
    });

    it('answers 422 in Yii form for invalid input', async () => {
      const missing = await call('POST', `${sim.url}/v2/certificate/create?${q}`, { json: { name: 'x' } });
      expect(missing.status).toBe(422);
      expect(missing.body.map((e: { field: string }) => e.field).sort()).toEqual(['action_type', 'date_release', 'resource_id', 'tenant_id']);
      const wrong = await call('POST', `${sim.url}/v2/certificate/create?${q}`, {
        json: { date_release: '2025-13-01', name: 'Training', action_type: 'TRAINING', resource_id: forklift.resource_id, tenant_id: forklift.tenant_id, warning: 3 },
      });
      expect(wrong.status).toBe(422);
      expect(wrong.body).toEqual(expect.arrayContaining([
        { field: 'date_release', message: 'The format of Date Release is invalid.' },
        { field: 'warning', message: 'Warning is invalid.' },
        { field: 'resource_id', message: 'Resource ID must be a person for action type TRAINING.' },
      ]));
      expect((await call('PUT', `${sim.url}/v2/certificate/update/00000000-0000-4000-8000-000000000000?${q}`, { json: { name: 'x' } })).status).toBe(404);
    });
  });
});

describe('4HSE simulator vendor quirks', () => {
  let sim: FourHseSimulator;
  const index = (body: unknown) => call('POST', `${sim.url}/v2/certificate/index?access-token=${creds.accessToken}`, { json: body });
  const template = seed.fourhse.certificates[0];
  const extra: FourHseCertificate[] = [
    { ...template, certificate_id: '00000000-0000-4000-8000-0000000000e1', name: 'Élan Vital Safety', date_release: null as unknown as string, date_expire: null },
    { ...template, certificate_id: '00000000-0000-4000-8000-0000000000e2', name: null as unknown as string, date_release: '2024-02-02', date_expire: '2027-02-02' },
    { ...template, certificate_id: '00000000-0000-4000-8000-0000000000e3', name: 'elan vital safety', date_release: '2024-03-03', date_expire: null },
  ];

  beforeAll(async () => {
    sim = await startFourHseSimulator({ data: seed.fourhse, credentials: creds, nulls: 'smallest' });
    sim.insertCertificates(extra);
  });
  afterAll(() => sim.stop());

  it('inserts rows as given (nulls, any spelling), without webhooks, and refuses a duplicate id', async () => {
    expect(sim.certificates).toHaveLength(seed.fourhse.certificates.length + extra.length);
    expect(sim.webhookDeliveries).toHaveLength(0);
    const r = await call('GET', `${sim.url}/v2/certificate/view/${extra[1].certificate_id}?access-token=${creds.accessToken}`);
    expect(r.body).toEqual(extra[1]);
    expect(() => sim.insertCertificates([extra[0]])).toThrow(/already exists/);
  });

  it.each(['date_expire', 'date_release', 'name'] as const)("nulls 'smallest' (MySQL): %s nulls first ascending, last descending, ties by id", async (field) => {
    const all = sim.certificates;
    const nulls = all.filter((c) => c[field] === null).sort(byId);
    expect(nulls.length).toBeGreaterThan(0);
    const asc = (await index({ sort: field, 'per-page': 500 })).body as FourHseCertificate[];
    expect(asc).toHaveLength(all.length);
    expect(asc.slice(0, nulls.length)).toEqual(nulls);
    const values = asc.slice(nulls.length);
    for (let i = 1; i < values.length; i++) expect(inOrder(values[i - 1], values[i], field, false)).toBe(true);
    const desc = (await index({ sort: `-${field}`, 'per-page': 500 })).body as FourHseCertificate[];
    expect(desc.slice(-nulls.length)).toEqual(nulls);
    const dvalues = desc.slice(0, -nulls.length);
    for (let i = 1; i < dvalues.length; i++) expect(inOrder(dvalues[i - 1], dvalues[i], field, true)).toBe(true);
  });

  it('switches placement and pagination headers at run time', async () => {
    sim.nulls = 'largest';
    try {
      const asc = (await index({ sort: 'date_expire', 'per-page': 500 })).body as FourHseCertificate[];
      expect(asc[0].date_expire).not.toBeNull();
      expect(asc[asc.length - 1].date_expire).toBeNull();
    } finally {
      sim.nulls = 'smallest';
    }
    expect(((await index({ sort: 'date_expire', 'per-page': 1 })).body as FourHseCertificate[])[0].date_expire).toBeNull();
    expect(() => { (sim as { nulls: string }).nulls = 'middle'; }).toThrow(/largest/);

    sim.paginationHeaders = false;
    try {
      const r = await index({ 'per-page': 40, page: 2 });
      expect(r.status).toBe(200);
      expect(r.body).toHaveLength(40);
      for (const h of ['current-page', 'page-count', 'per-page', 'total-count']) expect(r.headers.get(`x-pagination-${h}`)).toBeNull();
      // Still Yii: a page past the end answers the last page again.
      const last = Math.ceil(sim.certificates.length / 40);
      expect((await index({ 'per-page': 40, page: last + 3 })).body).toEqual((await index({ 'per-page': 40, page: last })).body);
    } finally {
      sim.paginationHeaders = true;
    }
    expect((await index({ 'per-page': 40 })).headers.get('x-pagination-total-count')).toBe(String(sim.certificates.length));
  });

  it('compares with nulls smallest when asked (compareCertificates)', () => {
    const mk = (id: string, name: string | null) => ({ ...template, certificate_id: id, name }) as FourHseCertificate;
    const rows = [mk('3', 'b'), mk('2', null), mk('1', 'a'), mk('0', null)];
    expect([...rows].sort(compareCertificates('name', false, 'smallest')).map((c) => c.certificate_id)).toEqual(['0', '2', '1', '3']);
    expect([...rows].sort(compareCertificates('name', true, 'smallest')).map((c) => c.certificate_id)).toEqual(['3', '1', '0', '2']);
  });
});
