/**
 * The compliance view under the response cache (issues 9 and 12), against the
 * real simulators: its answers record the sources they read through the
 * request's loaders, so a write to one of them invalidates them; and they
 * depend on PEOPLE_FILE and REQUIREMENTS_FILE, so a reload of either is not
 * answered from what was stored before it (the clock never moves here: a
 * stored answer would otherwise stay fresh for the whole test).
 */
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '../helpers/eventually';
import { startTestGateway, type GraphQLResponse, type TestGateway } from '../helpers/gateway';

const TODAY = '2026-11-29';
const clock = { now: () => new Date(`${TODAY}T12:00:00Z`) };
const KEY = 'compliance-cache-key-0123456789';
const AUTH = { authorization: `Bearer ${KEY}` };

const REQUIREMENTS = `requirementSets:
  basics:
    assignTo: [team:all]
    requirements:
      - id: ehbo
        namePattern: "^EHBO$"
      - id: general-safety
        namePattern: "General Safety Training"
`;
const VIEW = `query View { compliance(first: 5) { totalCount nodes { person { email } requirement { id set } status } } }`;
const ISSUE = `mutation Issue($input: IssueCertificateInput!) { issueCertificate(input: $input) { id name } }`;

const cacheOf = (r: GraphQLResponse) => r.body.extensions?.responseCache as { hit: boolean; ageMs?: number } | undefined;

let dir: string;
let peopleFile: string;
let gw: TestGateway;
let people: string[];

function replaceFile(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}
const peopleCsv = (emails: readonly string[]) => ['email,name,employeeId,tags,fourhse,ensinio', ...emails.map((e, i) => `${e},Person ${i},,team:all,,`)].join('\n') + '\n';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'compliance-cache-test-'));
  peopleFile = join(dir, 'people.csv');
  const requirementsFile = join(dir, 'requirements.yaml');
  // Springest carries emails: its users are people of the file without any link.
  people = ['nobody.yet@compliance-cache.example'];
  writeFileSync(peopleFile, peopleCsv(people));
  writeFileSync(requirementsFile, REQUIREMENTS);
  gw = await startTestGateway({
    clock,
    sandbox: { today: TODAY },
    env: { RESPONSE_CACHE: '1', POLL_INTERVAL_S: '10', RESPONSE_CACHE_TTL_S: '10', PEOPLE_FILE: peopleFile, REQUIREMENTS_FILE: requirementsFile, GATEWAY_API_KEYS: KEY },
  });
});
afterAll(async () => {
  await gw?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const view = () => gw.query(VIEW, undefined, AUTH);

it('answers the view from the cache, with no upstream call', async () => {
  const first = await view();
  expect(first.body.errors).toBeUndefined();
  expect(first.body.data.compliance.totalCount).toBe(2);
  gw.resetUpstreamCalls();
  const second = await view();
  expect(cacheOf(second)).toMatchObject({ hit: true });
  expect(second.body.data).toEqual(first.body.data);
  expect(Object.values(gw.upstreamCalls()).reduce((a, b) => a + b, 0)).toBe(0);
});

it('reads the view again after a write to a source it read', async () => {
  await view();
  expect(cacheOf(await view())).toMatchObject({ hit: true });
  const r = gw.sandbox.seed.fourhse.resources.find((x) => x.resource_type === 'PERSON')!;
  const issued = await gw.query(
    ISSUE,
    { input: { fourhse: { name: 'Cache test training', issuedOn: '2026-10-01', expiresOn: '2028-10-01', actionType: 'TRAINING', resourceId: r.resource_id, tenantId: r.tenant_id } } },
    AUTH,
  );
  expect(issued.body.errors).toBeUndefined();
  gw.resetUpstreamCalls();
  const after = await view();
  expect(cacheOf(after)).toEqual({ hit: false });
  expect(gw.upstreamCalls().FOURHSE).toBeGreaterThan(0);
});

it('does not answer from before a people file reload', async () => {
  await view();
  expect(cacheOf(await view())).toMatchObject({ hit: true });
  replaceFile(peopleFile, peopleCsv([...people, 'new.hire@compliance-cache.example']));
  // Two requirements for each of two people: the answer stored for one person must not be served.
  await eventually(
    async () => {
      const res = await view();
      expect(res.body.data.compliance.totalCount).toBe(4);
    },
    { what: 'the reloaded people file in the view', timeoutMs: 10_000, intervalMs: 50 },
  );
  expect(cacheOf(await view())).toMatchObject({ hit: true });
});
