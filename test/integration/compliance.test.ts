/**
 * The compliance view over the simulators (issue 12): a people file linking
 * holders across sources, requirement sets, statuses computed independently
 * here from the seed's wire data, one list per source for 1,000 people, and
 * both files reloaded without a restart (a bad version keeps the last good).
 */
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSeed, type SeedData, type SeedPerson } from '../../src/sandbox';
import { addDays } from '../../src/clock';
import { eventually } from '../helpers/eventually';
import { startTestGateway, type TestGateway } from '../helpers/gateway';

const TODAY = '2026-11-29';
const clock = { now: () => new Date(`${TODAY}T12:00:00Z`) };
/** Seed people whose Ensinio user the file leaves unlinked (unlinkedHolders must suggest them). */
const ensinioUnlinked = (i: number) => i % 10 === 9;
const SYNTHETIC = 960;

const REQUIREMENTS = `requirementSets:
  cross-source:
    assignTo: [team:all]
    requirements:
      - id: general-safety
        namePattern: "General Safety Training"
      - id: nr33
        namePattern: "NR-33"
      - id: ehbo
        namePattern: "^EHBO$"
  impossible:
    assignTo: [team:seed]
    requirements:
      - id: never
        namePattern: "^No such certificate$"
`;

let dir: string;
let peopleFile: string;
let requirementsFile: string;
let seed: SeedData;
let gw: TestGateway;
const KEY = 'compliance-test-key-0123456789';
const AUTH = { authorization: `Bearer ${KEY}` };
const q = (query: string, variables?: Record<string, unknown>) => gw.query(query, variables, AUTH);

/** Replaced as tools do it: a new file renamed over the old one. */
function replaceFile(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

function peopleCsv(people: readonly SeedPerson[], extraRows: string[] = []): string {
  const rows = people.map((p, i) =>
    [p.email, `"${p.fullName}"`, `E${i}`, 'team:all team:seed', p.fourhse?.resourceId ?? '', ensinioUnlinked(i) ? '' : String(p.ensinio?.userId ?? '')].join(','),
  );
  const synthetic = Array.from({ length: SYNTHETIC }, (_, i) => `worker${i}@synthetic.example,Worker ${i},,team:all,,`);
  return ['email,name,employeeId,tags,fourhse,ensinio', ...rows, ...synthetic, ...extraRows].join('\n') + '\n';
}

/**
 * The status the view must give, computed from the seed's wire data alone:
 * the person's matching certificates in each source (4HSE by the linked
 * resource, Ensinio by the linked user, Springest by email), the latest expiry.
 */
function expectedStatus(p: SeedPerson, index: number, requirement: string): string {
  const dates: (string | null)[] = [];
  if (requirement === 'general-safety' && p.fourhse) {
    dates.push(...seed.fourhse.certificates.filter((c) => c.resource_id === p.fourhse!.resourceId && /General Safety Training/i.test(c.name)).map((c) => c.date_expire));
  }
  if (requirement === 'nr33' && p.ensinio && !ensinioUnlinked(index)) {
    dates.push(...seed.ensinio.certificates.filter((c) => c.user_id === p.ensinio!.userId && /NR-33/i.test(`${c.alternative_name ?? ''} ${c.group_name ?? ''}`)).map((c) => c.expiration_date));
  }
  if (requirement === 'ehbo') {
    dates.push(...seed.springest.certificates.filter((c) => c.user.email === p.email && c.status === 'verified' && /^EHBO$/i.test(c.name)).map((c) => c.valid_until));
  }
  if (dates.length === 0) return 'MISSING';
  if (dates.includes(null)) return 'VALID';
  const best = (dates as string[]).sort().at(-1)!;
  return best < TODAY ? 'EXPIRED' : best <= addDays(TODAY, 30) ? 'EXPIRING' : 'VALID';
}

const ROWS = `query Rows($filter: ComplianceFilter, $first: Int, $after: String, $last: Int, $before: String) {
  compliance(filter: $filter, first: $first, after: $after, last: $last, before: $before) {
    totalCount
    edges { cursor node { person { email } requirement { id set } status expiresOn daysLeft certificate { source name expiresOn } } }
    pageInfo { hasNextPage hasPreviousPage endCursor startCursor }
    summary { byRequirementSet { key valid expiring expired missing total } byTag { key valid expiring expired missing total } }
  }
}`;

type Row = { person: { email: string }; requirement: { id: string; set: string }; status: string; expiresOn: string | null; daysLeft: number | null; certificate: { source: string; name: string; expiresOn: string | null } | null };

beforeAll(async () => {
  seed = createSeed({ today: TODAY });
  dir = mkdtempSync(join(tmpdir(), 'compliance-test-'));
  peopleFile = join(dir, 'people.csv');
  requirementsFile = join(dir, 'requirements.yaml');
  writeFileSync(peopleFile, peopleCsv(seed.people));
  writeFileSync(requirementsFile, REQUIREMENTS);
  gw = await startTestGateway({ clock, sandbox: { today: TODAY }, env: { PEOPLE_FILE: peopleFile, REQUIREMENTS_FILE: requirementsFile, GATEWAY_API_KEYS: KEY } });
  expect(gw.sandbox.seed.people.map((p) => p.email)).toEqual(seed.people.map((p) => p.email));
});
afterAll(async () => {
  await gw?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('people directory', () => {
  it('shows a linked person with certificates from all four sources, 4HSE and Ensinio by the linked holder', async () => {
    const maria = seed.people[0];
    const res = await q(
      `query($email: String!) { person(email: $email) { name employeeId tags resources { source sourceId } certificates(first: 200) { totalCount nodes { source holder { sourceId } } } } }`,
      { email: maria.email.toUpperCase() },
    );
    expect(res.body.errors).toBeUndefined();
    const p = res.body.data.person;
    expect([p.name, p.employeeId, p.tags]).toEqual([maria.fullName, 'E0', ['team:all', 'team:seed']]);
    const nodes: { source: string; holder: { sourceId: string } }[] = p.certificates.nodes;
    expect([...new Set(nodes.map((n) => n.source))].sort()).toEqual(['ENSINIO', 'FALKOR', 'FOURHSE', 'SPRINGEST']);
    expect(nodes.filter((n) => n.source === 'FOURHSE').every((n) => n.holder.sourceId === maria.fourhse!.resourceId)).toBe(true);
    expect(nodes.filter((n) => n.source === 'ENSINIO').every((n) => n.holder.sourceId === String(maria.ensinio!.userId))).toBe(true);
    const expected =
      seed.fourhse.certificates.filter((c) => c.resource_id === maria.fourhse!.resourceId).length +
      seed.ensinio.certificates.filter((c) => c.user_id === maria.ensinio!.userId).length;
    expect(nodes.filter((n) => n.source === 'FOURHSE' || n.source === 'ENSINIO')).toHaveLength(expected);
    expect(p.resources.map((r: { source: string }) => r.source).sort()).toEqual(['ENSINIO', 'FALKOR', 'FOURHSE', 'SPRINGEST']);
  });

  it("pages a linked person's certificates backward as forward, each source with its own criteria in the cursor", async () => {
    const maria = seed.people[0];
    const PAGE = `query($email: String!, $first: Int, $after: String, $last: Int, $before: String) {
      person(email: $email) { certificates(first: $first, after: $after, last: $last, before: $before) {
        totalCount edges { cursor node { id source } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }
    }`;
    const all = await q(PAGE, { email: maria.email, first: 200 });
    expect(all.body.errors).toBeUndefined();
    const forward: { cursor: string; node: { id: string; source: string } }[] = all.body.data.person.certificates.edges;
    expect([...new Set(forward.map((e) => e.node.source))].sort()).toEqual(['ENSINIO', 'FALKOR', 'FOURHSE', 'SPRINGEST']);
    // Backward from the end, three at a time, until the start.
    const backward: typeof forward = [];
    let before: string | null = null;
    for (let i = 0; i < 200; i++) {
      const res = await q(PAGE, { email: maria.email, last: 3, before });
      expect(res.body.errors).toBeUndefined();
      const c = res.body.data.person.certificates;
      backward.unshift(...c.edges);
      if (!c.pageInfo.hasPreviousPage) break;
      before = c.pageInfo.startCursor;
    }
    expect(backward).toEqual(forward);
    // The cursor carries the person's per-source criteria: another linked person's query refuses it.
    const other = await q(PAGE, { email: seed.people[1].email, last: 3, before: forward[forward.length - 1].cursor });
    expect(other.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'before' });
  });

  it('lists holders the file does not link, with the person of the same name', async () => {
    const res = await q(`{ unlinkedHolders(source: ENSINIO) { holder { sourceId name } certificateCount likelyMatches { email name reason } } }`);
    expect(res.body.errors).toBeUndefined();
    const unlinked: { holder: { sourceId: string }; likelyMatches: { email: string; reason: string }[] }[] = res.body.data.unlinkedHolders;
    const left = seed.people.filter((p, i) => ensinioUnlinked(i) && p.ensinio);
    expect(left.length).toBeGreaterThan(0);
    expect(unlinked.map((u) => u.holder.sourceId).sort()).toEqual(left.map((p) => String(p.ensinio!.userId)).sort());
    for (const p of left) {
      const u = unlinked.find((x) => x.holder.sourceId === String(p.ensinio!.userId))!;
      expect(u.likelyMatches).toEqual([{ email: p.email, name: p.fullName, reason: 'NAME' }]);
    }
  });
});

describe('compliance view', () => {
  it('gives each row the status the seed implies, with every status present', async () => {
    const res = await q(ROWS, { filter: { tags: ['team:seed'], requirementSets: ['cross-source'] }, first: 500 });
    expect(res.body.errors).toBeUndefined();
    const rows: Row[] = res.body.data.compliance.edges.map((e: { node: Row }) => e.node);
    expect(rows).toHaveLength(seed.people.length * 3);
    const got = rows.map((r) => `${r.person.email} ${r.requirement.id} ${r.status}`).sort();
    const want = seed.people.flatMap((p, i) => ['general-safety', 'nr33', 'ehbo'].map((r) => `${p.email} ${r} ${expectedStatus(p, i, r)}`)).sort();
    expect(got).toEqual(want);
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['VALID', 'EXPIRING', 'EXPIRED', 'MISSING']));
    // Most urgent first.
    const rank = { EXPIRED: 0, MISSING: 1, EXPIRING: 2, VALID: 3 } as Record<string, number>;
    expect(rows.map((r) => rank[r.status])).toEqual(rows.map((r) => rank[r.status]).sort((a, b) => a - b));
    for (const r of rows.filter((x) => x.status !== 'MISSING')) {
      expect(r.certificate!.expiresOn).toBe(r.expiresOn);
      if (r.expiresOn) expect(r.daysLeft).toBe(Math.round((Date.parse(r.expiresOn) - Date.parse(TODAY)) / 86_400_000));
    }
    const summary = res.body.data.compliance.summary;
    const count = (s: string) => rows.filter((r) => r.status === s).length;
    expect(summary.byRequirementSet).toEqual([{ key: 'cross-source', valid: count('VALID'), expiring: count('EXPIRING'), expired: count('EXPIRED'), missing: count('MISSING'), total: rows.length }]);
    expect(summary.byTag).toEqual([{ key: 'team:seed', valid: count('VALID'), expiring: count('EXPIRING'), expired: count('EXPIRED'), missing: count('MISSING'), total: rows.length }]);
  });

  it('filters by status and people, and pages forward and backward without gap or duplicate', async () => {
    const filter = { tags: ['team:seed'] };
    const all = await q(ROWS, { filter, first: 500 });
    const every: string[] = all.body.data.compliance.edges.map((e: { node: Row }) => `${e.node.person.email}/${e.node.requirement.id}`);
    const forward: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: { body: any } = await q(ROWS, { filter, first: 37, after });
      forward.push(...page.body.data.compliance.edges.map((e: { node: Row }) => `${e.node.person.email}/${e.node.requirement.id}`));
      if (!page.body.data.compliance.pageInfo.hasNextPage) break;
      after = page.body.data.compliance.pageInfo.endCursor;
    }
    expect(forward).toEqual(every);
    const tail = await q(ROWS, { filter, last: 5 });
    expect(tail.body.data.compliance.edges.map((e: { node: Row }) => `${e.node.person.email}/${e.node.requirement.id}`)).toEqual(every.slice(-5));
    const before = await q(ROWS, { filter, last: 3, before: tail.body.data.compliance.pageInfo.startCursor });
    expect(before.body.data.compliance.edges.map((e: { node: Row }) => `${e.node.person.email}/${e.node.requirement.id}`)).toEqual(every.slice(-8, -5));

    const missing = await q(ROWS, { filter: { people: [seed.people[1].email], status: ['MISSING'] }, first: 50 });
    const rows: Row[] = missing.body.data.compliance.edges.map((e: { node: Row }) => e.node);
    expect(rows.length).toBeGreaterThan(0); // "never" at least
    expect(rows.every((r) => r.status === 'MISSING' && r.person.email === seed.people[1].email)).toBe(true);
    const other = await q(ROWS, { filter: { tags: ['team:all'] }, after: tail.body.data.compliance.pageInfo.startCursor });
    expect(other.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('answers Person.compliance for one person, most urgent first', async () => {
    const p = seed.people[2];
    const res = await q(`query($e: String!) { person(email: $e) { compliance { requirement { id } status } } }`, { e: p.email });
    expect(res.body.errors).toBeUndefined();
    const got = res.body.data.person.compliance.map((r: { requirement: { id: string }; status: string }) => `${r.requirement.id} ${r.status}`).sort();
    expect(got).toEqual([...['general-safety', 'nr33', 'ehbo'].map((r) => `${r} ${expectedStatus(p, 2, r)}`), 'never MISSING'].sort());
  });

  it('refuses unknown tags, people and requirement sets by name, before any upstream call', async () => {
    gw.resetUpstreamCalls();
    const tags = await q(ROWS, { filter: { tags: ['team:all', 'team:ghosts', 'site:atlantis'] } });
    expect(tags.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.tags' });
    expect(tags.body.errors?.[0]?.message).toMatch(/"team:ghosts", "site:atlantis"|"site:atlantis", "team:ghosts"/);
    const sets = await q(ROWS, { filter: { requirementSets: ['cross-source', 'nope'] } });
    expect(sets.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.requirementSets' });
    expect(sets.body.errors?.[0]?.message).toMatch(/"nope"/);
    const people = await q(ROWS, { filter: { people: ['nobody@nowhere.example'] } });
    expect(people.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.people' });
    expect(Object.values(gw.upstreamCalls()).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('reads one list per source for 1,000 people × 3 requirements', async () => {
    const query = `{ compliance(filter: { requirementSets: ["cross-source"] }, first: 20) { totalCount summary { byRequirementSet { key total } } nodes { status } } }`;
    await q(query); // the 4HSE token and connections, out of the count
    gw.resetUpstreamCalls();
    const res = await q(query);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.compliance.totalCount).toBe((seed.people.length + SYNTHETIC) * 3);
    expect(seed.people.length + SYNTHETIC).toBe(1000);
    // One whole list each: 4HSE pages of 500, Ensinio pages of 100 (its largest), Springest and Falkor one request.
    expect(gw.upstreamCalls()).toEqual({
      FOURHSE: Math.max(1, Math.ceil(seed.fourhse.certificates.length / 500)),
      SPRINGEST: 1,
      ENSINIO: Math.max(1, Math.ceil(seed.ensinio.certificates.length / 100)),
      FALKOR: 1,
    });
  });
});

describe('CSV export', () => {
  const csv = (query: string, headers: Record<string, string> = AUTH) => fetch(`${gw.url}/exports/compliance.csv${query}`, { headers });

  it('needs the same API key as /graphql', async () => {
    const res = await csv('', {});
    expect(res.status).toBe(401);
    expect((await res.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('streams the filtered view with a header row, in the view order', async () => {
    const res = await csv('?tags=team:seed&requirementSets=cross-source&status=EXPIRED,MISSING&status=EXPIRING');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await res.text()).replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('email,name,employeeId,tags,requirementSet,requirementId,requirementName,status,expiresOn,daysLeft,certificateSource,certificateName,certificateId');
    const view = await q(ROWS, { filter: { tags: ['team:seed'], requirementSets: ['cross-source'], status: ['EXPIRED', 'MISSING', 'EXPIRING'] }, first: 500 });
    const rows: Row[] = view.body.data.compliance.edges.map((e: { node: Row }) => e.node);
    expect(rows.length).toBeGreaterThan(0);
    expect(lines.slice(1).map((l) => l.split(',')).map((c) => `${c[0]} ${c[5]} ${c[7]} ${c[8]} ${c[9]}`)).toEqual(
      rows.map((r) => `${r.person.email} ${r.requirement.id} ${r.status} ${r.expiresOn ?? ''} ${r.daysLeft ?? ''}`),
    );
  });

  it('exports thousands of rows', async () => {
    const res = await csv('');
    const lines = (await res.text()).trimEnd().split('\r\n');
    const view = await q(`{ compliance(first: 0) { totalCount } }`);
    expect(view.body.data.compliance.totalCount).toBeGreaterThan(3000);
    expect(lines).toHaveLength(1 + view.body.data.compliance.totalCount);
  });

  it('refuses unknown tags and parameters with BAD_USER_INPUT, before any upstream call', async () => {
    gw.resetUpstreamCalls();
    const tags = await csv('?tags=team:ghosts');
    expect(tags.status).toBe(400);
    expect((await tags.json()).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.tags' });
    const param = await csv('?colour=red');
    expect((await param.json()).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'colour' });
    const status = await csv('?status=LOST');
    expect((await status.json()).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.status' });
    expect(Object.values(gw.upstreamCalls()).reduce((a, b) => a + b, 0)).toBe(0);
  });
});

describe('reloading', () => {
  const newcomer = 'new.hire@acme-construction.example';

  it('takes a changed people file and requirements file without a restart', async () => {
    replaceFile(peopleFile, peopleCsv(seed.people, [`${newcomer},New Hire,,team:all team:newcomers,,`]));
    await eventually(
      async () => {
        const res = await q(ROWS, { filter: { people: [newcomer] } });
        expect(res.body.data?.compliance.nodes ?? res.body.data?.compliance.edges).toHaveLength(3);
      },
      { what: 'the new person in the view', timeoutMs: 10_000, intervalMs: 50 },
    );
    replaceFile(requirementsFile, REQUIREMENTS.replace('  impossible:\n', '  newcomers:\n    assignTo: [team:newcomers]\n    requirements:\n      - id: induction\n        namePattern: induction\n  impossible:\n'));
    await eventually(
      async () => {
        const res = await q(ROWS, { filter: { people: [newcomer] } });
        expect(res.body.data.compliance.edges.map((e: { node: Row }) => e.node.requirement.id).sort()).toEqual(['ehbo', 'general-safety', 'induction', 'nr33']);
      },
      { what: 'the new requirement set', timeoutMs: 10_000, intervalMs: 50 },
    );
  });

  it('keeps the last good people file when a bad one arrives, says so once and in /readyz, and recovers', async () => {
    const good = peopleCsv(seed.people, [`${newcomer},New Hire,,team:all team:newcomers,,`]);
    const lines = good.trimEnd().split('\n');
    // Row 4 repeats row 2's email.
    const bad = [...lines.slice(0, 3), `${seed.people[0].email},Someone Else,,team:all,,`, ...lines.slice(3)].join('\n') + '\n';
    replaceFile(peopleFile, bad);
    await eventually(
      async () => {
        const r = await fetch(`${gw.url}/readyz`);
        const body = await r.json();
        expect(r.status).toBe(200);
        expect(body.status).toBe('degraded');
        expect(body.files.find((f: { variable: string }) => f.variable === 'PEOPLE_FILE')).toMatchObject({ status: 'degraded', path: peopleFile });
        // Where, not what: /readyz is public, the emails stay in the log.
        const error: string = body.files.find((f: { variable: string }) => f.variable === 'PEOPLE_FILE').error;
        expect(error).toMatch(/^refused at row 4, column email, line 4;/);
        expect(error).not.toContain('@');
      },
      { what: '/readyz degraded', timeoutMs: 10_000, intervalMs: 50 },
    );
    const refused = gw.logs.map((l) => JSON.parse(l)).filter((l) => String(l.msg).startsWith('PEOPLE_FILE refused'));
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ level: 'warn', file: peopleFile, row: 4, column: 'email' });
    expect(refused[0].msg).toContain('duplicate email');
    // The last good version still answers.
    const res = await q(ROWS, { filter: { people: [newcomer] } });
    expect(res.body.data.compliance.totalCount).toBe(4);

    replaceFile(peopleFile, good.replace('New Hire', 'New Hire Again'));
    await eventually(
      async () => {
        const body = await (await fetch(`${gw.url}/readyz`)).json();
        expect(body.status).toBe('ready');
      },
      { what: '/readyz ready again', timeoutMs: 10_000, intervalMs: 50 },
    );
    const again = await q(`query($e: String!) { person(email: $e) { name } }`, { e: newcomer });
    expect(again.body.data.person.name).toBe('New Hire Again');
  });

  it('keeps the last good requirements file when a bad one arrives, naming the line', async () => {
    replaceFile(requirementsFile, REQUIREMENTS.replace('namePattern: "NR-33"', 'namePattern: "NR-33"\n        actionType: COOKING'));
    await eventually(
      () => {
        const refused = gw.logs.map((l) => JSON.parse(l)).filter((l) => String(l.msg).startsWith('REQUIREMENTS_FILE refused'));
        expect(refused).toHaveLength(1);
        expect(refused[0]).toMatchObject({ file: requirementsFile, line: 9, column: 'actionType' });
      },
      { what: 'the refusal line', timeoutMs: 10_000, intervalMs: 50 },
    );
    const body = await (await fetch(`${gw.url}/readyz`)).json();
    expect(body.files.find((f: { variable: string }) => f.variable === 'REQUIREMENTS_FILE').status).toBe('degraded');
    const res = await q(ROWS, { filter: { people: [newcomer] } });
    expect(res.body.data.compliance.totalCount).toBe(4); // the newcomers set of the last good version
  });
});
