import { batchRequests } from '../../src/connectors/falkor/loaders';
import { startTestGateway, type TestGateway } from '../helpers/gateway';

let gw: TestGateway;
let all: any[];

const LIST = `{ certificates(first: 500) { nodes { id source sourceId name expiresOn
  holder { id source sourceId name email } certification { id source sourceId name } story { id sourceId name type } } } }`;

beforeAll(async () => {
  gw = await startTestGateway();
  all = (await gw.query(LIST)).body.data.certificates.nodes;
});
afterAll(() => gw?.stop());

const NODE = `query($id: ID!) { node(id: $id) {
  __typename id
  ... on Certificate { source sourceId name expiresOn holder { id } }
  ... on Resource { source sourceId name email }
  ... on Certification { source sourceId name }
  ... on Story { sourceId name type }
} }`;

describe('node(id) round trip', () => {
  it.each(['FOURHSE', 'SPRINGEST', 'ENSINIO', 'FALKOR'])('fetches a %s certificate, its holder and what it certifies again by ID', async (source) => {
    const c = all.find((x) => x.source === source);
    const res = await gw.query(NODE, { id: c.id });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.node).toEqual({ __typename: 'Certificate', id: c.id, source, sourceId: c.sourceId, name: c.name, expiresOn: c.expiresOn, holder: { id: c.holder.id } });

    const holder = await gw.query(NODE, { id: c.holder.id });
    expect(holder.body.data.node).toMatchObject({ __typename: 'Resource', id: c.holder.id, source, sourceId: c.holder.sourceId, name: c.holder.name });

    const typed = await gw.query(`query($id: ID!) { certificate(id: $id) { id } resource(id: $id) { id } }`, { id: c.id });
    expect(typed.body.data).toEqual({ certificate: { id: c.id }, resource: null });
    expect(typed.body.errors).toHaveLength(1);
    expect(typed.body.errors?.[0]).toMatchObject({ path: ['resource'], extensions: { code: 'BAD_USER_INPUT', field: 'id' } });

    if (c.certification) {
      const cert = await gw.query(NODE, { id: c.certification.id });
      expect(cert.body.data.node).toEqual({ __typename: 'Certification', id: c.certification.id, source, sourceId: c.certification.sourceId, name: c.certification.name });
    }
    if (c.story) {
      const story = await gw.query(NODE, { id: c.story.id });
      expect(story.body.data.node).toEqual({ __typename: 'Story', id: c.story.id, ...c.story });
    }
  });

  it('IDs are stable across requests and opaque', async () => {
    const again = (await gw.query(LIST)).body.data.certificates.nodes;
    expect(again.map((c: any) => c.id)).toEqual(all.map((c) => c.id));
    expect(all.every((c) => /^[A-Za-z0-9_-]+$/.test(c.id))).toBe(true);
  });

  it('answers null for an ID of something the source no longer has', async () => {
    const c = all.find((x) => x.source === 'FOURHSE');
    const forged = Buffer.from(JSON.stringify(['Certificate', 'FOURHSE', '00000000-0000-4000-8000-000000000000'])).toString('base64url');
    const res = await gw.query(NODE, { id: forged });
    expect(res.body).toEqual({ data: { node: null } });
    expect(c).toBeDefined();
  });
});

describe('person(email)', () => {
  it('gathers one human across the sources that know the email', async () => {
    const springestEmails = new Set(all.filter((c) => c.source === 'SPRINGEST').map((c) => c.holder.email));
    const email = all.find((c) => c.source === 'FALKOR' && springestEmails.has(c.holder.email)).holder.email;
    const res = await gw.query(
      `query($email: String!) { person(email: $email) { email name resources { source email } certificates(first: 100) { totalCount nodes { source holder { email } } } } }`,
      { email: email.toUpperCase() },
    );
    expect(res.body.errors).toBeUndefined();
    const p = res.body.data.person;
    expect(p.email).toBe(email);
    expect(p.name).toBeTruthy();
    expect(p.resources.map((r: any) => r.source).sort()).toEqual(['FALKOR', 'SPRINGEST']);
    const expected = all.filter((c) => c.holder.email === email).length;
    expect(p.certificates.totalCount).toBe(expected);
    expect(p.certificates.nodes.every((n: any) => n.holder.email === email)).toBe(true);
  });

  it('is null for an email no source knows', async () => {
    const res = await gw.query(`{ person(email: "nobody@nowhere.example") { email } }`);
    expect(res.body).toEqual({ data: { person: null } });
  });
});

describe('certifications, stories, sources', () => {
  it('lists Springest certifications and Ensinio courses', async () => {
    const res = await gw.query(`{ certifications { id source name certificates(first: 500) { totalCount } } }`);
    const list = res.body.data.certifications;
    expect(new Set(list.map((c: any) => c.source))).toEqual(new Set(['SPRINGEST', 'ENSINIO']));
    const ensinio = list.filter((c: any) => c.source === 'ENSINIO');
    const total = ensinio.reduce((n: number, c: any) => n + c.certificates.totalCount, 0);
    expect(total).toBe(all.filter((c) => c.source === 'ENSINIO').length);
  });

  it('lists stories with their certificates', async () => {
    const res = await gw.query(`{ stories { id name type certificates(first: 500) { totalCount nodes { story { id } } } } }`);
    const stories = res.body.data.stories;
    expect(stories.length).toBeGreaterThan(3);
    for (const s of stories) expect(s.certificates.nodes.every((n: any) => n.story.id === s.id)).toBe(true);
    expect(stories.reduce((n: number, s: any) => n + s.certificates.totalCount, 0)).toBe(all.filter((c) => c.source === 'FALKOR').length);
  });

  it('reports every source', async () => {
    const res = await gw.query(`{ sources { name configured healthy lastError } }`);
    expect(res.body.data.sources).toEqual(
      ['FOURHSE', 'SPRINGEST', 'ENSINIO', 'FALKOR'].map((name) => ({ name, configured: true, healthy: true, lastError: null })),
    );
  });
});

describe('upstream calls per query (DataLoader)', () => {
  const HUNDRED = `{ certificates(first: 100) { totalCount edges { node { name holder { name email } certification { name } } } } }`;

  it('100 certificates with holder and certification cost one call per source (plus reference data when cold)', async () => {
    const cold = await startTestGateway();
    try {
      const res = await cold.query(HUNDRED);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.certificates.edges).toHaveLength(100);
      const paths = (s: { requests: { path: string }[] }) => s.requests.map((r) => r.path);
      // Cold: 4HSE also hands out its OAuth token, Springest its certification names.
      expect(paths(cold.sandbox.fourhse)).toEqual(['/auth/token', '/v2/certificate/index']);
      expect(paths(cold.sandbox.springest).sort()).toEqual(['/certifications.json', '/users/certificates.json']);
      expect(paths(cold.sandbox.ensinio)).toEqual(['/public/api/v1/certificates']);
      expect(paths(cold.sandbox.falkor)).toEqual(['/v1/logs/story-certificates']);
      // Warm: token and certification names are cached; one call per source.
      cold.resetUpstreamCalls();
      await cold.query(HUNDRED);
      expect(cold.upstreamCalls()).toEqual({ FOURHSE: 1, SPRINGEST: 1, ENSINIO: 1, FALKOR: 1 });
    } finally {
      await cold.stop();
    }
  });

  it("batches the Falkor holders' certificates into one call through its users[] filter", async () => {
    gw.resetUpstreamCalls();
    const res = await gw.query(`{ certificates(first: 40, filter: { sources: [FALKOR] }) { nodes { holder { email certificates(first: 3) { totalCount } } } } }`);
    expect(res.body.errors).toBeUndefined();
    const emails = new Set(res.body.data.certificates.nodes.map((n: any) => n.holder.email));
    expect(emails.size).toBeGreaterThan(5);
    expect(gw.upstreamCalls().FALKOR).toBe(2);
    const batch = gw.sandbox.falkor.requests[gw.sandbox.falkor.requests.length - 1].body as { users: string[] };
    expect(new Set(batch.users)).toEqual(emails);
    for (const n of res.body.data.certificates.nodes) {
      expect(n.holder.certificates.totalCount).toBe(all.filter((c) => c.holder.email === n.holder.email && c.source === 'FALKOR').length);
    }
  });

  it("de-duplicates 4HSE holders: one call per distinct holder (its filter has no array form)", async () => {
    gw.resetUpstreamCalls();
    const res = await gw.query(`{ certificates(first: 60, filter: { sources: [FOURHSE] }) { nodes { holder { id certificates(first: 2) { totalCount } } } } }`);
    const holders = new Set(res.body.data.certificates.nodes.map((n: any) => n.holder.id));
    expect(holders.size).toBeLessThan(60);
    expect(gw.upstreamCalls().FOURHSE).toBe(1 + holders.size);
  });

  it('groups Falkor requests that differ only by users', () => {
    expect(batchRequests([{ users: ['a@x'] }, { users: ['b@x'] }, { story: 'S1' }, { users: ['a@x'], story: 'S1' }, {}])).toEqual([
      { body: { users: ['a@x', 'b@x'] }, members: [0, 1] },
      { body: { story: 'S1' }, members: [2] },
      { body: { story: 'S1', users: ['a@x'] }, members: [3] },
      { body: {}, members: [4] },
    ]);
  });
});
