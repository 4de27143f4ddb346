import { startTestGateway, type TestGateway } from '../helpers/gateway';

/**
 * What a form needs, read from the schema (issue 10, items 3 and 4): the 4HSE
 * tenant of a holder and of a certificate, which sources accept which
 * writes, and a per-source input that is a @oneOf input object.
 */
let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw?.stop());

describe('the 4HSE tenant', () => {
  it('is on every 4HSE certificate and its holder, as the 4HSE index gives it (tenant_id, project_name)', async () => {
    const res = await gw.query(`{ certificates(first: 50, filter: { sources: [FOURHSE] }) { nodes { sourceId tenantId tenantName holder { sourceId tenantId tenantName } } } }`);
    expect(res.body.errors).toBeUndefined();
    const nodes = res.body.data.certificates.nodes;
    expect(nodes).toHaveLength(50);
    const upstream = new Map(gw.sandbox.fourhse.certificates.map((c) => [c.certificate_id, c]));
    for (const n of nodes) {
      const c = upstream.get(n.sourceId)!;
      expect(n).toMatchObject({ tenantId: c.tenant_id, tenantName: c.project_name, holder: { sourceId: c.resource_id, tenantId: c.tenant_id, tenantName: c.project_name } });
    }
  });

  it('is null for the sources without tenants', async () => {
    const res = await gw.query(`{ certificates(first: 30, filter: { sources: [SPRINGEST, ENSINIO, FALKOR] }) { nodes { tenantId tenantName holder { tenantId } } } }`);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.certificates.nodes.length).toBeGreaterThan(0);
    for (const n of res.body.data.certificates.nodes) expect(n).toEqual({ tenantId: null, tenantName: null, holder: { tenantId: null } });
  });

  it('fills the form: a holder read by its ID gives the tenantId that issueCertificate takes', async () => {
    // A person picked in a list of certificates, then read by its ID as a form would.
    const list = await gw.query(`{ certificates(first: 1, filter: { sources: [FOURHSE], actionType: TRAINING }) { nodes { holder { id type } } } }`);
    expect(list.body.data.certificates.nodes[0].holder.type).toBe('PERSON');
    const holder = await gw.query(`query($id: ID!) { resource(id: $id) { sourceId tenantId tenantName } }`, { id: list.body.data.certificates.nodes[0].holder.id });
    const person = gw.sandbox.seed.fourhse.resources.find((r) => r.resource_id === holder.body.data.resource.sourceId)!;
    expect(holder.body.data.resource).toEqual({ sourceId: person.resource_id, tenantId: person.tenant_id, tenantName: expect.any(String) });
    const issued = await gw.query(
      `mutation($input: IssueCertificateInput!) { issueCertificate(input: $input) { source tenantId holder { sourceId tenantId } } }`,
      { input: { fourhse: { name: 'Form-filled', issuedOn: '2026-11-20', actionType: 'TRAINING', resourceId: holder.body.data.resource.sourceId, tenantId: holder.body.data.resource.tenantId } } },
    );
    expect(issued.body.errors).toBeUndefined();
    expect(issued.body.data.issueCertificate).toEqual({ source: 'FOURHSE', tenantId: person.tenant_id, holder: { sourceId: person.resource_id, tenantId: person.tenant_id } });
    const create = gw.sandbox.fourhse.requests.filter((r) => r.path === '/v2/certificate/create').pop() as { body: Record<string, unknown> };
    expect(create.body.tenant_id).toBe(person.tenant_id);
  });

  it('says in the schema where a tenantId comes from, since 4HSE offers no list of projects', async () => {
    const res = await gw.query(`{ __type(name: "FourHseIssueInput") { inputFields { name description } } }`);
    const tenant = res.body.data.__type.inputFields.find((f: { name: string }) => f.name === 'tenantId');
    expect(tenant.description).toMatch(/Resource\.tenantId/);
    expect(tenant.description).toMatch(/lists no projects/);
  });
});

describe('sources { capabilities }', () => {
  it("tells each source's writes, as its module declares them", async () => {
    const res = await gw.query(`{ sources { name capabilities } }`);
    expect(res.body.errors).toBeUndefined();
    expect(Object.fromEntries(res.body.data.sources.map((s: { name: string; capabilities: string[] }) => [s.name, s.capabilities]))).toEqual({
      FOURHSE: ['READ', 'ISSUE', 'UPDATE', 'REVOKE', 'REVOKE_PREVIEW', 'WEBHOOKS'],
      SPRINGEST: ['READ', 'ISSUE', 'UPLOAD_PDF', 'POLLED'],
      ENSINIO: ['READ', 'ISSUE', 'REVOKE', 'POLLED'],
      FALKOR: ['READ', 'POLLED'],
    });
  });

  it('matches the @oneOf input: a source that issues has a branch, a read-only one has none', async () => {
    const res = await gw.query(`{ __type(name: "IssueCertificateInput") { isOneOf inputFields { name type { kind name } defaultValue } } sources { name capabilities } }`);
    expect(res.body.errors).toBeUndefined();
    const t = res.body.data.__type;
    expect(t.isOneOf).toBe(true);
    // oneOf branches are nullable and have no default: exactly one is given.
    for (const f of t.inputFields) expect(f).toMatchObject({ type: { kind: 'INPUT_OBJECT' }, defaultValue: null });
    const issuing = res.body.data.sources.filter((s: { capabilities: string[] }) => s.capabilities.includes('ISSUE')).map((s: { name: string }) => s.name.toLowerCase());
    expect(t.inputFields.map((f: { name: string }) => f.name).sort()).toEqual(issuing.sort());
  });
});
