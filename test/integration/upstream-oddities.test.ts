/**
 * Over real HTTP: the simulators serve certificates with odd fields (put into
 * their live data), and the vendors' own doc examples (served as the answer of
 * one request). Odd certificates are listed, with those fields null and no
 * error; one whose identity is missing fails its source alone, naming the
 * field; the doc examples read as the mapper tests say.
 */
import { randomUUID } from 'node:crypto';
import { encodeId } from '../../src/ids';
import type { SourceName } from '../../src/domain';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { docExample, fixtureText } from '../helpers/doc-examples';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw?.stop());

const FIELDS = `id source sourceId name issuedOn expiresOn status url note actionType validity { unit count } warning grade workloadHours data
  holder { sourceId type name email photoUrl } certification { sourceId name } story { sourceId name type }`;
const ONE = `query($id: ID!) { certificate(id: $id) { ${FIELDS} } }`;
const LIST = `query($f: CertificateFilter) { certificates(first: 500, filter: $f) { totalCount nodes { ${FIELDS} } } }`;

/** Adds `item` to a simulator's live data for the duration of `fn`. */
async function withItem<T>(list: readonly unknown[], item: unknown, fn: () => Promise<T>): Promise<T> {
  const live = list as unknown[];
  live.push(item);
  try {
    return await fn();
  } finally {
    live.splice(live.indexOf(item), 1);
  }
}

/** The certificate by its ID, and as one of its holder's certificates; both without errors. */
async function readBothWays(source: SourceName, key: string[], holderId: string) {
  const id = encodeId('Certificate', source, key);
  const one = await gw.query(ONE, { id });
  expect(one.body.errors).toBeUndefined();
  const list = await gw.query(LIST, { f: { sources: [source], holderId: encodeId('Resource', source, [holderId]) } });
  expect(list.body.errors).toBeUndefined();
  const listed = list.body.data.certificates.nodes.find((n: any) => n.id === id);
  expect(listed).toEqual(one.body.data.certificate);
  return one.body.data.certificate;
}

describe('odd fields from a live upstream', () => {
  it('4HSE: a certificate with odd values is listed with those fields null', async () => {
    const seed = gw.sandbox.fourhse.certificates.find((c) => c.resource_type === 'PERSON')!;
    const odd = {
      ...seed,
      certificate_id: randomUUID(),
      date_release: '2024-02-30',
      date_expire: '9999-99-99junk',
      name: 42,
      note: { text: 'x' },
      action_type: 'JUGGLING',
      validity_unit: 'WEEK',
      validity: '40h',
      warning: 'yes',
      data: ['a'],
      resource_type: 'ROBOT',
    };
    const c = await withItem(gw.sandbox.fourhse.certificates, odd, () => readBothWays('FOURHSE', [odd.certificate_id], seed.resource_id));
    expect(c).toMatchObject({
      sourceId: odd.certificate_id,
      name: null,
      issuedOn: null,
      expiresOn: null,
      status: 'VALID',
      note: null,
      actionType: null,
      validity: null,
      warning: null,
      data: null,
      holder: { sourceId: seed.resource_id, type: null, name: seed.resource_name },
    });
  });

  it('Ensinio: odd dates, grade, workload, names', async () => {
    const seed = gw.sandbox.ensinio.certificates[0];
    const odd = { ...seed, id: 990001, conclusion_date: '2024-02-30', expiration_date: 20250101, average_grade: '9.2', ch: { hours: 40 }, alternative_name: null, group_name: 12, member_name: ['Ana'], link: 5 };
    const c = await withItem(gw.sandbox.ensinio.certificates, odd, () => readBothWays('ENSINIO', ['990001', String(seed.user_id), String(seed.group_id)], String(seed.user_id)));
    expect(c).toMatchObject({ sourceId: '990001', name: null, issuedOn: null, expiresOn: null, grade: null, workloadHours: null, url: null, holder: { name: null }, certification: { sourceId: String(seed.group_id) } });
  });

  it('Springest: odd dates and texts', async () => {
    const seed = gw.sandbox.springest.certificates.find((c) => c.status === 'verified')!;
    const odd = { ...seed, id: 990002, valid_from: '2024-13-45', valid_until: 'soon', name: 7, description: ['x'] };
    const email = seed.user.email.toLowerCase();
    const c = await withItem(gw.sandbox.springest.certificates, odd, () => readBothWays('SPRINGEST', ['990002', email, String(seed.certification_id)], email));
    expect(c).toMatchObject({ sourceId: '990002', name: null, issuedOn: null, expiresOn: null, note: null, holder: { email } });
  });

  it('Falkor: a timestamp that is no date, odd state, URL and first name', async () => {
    const seed = gw.sandbox.falkor.certificates[0];
    const timestamp = '2021-02-30T10:00:00+01:00';
    const odd = { storyId: seed.storyId, item: { ...seed.item, firstname: 5, country: {}, certificate: { timestamp, state: 'archived', url: 7 } } };
    const email = seed.item.email.toLowerCase();
    const c = await withItem(gw.sandbox.falkor.certificates, odd, () => readBothWays('FALKOR', [seed.storyId, email, timestamp], email));
    expect(c).toMatchObject({ issuedOn: null, status: 'VALID', url: null, holder: { sourceId: email, name: seed.item.lastname }, data: { state: null, country: null, deliveredAt: timestamp } });
  });
});

describe('an upstream item without its identity', () => {
  it('fails that source alone, naming the field; it answers again once the item is gone', async () => {
    const Q = `{ certificates(first: 500) { totalCount nodes { source } } }`;
    const before = await gw.query(Q);
    expect(before.body.errors).toBeUndefined();
    const seed = gw.sandbox.ensinio.certificates[0];
    const res = await withItem(gw.sandbox.ensinio.certificates, { ...seed, id: 990003, user_id: null }, () => gw.query(Q));
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors![0].extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', source: 'ENSINIO' });
    expect(res.body.errors![0].message).toMatch(/ENSINIO.*user_id/);
    const others = before.body.data.certificates.nodes.filter((n: any) => n.source !== 'ENSINIO').length;
    expect(res.body.data.certificates.nodes).toHaveLength(others);
    const after = await gw.query(Q);
    expect(after.body.errors).toBeUndefined();
    expect(after.body.data.certificates.totalCount).toBe(before.body.data.certificates.totalCount);
  });
});

describe('the vendors\' doc examples, served by the upstream', () => {
  it('4HSE: 001\'s index answer and 000\'s view answer', async () => {
    gw.sandbox.fourhse.setFault({ kind: 'status', status: 200, body: fixtureText('fourhse/001-index-response.json'), path: '/v2/certificate/index', times: 1 });
    const list = await gw.query(LIST, { f: { sources: ['FOURHSE'] } });
    expect(list.body.errors).toBeUndefined();
    expect(list.body.data.certificates.nodes).toEqual([
      expect.objectContaining({
        sourceId: 'f6a7b8c9-d0e1-2f3a-4b5c-6d7e8f9a0b1c',
        name: 'Fire Safety Training Certificate',
        issuedOn: '2024-01-15',
        expiresOn: '2029-01-15',
        actionType: 'TRAINING',
        validity: { unit: 'YEAR', count: 5 },
        warning: false,
        holder: { sourceId: 'e3a1f5d2-8c4b-4e7a-9f6d-2b1c3d4e5f6a', type: 'PERSON', name: 'Smith John', email: null, photoUrl: null },
      }),
    ]);
    gw.sandbox.fourhse.setFault({ kind: 'status', status: 200, body: fixtureText('fourhse/000-view-response.json'), path: '/v2/certificate/view/', times: 1 });
    const one = await gw.query(ONE, { id: encodeId('Certificate', 'FOURHSE', ['123e4567-e89b-12d3-a456-426655440000']) });
    expect(one.body.errors).toBeUndefined();
    expect(one.body.data.certificate).toMatchObject({
      name: 'Certificate of Completion',
      note: 'This certificate is valid for one year.',
      data: { additional_info: 'This certificate was issued by the training department.' },
      holder: { type: null },
    });
  });

  it('Ensinio: the issue request the gateway sends is the doc\'s, and the doc\'s 201 answer is the certificate', async () => {
    const request = docExample('ensinio/003-issue-request.json');
    gw.sandbox.ensinio.setFault({ kind: 'status', status: 201, body: fixtureText('ensinio/003-issue-response.json'), path: '/public/api/v1/certificates', times: 1 });
    const issued = await gw.query(`mutation($i: IssueCertificateInput!) { issueCertificate(input: $i) { ${FIELDS} } }`, {
      i: { ensinio: { groupId: request.group_id, userId: request.user_id, conclusionDate: request.conclusion_date } },
    });
    expect(issued.body.errors).toBeUndefined();
    const sent = gw.sandbox.ensinio.requests.filter((r) => r.method === 'POST').pop()!;
    expect(sent.body).toEqual(request);
    expect(issued.body.data.issueCertificate).toMatchObject({
      id: encodeId('Certificate', 'ENSINIO', ['201', '9001', '12']),
      sourceId: '201',
      name: 'Curso Completo de Marketing',
      issuedOn: '2025-05-20',
      expiresOn: '2026-03-01',
      grade: 9.2,
      workloadHours: 40,
      holder: { sourceId: '9001', name: 'Ana Silva' },
      certification: { sourceId: '12', name: 'Curso Completo de Marketing' },
    });
  });

  it('Ensinio: the doc\'s 200 answer to a revoke carries its message', async () => {
    gw.sandbox.ensinio.setFault({ kind: 'status', status: 200, body: fixtureText('ensinio/003-revoke-response-200.json'), path: '/public/api/v1/certificates/201', times: 1 });
    const r = await gw.query(`mutation($id: ID!) { revokeCertificate(id: $id) { revoked message } }`, { id: encodeId('Certificate', 'ENSINIO', ['201', '9001', '12']) });
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.revokeCertificate).toEqual({ revoked: true, message: docExample('ensinio/003-revoke-response-200.json').message });
  });

  it('Falkor: the doc\'s answer (its "...etc" dropped) lists its two certificates', async () => {
    gw.sandbox.falkor.setFault({ kind: 'status', status: 200, body: JSON.stringify(docExample('falkor/004-response.txt')), times: 1 });
    const list = await gw.query(LIST, { f: { sources: ['FALKOR'] } });
    expect(list.body.errors).toBeUndefined();
    expect(list.body.data.certificates.nodes.map((n: any) => [n.name, n.issuedOn, n.url, n.status, n.holder.sourceId, n.holder.email, n.story])).toEqual([
      ['Story A', '2021-09-28', '<certificate URL>', 'VALID', '[email protected]', null, { sourceId: 'EV72-RQZY-80AH', name: 'Story A', type: 'STORY' }],
      ['Story B', '2021-09-28', '<certificate URL>', 'VALID', '[email protected]', null, { sourceId: 'EV72-RQZY-80AH', name: 'Story B', type: 'STORY' }],
    ]);
  });
});
