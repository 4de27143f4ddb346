import { FileProblem } from '../../src/people/people-file';
import { parseRequirementsFile, type RequirementsCheck } from '../../src/compliance/requirements-file';
import { RequirementCatalog, evaluateRequirement } from '../../src/compliance/evaluate';
import type { CertificateRecord } from '../../src/domain';
import type { PersonEntry } from '../../src/people/people-file';

const CHECK: RequirementsCheck = {
  actionTypes: ['TRAINING', 'HEALTH'],
  decodeCertification: (id) => (id === 'cert-1' ? { source: 'SPRINGEST', sourceId: '1' } : null),
  knownTags: new Set(['team:acme', 'site:milan']),
};

const GOOD = `requirementSets:
  basics:
    assignTo: [team:acme]
    requirements:
      - id: first-aid
        namePattern: "first aid"
  site:
    assignTo: [site:milan]
    include: [basics]
    requirements:
      - id: height
        name: Working at height
        actionType: TRAINING
        namePattern: height
        minRemainingDays: 10
        expiringWithinDays: 60
`;

function problem(text: string): FileProblem {
  try {
    parseRequirementsFile(text, CHECK);
  } catch (e) {
    if (e instanceof FileProblem) return e;
    throw e;
  }
  throw new Error('expected the file to be refused');
}

describe('requirements file', () => {
  it('reads sets, requirements and includes (YAML and JSON alike)', () => {
    const sets = parseRequirementsFile(GOOD, CHECK);
    expect(sets.map((s) => [s.name, s.assignTo, s.include, s.requirements.map((r) => r.id)])).toEqual([
      ['basics', ['team:acme'], [], ['first-aid']],
      ['site', ['site:milan'], ['basics'], ['height']],
    ]);
    const json = JSON.stringify({ requirementSets: { only: { assignTo: ['team:acme'], requirements: [{ id: 'x', certificationId: 'cert-1' }] } } });
    expect(parseRequirementsFile(json, CHECK)[0].requirements[0].certification).toEqual({ source: 'SPRINGEST', sourceId: '1' });
  });

  it.each([
    ['an unknown action type', GOOD.replace('actionType: TRAINING', 'actionType: COOKING'), 13, /unknown actionType "COOKING"/],
    ['a bad pattern', GOOD.replace('namePattern: height', 'namePattern: "(height"'), 14, /not a valid regular expression/],
    ['an unknown tag', GOOD.replace('[site:milan]', '[site:rome]'), 8, /unknown tag "site:rome"/],
    ['an unknown included set', GOOD.replace('include: [basics]', 'include: [nope]'), 9, /unknown set "nope"/],
    ['a cycle', GOOD.replace('assignTo: [team:acme]\n', 'assignTo: [team:acme]\n    include: [site]\n'), 4, /cycle: basics → site → basics/],
    ['a requirement without any condition', GOOD.replace('        namePattern: "first aid"\n', '        name: nothing\n'), 5, /at least one of/],
    ['a bad number of days', GOOD.replace('minRemainingDays: 10', 'minRemainingDays: -1'), 15, /minRemainingDays must be a whole number/],
    ['broken YAML', 'requirementSets:\n  a: [\n', 3, /not valid YAML/],
  ])('refuses %s, naming the line', (_what, text, line, message) => {
    const p = problem(text);
    expect(p.message).toMatch(message);
    expect(p.line).toBe(line);
  });
});

describe('compliance rules', () => {
  const catalog = new RequirementCatalog(parseRequirementsFile(GOOD, CHECK));
  const person: PersonEntry = { email: 'a@acme.example', name: 'A', employeeId: null, tags: ['site:milan'], holders: new Map() };
  const cert = (name: string, expiresOn: string | null, extra: Partial<CertificateRecord> = {}): CertificateRecord => ({
    source: 'FOURHSE', key: [name], sourceId: name, name, issuedOn: '2020-01-01', expiresOn, pending: false, revoked: false, url: null, note: null,
    actionType: 'TRAINING', validity: null, warning: null, grade: null, workloadHours: null, data: null,
    holder: { source: 'FOURHSE', sourceId: 'h', type: 'PERSON', name: 'A', email: null, photoUrl: null }, certification: null, story: null, ...extra,
  });
  const height = catalog.sets.get('site')!.requirements[0];
  const firstAid = catalog.sets.get('basics')!.requirements[0];

  it('applies a set through a tag and the sets it includes', () => {
    expect(catalog.requirementsOf(person).map((r) => `${r.set}/${r.id}`).sort()).toEqual(['basics/first-aid', 'site/height']);
  });

  it('takes the satisfying certificate that expires last, never-expiring first of all', () => {
    const row = evaluateRequirement(person, height, [cert('Height 1', '2027-01-01'), cert('Height 2', '2028-01-01'), cert('Height 3', '2029-01-01', { revoked: true })], '2026-11-29', 30);
    expect([row.status, row.certificate?.name, row.daysLeft]).toEqual(['VALID', 'Height 2', 398]);
    expect(evaluateRequirement(person, firstAid, [cert('First aid', '2027-01-01'), cert('First Aid forever', null)], '2026-11-29', 30).certificate?.name).toBe('First Aid forever');
  });

  it('says EXPIRING within the window less minRemainingDays, EXPIRED past it, MISSING without a certificate', () => {
    // 60-day window, 10 days minimum: 2027-02-06 - 10 = 2027-01-27, within 60 days of 2026-11-29.
    expect(evaluateRequirement(person, height, [cert('Height', '2027-02-06')], '2026-11-29', 30).status).toBe('EXPIRING');
    expect(evaluateRequirement(person, height, [cert('Height', '2027-02-06')], '2026-11-29', 30).daysLeft).toBe(69);
    // 5 days left but 10 required: expired for this requirement.
    expect(evaluateRequirement(person, height, [cert('Height', '2026-12-04')], '2026-11-29', 30).status).toBe('EXPIRED');
    expect(evaluateRequirement(person, height, [cert('Height', '2026-12-04', { actionType: 'HEALTH' })], '2026-11-29', 30).status).toBe('MISSING');
    expect(evaluateRequirement(person, firstAid, [cert('First aid', '2026-12-20')], '2026-11-29', 30).status).toBe('EXPIRING');
    expect(evaluateRequirement(person, firstAid, [cert('First aid', '2027-12-20')], '2026-11-29', 30).status).toBe('VALID');
  });
});
