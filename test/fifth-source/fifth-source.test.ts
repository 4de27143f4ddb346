/**
 * Adding a source is one module and one registration: here a test-only fifth
 * source (acme.source.ts) registered beside the built-in four, with no change
 * to src/. It is read through the global list, node(id), person(email) and
 * the partial-error path exactly like the built-in sources.
 */
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { ACME_CERTIFICATES, acme, acmeSimulator } from './acme.source';

let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway({ extraSources: [acme], sandbox: { today: '2026-11-01' } });
});
afterAll(async () => {
  await gw?.stop();
});
afterEach(() => {
  acmeSimulator!.failing = false;
});

describe('a fifth source registered from a test', () => {
  it('is a value of the Source enum and is listed by sources', async () => {
    const res = await gw.query('{ __type(name: "Source") { enumValues { name description } } sources { name configured healthy } }');
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.__type.enumValues.map((v: { name: string }) => v.name)).toEqual(['FOURHSE', 'SPRINGEST', 'ENSINIO', 'FALKOR', 'ACME']);
    expect(res.body.data.sources).toContainEqual({ name: 'ACME', configured: true, healthy: true });
  });

  it('lists its certificates in the global order, filtered by source and by holder email', async () => {
    const all = await gw.query('{ certificates(first: 500, orderBy: { field: EXPIRES_ON, direction: ASC }) { totalCount nodes { source name expiresOn } } }');
    expect(all.body.errors).toBeUndefined();
    const acmeNodes = all.body.data.certificates.nodes.filter((n: { source: string }) => n.source === 'ACME');
    expect(acmeNodes.map((n: { name: string }) => n.name).sort()).toEqual(ACME_CERTIFICATES.map((c) => c.title).sort());
    // One global order: expiry dates never go down, never-expiring last, whichever source.
    const dates = all.body.data.certificates.nodes.map((n: { expiresOn: string | null }) => n.expiresOn ?? '9999-99-99');
    expect(dates).toEqual([...dates].sort());

    const only = await gw.query('{ certificates(filter: { sources: [ACME] }) { totalCount nodes { source holder { email } } } }');
    expect(only.body.data.certificates.totalCount).toBe(ACME_CERTIFICATES.length);
    const byEmail = await gw.query('{ certificates(filter: { holderEmail: "ANN.acme@example.com" }) { nodes { source name } } }');
    expect(byEmail.body.data.certificates.nodes).toEqual([
      { source: 'ACME', name: 'Acme Ladder Safety' },
      { source: 'ACME', name: 'Acme Induction' },
    ]);
  });

  it('fetches its certificate again by global ID, and refuses a key of the wrong shape', async () => {
    const list = await gw.query('{ certificates(filter: { sources: [ACME] }, first: 1) { nodes { id name holder { id email } } } }');
    const [first] = list.body.data.certificates.nodes;
    const again = await gw.query('query($id: ID!) { node(id: $id) { ... on Certificate { name source } } }', { id: first.id });
    expect(again.body.data.node).toEqual({ name: first.name, source: 'ACME' });
    const holder = await gw.query('query($id: ID!) { node(id: $id) { ... on Resource { email source } } }', { id: first.holder.id });
    expect(holder.body.data.node).toEqual({ email: first.holder.email, source: 'ACME' });

    const forged = Buffer.from(JSON.stringify(['Certificate', 'ACME', '../1001'])).toString('base64url');
    const refused = await gw.query('query($id: ID!) { node(id: $id) { id } }', { id: forged });
    expect(refused.body.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
  });

  it('joins person(email) across sources', async () => {
    const res = await gw.query('{ person(email: "bob.acme@example.com") { resources { source } certificates { nodes { name } } } }');
    expect(res.body.data.person.resources).toEqual([{ source: 'ACME' }]);
    expect(res.body.data.person.certificates.nodes).toEqual([{ name: 'Acme Forklift Basics' }]);
  });

  it('failing alone, it is reported as a partial error while the other four still answer', async () => {
    acmeSimulator!.failing = true;
    const res = await gw.query('{ certificates(first: 500) { totalCount nodes { source } } }');
    expect(res.status).toBe(200);
    const sources = new Set(res.body.data.certificates.nodes.map((n: { source: string }) => n.source));
    expect([...sources].sort()).toEqual(['ENSINIO', 'FALKOR', 'FOURHSE', 'SPRINGEST']);
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors![0].extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', source: 'ACME' });
    expect(res.text).not.toContain('acme-test-token');
  });

  it('declares its own capabilities: read only, polled; the @oneOf issue input has no branch for it', async () => {
    const res = await gw.query('{ sources { name capabilities } }');
    expect(res.body.data.sources.find((s: { name: string }) => s.name === 'ACME')).toEqual({ name: 'ACME', capabilities: ['READ', 'POLLED'] });
    const issue = await gw.query('mutation { issueCertificate(input: { acme: {} }) { id } }');
    expect(issue.body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.acme' });
  });
});
