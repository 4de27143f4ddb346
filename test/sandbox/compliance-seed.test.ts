/**
 * The sandbox's people file and requirement sets (what `npm start` loads):
 * over the seeded simulators they show every status, and leave holders for
 * unlinkedHolders to suggest.
 */
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { createSeed } from '../../src/sandbox';
import { writeSampleComplianceFiles } from '../../src/sandbox/compliance-seed';
import { startTestGateway, type TestGateway } from '../helpers/gateway';

const TODAY = '2026-11-29';
let gw: TestGateway;
let files: { peopleFile: string; requirementsFile: string };

beforeAll(async () => {
  files = writeSampleComplianceFiles(createSeed({ today: TODAY }));
  gw = await startTestGateway({ clock: { now: () => new Date(`${TODAY}T08:00:00Z`) }, sandbox: { today: TODAY }, env: { PEOPLE_FILE: files.peopleFile, REQUIREMENTS_FILE: files.requirementsFile } });
});
afterAll(async () => {
  await gw?.stop();
  rmSync(dirname(files.peopleFile), { recursive: true, force: true });
});

it('shows MISSING, EXPIRING and EXPIRED rows (and VALID ones) in both requirement sets', async () => {
  const res = await gw.query(`{ compliance(first: 5) { totalCount nodes { status } summary { byRequirementSet { key valid expiring expired missing total } } } }`);
  expect(res.body.errors).toBeUndefined();
  const sets: { key: string; valid: number; expiring: number; expired: number; missing: number }[] = res.body.data.compliance.summary.byRequirementSet;
  expect(sets.map((s) => s.key)).toEqual(['safety-basics', 'work-at-height']);
  const sum = (k: 'valid' | 'expiring' | 'expired' | 'missing') => sets.reduce((n, s) => n + s[k], 0);
  expect(sum('valid')).toBeGreaterThan(0);
  expect(sum('expiring')).toBeGreaterThan(0);
  expect(sum('expired')).toBeGreaterThan(0);
  expect(sum('missing')).toBeGreaterThan(0);
  // Most urgent first: the first page opens on what has already lapsed.
  expect(res.body.data.compliance.nodes[0].status).toBe('EXPIRED');
});

it('leaves some holders unlinked on purpose, each with the person it is', async () => {
  for (const source of ['ENSINIO', 'FOURHSE']) {
    const res = await gw.query(`query($s: Source!) { unlinkedHolders(source: $s) { holder { name } likelyMatches { email reason } } }`, { s: source });
    expect(res.body.errors).toBeUndefined();
    const people = res.body.data.unlinkedHolders.filter((u: { likelyMatches: unknown[] }) => u.likelyMatches.length > 0);
    expect(people.length).toBeGreaterThan(0);
  }
});
