import { startTestGateway, type TestGateway } from '../helpers/gateway';

let gw: TestGateway;
let person: { resource_id: string; tenant_id: string };
let ensinio: { groupId: number; userId: number };

const ISSUE = `mutation Issue($input: IssueCertificateInput!, $key: String) {
  issueCertificate(input: $input, idempotencyKey: $key) { id source sourceId name issuedOn expiresOn status actionType note validity { unit count } warning holder { id name type } certification { name } }
}`;
const UPDATE = `mutation Update($id: ID!, $input: UpdateCertificateInput!, $key: String) {
  updateCertificate(id: $id, input: $input, idempotencyKey: $key) { id name issuedOn expiresOn note }
}`;
const REVOKE = `mutation Revoke($id: ID!, $force: Boolean, $key: String) {
  revokeCertificate(id: $id, force: $force, idempotencyKey: $key) { revoked certificateId source message wouldDelete { type id name } }
}`;

beforeAll(async () => {
  gw = await startTestGateway();
  const r = gw.sandbox.seed.fourhse.resources.find((x) => x.resource_type === 'PERSON')!;
  person = { resource_id: r.resource_id, tenant_id: r.tenant_id };
  ensinio = { groupId: gw.sandbox.seed.ensinio.groups[0].id, userId: gw.sandbox.seed.ensinio.users[0].id };
});
afterAll(() => gw?.stop());

/** Requests that could change an upstream (anything but reads and the OAuth token). */
const writesTo = () =>
  [
    ...gw.sandbox.fourhse.requests.filter((r) => /create|update|delete/.test(r.path)),
    ...gw.sandbox.ensinio.requests.filter((r) => r.method === 'POST' || r.method === 'DELETE'),
    ...gw.sandbox.springest.requests.filter((r) => r.method === 'POST'),
    ...gw.sandbox.falkor.requests.filter((r) => r.path !== '/v1/logs/story-certificates'),
  ].length;

const fourhseInput = (over: Record<string, unknown> = {}) => ({
  fourhse: { name: 'Working at Height Refresher', issuedOn: '2026-10-01', expiresOn: '2028-10-01', actionType: 'TRAINING', resourceId: person.resource_id, tenantId: person.tenant_id, note: 'Passed with distinction', validity: 2, validityUnit: 'YEAR', ...over },
});

describe('issueCertificate on 4HSE', () => {
  it('creates through POST /v2/certificate/create and returns the certificate as 4HSE now has it', async () => {
    const res = await gw.query(ISSUE, { input: fourhseInput({ data: { trainer: 'ACME Safety' }, warning: true }) });
    expect(res.body.errors).toBeUndefined();
    const c = res.body.data.issueCertificate;
    expect(c).toMatchObject({ source: 'FOURHSE', name: 'Working at Height Refresher', issuedOn: '2026-10-01', expiresOn: '2028-10-01', actionType: 'TRAINING', note: 'Passed with distinction', validity: { unit: 'YEAR', count: 2 }, warning: true, holder: { type: 'PERSON' } });
    expect(c.holder.name).toBeTruthy(); // read back with view: create's answer has no resource_name
    const create = gw.sandbox.fourhse.requests.find((r) => r.path === '/v2/certificate/create')!;
    expect(create.method).toBe('POST');
    expect(create.body).toEqual({
      name: 'Working at Height Refresher',
      date_release: '2026-10-01',
      date_expire: '2028-10-01',
      action_type: 'TRAINING',
      resource_id: person.resource_id,
      tenant_id: person.tenant_id,
      note: 'Passed with distinction',
      data: { trainer: 'ACME Safety' },
      validity: 2,
      validity_unit: 'YEAR',
      warning: 1,
    });
    expect(String(create.headers.authorization)).toMatch(/^Bearer /);
    // Later reads see it.
    const read = await gw.query(`query($id: ID!) { certificate(id: $id) { name } certificates(first: 500, filter: { sources: [FOURHSE], search: "Height Refresher" }) { nodes { id } } }`, { id: c.id });
    expect(read.body.data.certificate.name).toBe('Working at Height Refresher');
    expect(read.body.data.certificates.nodes.map((n: any) => n.id)).toContain(c.id);
  });
});

describe('updateCertificate', () => {
  it('sends only the changed fields with PUT and returns the updated certificate', async () => {
    const created = (await gw.query(ISSUE, { input: fourhseInput({ name: 'To be renamed' }) })).body.data.issueCertificate;
    const res = await gw.query(UPDATE, { id: created.id, input: { name: 'Renamed', expiresOn: '2029-01-31' } });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.updateCertificate).toMatchObject({ id: created.id, name: 'Renamed', expiresOn: '2029-01-31', issuedOn: '2026-10-01' });
    const put = gw.sandbox.fourhse.requests.filter((r) => r.method === 'PUT').pop()!;
    expect(put.path).toBe(`/v2/certificate/update/${created.sourceId}`);
    expect(put.body).toEqual({ name: 'Renamed', date_expire: '2029-01-31' });
    const read = await gw.query(`query($id: ID!) { certificate(id: $id) { name expiresOn } }`, { id: created.id });
    expect(read.body.data.certificate).toEqual({ name: 'Renamed', expiresOn: '2029-01-31' });
  });

  it('null clears what 4HSE lets be empty (expiry, note, validity); a required field cannot be cleared', async () => {
    const created = (await gw.query(ISSUE, { input: fourhseInput({ name: 'To be cleared' }) })).body.data.issueCertificate;
    expect(created).toMatchObject({ expiresOn: expect.any(String), note: expect.any(String), validity: { count: 2, unit: 'YEAR' } });
    const res = await gw.query(UPDATE, { id: created.id, input: { expiresOn: null, note: null, validity: null, validityUnit: null } });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.updateCertificate).toMatchObject({ id: created.id, expiresOn: null, note: null });
    const put = gw.sandbox.fourhse.requests.filter((r) => r.method === 'PUT').pop()!;
    expect(put.body).toEqual({ date_expire: null, note: null, validity: null, validity_unit: null });
    const read = await gw.query(`query($id: ID!) { certificate(id: $id) { expiresOn note validity { count } status } }`, { id: created.id });
    expect(read.body.data.certificate).toEqual({ expiresOn: null, note: null, validity: null, status: 'VALID' });

    const before = writesTo();
    const bad = await gw.query(UPDATE, { id: created.id, input: { name: null } });
    expect(bad.body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
    const half = await gw.query(UPDATE, { id: created.id, input: { validity: null, validityUnit: 'YEAR' } });
    expect(half.body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(writesTo()).toBe(before);
  });

  it('refuses an expiry that would fall before the current issue date, without writing', async () => {
    const created = (await gw.query(ISSUE, { input: fourhseInput() })).body.data.issueCertificate;
    const before = writesTo();
    const res = await gw.query(UPDATE, { id: created.id, input: { expiresOn: '2020-01-01' } });
    expect(res.body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.expiresOn' });
    expect(writesTo()).toBe(before);
  });

  it.each([
    ['ENSINIO', 'updating'],
    ['SPRINGEST', 'updating'],
    ['FALKOR', 'updating'],
  ])('is NOT_SUPPORTED_BY_SOURCE for %s', async (source) => {
    const id = (await gw.query(`query($s: [Source!]) { certificates(first: 1, filter: { sources: $s }) { nodes { id } } }`, { s: [source] })).body.data.certificates.nodes[0].id;
    const before = writesTo();
    const res = await gw.query(UPDATE, { id, input: { name: 'x' } });
    expect(res.body.errors![0].extensions).toMatchObject({ code: 'NOT_SUPPORTED_BY_SOURCE', source });
    expect(writesTo()).toBe(before);
  });
});

describe('revokeCertificate', () => {
  it('4HSE without force: revoked false and what a forced delete would remove; nothing deleted', async () => {
    const created = (await gw.query(ISSUE, { input: fourhseInput({ name: 'Preview me' }) })).body.data.issueCertificate;
    const res = await gw.query(REVOKE, { id: created.id });
    expect(res.body.data.revokeCertificate).toMatchObject({ revoked: false, certificateId: created.id, source: 'FOURHSE', wouldDelete: [{ type: 'certificate', id: created.sourceId, name: 'Preview me' }] });
    const del = gw.sandbox.fourhse.requests.filter((r) => r.method === 'DELETE').pop()!;
    expect(del.path).toBe(`/v2/certificate/delete/${created.sourceId}`);
    expect(del.query.force).toBe('false');
    expect((await gw.query(`query($id: ID!) { certificate(id: $id) { id } }`, { id: created.id })).body.data.certificate).not.toBeNull();
  });

  it('4HSE with force deletes; later reads no longer see it; a second delete is NOT_FOUND', async () => {
    const created = (await gw.query(ISSUE, { input: fourhseInput({ name: 'Delete me' }) })).body.data.issueCertificate;
    const res = await gw.query(REVOKE, { id: created.id, force: true });
    expect(res.body.data.revokeCertificate).toMatchObject({ revoked: true, wouldDelete: [] });
    expect(gw.sandbox.fourhse.requests.filter((r) => r.method === 'DELETE').pop()!.query.force).toBe('true');
    expect((await gw.query(`query($id: ID!) { certificate(id: $id) { id } }`, { id: created.id })).body.data.certificate).toBeNull();
    const again = await gw.query(REVOKE, { id: created.id, force: true });
    expect(again.body.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('Ensinio: DELETE /certificates/{id} with its headers', async () => {
    const issued = await gw.query(ISSUE, { input: { ensinio: { ...ensinio, conclusionDate: '2026-11-02' } } });
    const c = issued.body.data.issueCertificate;
    const res = await gw.query(REVOKE, { id: c.id });
    expect(res.body.data.revokeCertificate).toMatchObject({ revoked: true, source: 'ENSINIO' });
    const del = gw.sandbox.ensinio.requests.filter((r) => r.method === 'DELETE').pop()!;
    expect(del.path).toBe(`/public/api/v1/certificates/${c.sourceId}`);
    expect(del.headers.authorization).toBe(`Bearer ${gw.sandbox.credentials.ensinio.token}`);
    expect(del.headers['x-requested-with']).toBe('XMLHttpRequest');
    expect((await gw.query(`query($id: ID!) { certificate(id: $id) { id } }`, { id: c.id })).body.data.certificate).toBeNull();
    const again = await gw.query(REVOKE, { id: c.id });
    expect(again.body.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND' });
  });

  it.each(['SPRINGEST', 'FALKOR'])('is NOT_SUPPORTED_BY_SOURCE for %s', async (source) => {
    const id = (await gw.query(`query($s: [Source!]) { certificates(first: 1, filter: { sources: $s }) { nodes { id } } }`, { s: [source] })).body.data.certificates.nodes[0].id;
    const before = writesTo();
    const res = await gw.query(REVOKE, { id, force: true });
    expect(res.body.errors![0].extensions).toMatchObject({ code: 'NOT_SUPPORTED_BY_SOURCE', source });
    expect(writesTo()).toBe(before);
  });
});

describe('issueCertificate on Ensinio', () => {
  it('POSTs group, user and conclusion date with Bearer and X-Requested-With', async () => {
    const res = await gw.query(ISSUE, { input: { ensinio: { ...ensinio, conclusionDate: '2026-11-03' } } });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.issueCertificate).toMatchObject({ source: 'ENSINIO', issuedOn: '2026-11-03', certification: { name: gw.sandbox.seed.ensinio.groups[0].name } });
    const post = gw.sandbox.ensinio.requests.filter((r) => r.method === 'POST').pop()!;
    expect(post.path).toBe('/public/api/v1/certificates');
    expect(post.body).toEqual({ group_id: ensinio.groupId, user_id: ensinio.userId, conclusion_date: '2026-11-03' });
    expect(post.headers.authorization).toBe(`Bearer ${gw.sandbox.credentials.ensinio.token}`);
    expect(post.headers['x-requested-with']).toBe('XMLHttpRequest');
  });

  it.each([
    [{ groupId: 987654 }, /course \(group\) 987654/],
    [{ userId: 987654 }, /user 987654/],
  ])('an unknown %p is NOT_FOUND naming it', async (over, message) => {
    const res = await gw.query(ISSUE, { input: { ensinio: { ...ensinio, conclusionDate: '2026-11-03', ...over } } });
    expect(res.body.errors![0].extensions!.code).toBe('NOT_FOUND');
    expect(res.body.errors![0].message).toMatch(message);
  });
});

describe('bad input: a clear error and no upstream write', () => {
  const cases: [string, Record<string, unknown>, string, string][] = [
    ['missing required field', { fourhse: { name: 'x', issuedOn: '2026-01-01', resourceId: '3f2b8c1e-0000-4000-8000-000000000001', tenantId: '3f2b8c1e-0000-4000-8000-000000000002' } }, 'BAD_USER_INPUT', 'input.fourhse.actionType'],
    ['too long name', { fourhse: { name: 'n'.repeat(256) } }, 'BAD_USER_INPUT', 'input.fourhse.name'],
    ['malformed date', { fourhse: { issuedOn: '2026-02-30' } }, 'BAD_USER_INPUT', 'input.fourhse.issuedOn'],
    ['expiry before release', { fourhse: { expiresOn: '2025-01-01' } }, 'BAD_USER_INPUT', 'input.fourhse.expiresOn'],
    ['resource not a uuid', { fourhse: { resourceId: 'person-42' } }, 'BAD_USER_INPUT', 'input.fourhse.resourceId'],
    ['validity without unit', { fourhse: { validityUnit: null } }, 'BAD_USER_INPUT', 'input.fourhse.validityUnit'],
    ['a source that has no branch (Falkor is read only)', { falkor: {} }, 'BAD_USER_INPUT', 'input.falkor'],
    ['no branch', { fourhse: undefined }, 'BAD_USER_INPUT', 'input'],
    ['two branches', { ensinio: { groupId: 1, userId: 1, conclusionDate: '2026-01-01' } }, 'BAD_USER_INPUT', 'input'],
    ['a null branch', { fourhse: null }, 'BAD_USER_INPUT', 'input.fourhse'],
    ['non-positive Ensinio ids', { fourhse: undefined, ensinio: { groupId: 0, userId: -1, conclusionDate: '2026-01-01' } }, 'BAD_USER_INPUT', 'input.ensinio.groupId'],
  ];

  it.each(cases)('%s', async (_name, over, code, field) => {
    const base = fourhseInput();
    const input: Record<string, unknown> = { ...base, ...over };
    if (over.fourhse) input.fourhse = { ...base.fourhse, ...(over.fourhse) };
    if ('fourhse' in over && over.fourhse === undefined) delete input.fourhse;
    if (_name === 'missing required field') input.fourhse = over.fourhse;
    const before = writesTo();
    const res = await gw.query(ISSUE, { input });
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors![0].extensions!.code).toBe(code);
    expect(res.body.errors![0].extensions!.field).toBe(field);
    expect(res.body.errors![0].message).toContain(field);
    expect(writesTo()).toBe(before);
  });

  it('reports every violated field at once', async () => {
    const res = await gw.query(ISSUE, { input: fourhseInput({ name: '', resourceId: 'x', expiresOn: '2000-01-01' }) });
    const fields = res.body.errors![0].extensions!.violations.map((v: any) => v.field);
    expect(fields).toEqual(expect.arrayContaining(['input.fourhse.name', 'input.fourhse.resourceId', 'input.fourhse.expiresOn']));
  });

  it.each([
    ['a malformed id', 'not-an-id', 'BAD_USER_INPUT'],
    ['a Resource id', Buffer.from('["Resource","FOURHSE","x"]').toString('base64url'), 'BAD_USER_INPUT'],
    ['an unknown 4HSE id', Buffer.from('["Certificate","FOURHSE","00000000-0000-4000-8000-000000000000"]').toString('base64url'), 'NOT_FOUND'],
  ])('update and revoke with %s', async (_n, id, code) => {
    const before = writesTo();
    const u = await gw.query(UPDATE, { id, input: { name: 'x' } });
    expect(u.body.errors![0].extensions!.code).toBe(code);
    const r = await gw.query(REVOKE, { id, force: true });
    expect(r.body.errors![0].extensions!.code).toBe(code);
    if (code === 'BAD_USER_INPUT') expect(writesTo()).toBe(before);
  });

  it('an update with nothing to change', async () => {
    const id = (await gw.query(ISSUE, { input: fourhseInput() })).body.data.issueCertificate.id;
    const res = await gw.query(UPDATE, { id, input: {} });
    expect(res.body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input' });
  });
});

describe('upstream failures during writes', () => {
  it.each([
    [{ kind: 'status', status: 422, body: JSON.stringify([{ field: 'resource_id', message: 'Resource ID is invalid.' }]) }, { code: 'UPSTREAM_REJECTED', source: 'FOURHSE', status: 422 }, /Resource ID is invalid/],
    [{ kind: 'status', status: 500 }, { code: 'UPSTREAM_UNAVAILABLE', source: 'FOURHSE', status: 500 }, /HTTP 500/],
    [{ kind: 'delay', ms: 3000 }, { code: 'UPSTREAM_UNAVAILABLE', source: 'FOURHSE', reason: 'TIMEOUT' }, /did not answer/],
  ] as const)('4HSE create answering %p', async (fault, extensions, message) => {
    const short = await startTestGateway({ env: { UPSTREAM_TIMEOUT_MS: '500' } });
    try {
      await short.query(`{ certificates(first: 1, filter: { sources: [FOURHSE] }) { totalCount } }`); // token
      short.sandbox.fourhse.setFault({ ...fault, path: '/v2/certificate/create' });
      const res = await short.query(ISSUE, { input: { ...fourhseInput(), fourhse: { ...fourhseInput().fourhse, resourceId: short.sandbox.seed.fourhse.resources[0].resource_id, tenantId: short.sandbox.seed.fourhse.resources[0].tenant_id } } });
      expect(res.body.errors![0].extensions).toMatchObject(extensions);
      expect(res.body.errors![0].message).toMatch(message);
      short.sandbox.fourhse.setFault(null);
      const fine = await short.query(`{ sources { name } }`);
      expect(fine.body.data.sources).toHaveLength(4);
    } finally {
      await short.stop();
    }
  });
});

describe('idempotency keys', () => {
  it('a retry with the same key and input returns the first result without a second write', async () => {
    const key = `retry-${Date.now()}`;
    const first = await gw.query(ISSUE, { input: fourhseInput({ name: 'Once only' }), key });
    const creates = () => gw.sandbox.fourhse.requests.filter((r) => r.path === '/v2/certificate/create').length;
    const n = creates();
    const second = await gw.query(ISSUE, { input: fourhseInput({ name: 'Once only' }), key });
    expect(second.body.data.issueCertificate.id).toBe(first.body.data.issueCertificate.id);
    expect(creates()).toBe(n);
    // Concurrent retries: still one write.
    const key2 = `race-${Date.now()}`;
    const [a, b] = await Promise.all([gw.query(ISSUE, { input: fourhseInput({ name: 'Race' }), key: key2 }), gw.query(ISSUE, { input: fourhseInput({ name: 'Race' }), key: key2 })]);
    expect(a.body.data.issueCertificate.id).toBe(b.body.data.issueCertificate.id);
    expect(creates()).toBe(n + 1);
  });

  it('the same key with another input is BAD_USER_INPUT', async () => {
    const key = `reuse-${Date.now()}`;
    await gw.query(ISSUE, { input: fourhseInput({ name: 'First' }), key });
    const before = writesTo();
    const res = await gw.query(ISSUE, { input: fourhseInput({ name: 'Second' }), key });
    expect(res.body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey' });
    expect(writesTo()).toBe(before);
  });

  it('a write refused for sure releases its key, so the retry really writes', async () => {
    const key = `fail-${Date.now()}`;
    gw.sandbox.ensinio.setFault({ kind: 'status', status: 422, body: JSON.stringify({ message: 'The conclusion date is locked' }), path: '/public/api/v1/certificates', times: 1 });
    const failed = await gw.query(ISSUE, { input: { ensinio: { ...ensinio, conclusionDate: '2026-11-04' } }, key });
    expect(failed.body.errors![0].extensions!.code).toBe('UPSTREAM_REJECTED');
    const retried = await gw.query(ISSUE, { input: { ensinio: { ...ensinio, conclusionDate: '2026-11-04' } }, key });
    expect(retried.body.errors).toBeUndefined();
  });

  it.each([
    ['timed out', { kind: 'delay', ms: 1500 }, { reason: 'TIMEOUT' }],
    ['answered 500', { kind: 'status', status: 500 }, { status: 500 }],
  ] as const)('a write whose outcome is unknown (4HSE %s) keeps its key: the retry is told, and writes nothing', async (_n, fault, first) => {
    const short = await startTestGateway({ env: { UPSTREAM_TIMEOUT_MS: '500' } });
    try {
      await short.query(`{ certificates(first: 1, filter: { sources: [FOURHSE] }) { totalCount } }`); // token
      const r = short.sandbox.seed.fourhse.resources[0];
      const input = { ...fourhseInput(), fourhse: { ...fourhseInput().fourhse, name: 'Maybe written', resourceId: r.resource_id, tenantId: r.tenant_id } };
      const creates = () => short.sandbox.fourhse.requests.filter((q) => q.path === '/v2/certificate/create').length;
      short.sandbox.fourhse.setFault({ ...fault, path: '/v2/certificate/create', times: 1 });
      const key = `unknown-${Date.now()}`;
      const res = await short.query(ISSUE, { input, key });
      expect(res.body.errors![0].extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', source: 'FOURHSE', ...first });
      expect(creates()).toBe(1);
      const retry = await short.query(ISSUE, { input, key });
      expect(retry.body.errors![0].extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', source: 'FOURHSE', outcome: 'UNKNOWN' });
      expect(retry.body.errors![0].message).toMatch(/check the certificate before writing again with a new idempotencyKey/);
      expect(creates()).toBe(1);
      // A new key is a new write.
      const fresh = await short.query(ISSUE, { input, key: `${key}-2` });
      expect(fresh.body.errors).toBeUndefined();
      expect(creates()).toBe(2);
    } finally {
      await short.stop();
    }
  });

  it('revoke with a key: the retry does not delete twice', async () => {
    const created = (await gw.query(ISSUE, { input: fourhseInput({ name: 'Revoke once' }) })).body.data.issueCertificate;
    const key = `revoke-${Date.now()}`;
    const first = await gw.query(REVOKE, { id: created.id, force: true, key });
    const second = await gw.query(REVOKE, { id: created.id, force: true, key });
    expect(first.body.data.revokeCertificate.revoked).toBe(true);
    expect(second.body).toEqual(first.body);
  });
});
