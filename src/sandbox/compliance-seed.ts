/**
 * The sandbox's people file and requirement sets (issue 12), derived from the
 * seed: every seeded person, linked to their 4HSE resource and Ensinio user
 * except a few left unlinked on purpose (so `unlinkedHolders` has something
 * to suggest), and two requirement sets whose matches across the four
 * sources give MISSING, EXPIRING and EXPIRED rows as well as VALID ones.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SeedData, SeedPerson } from './seed';

const slug = (s: string) => s.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** Left unlinked in the sandbox's people file: every 5th person's Ensinio user, every 7th person's 4HSE resource. */
export const unlinkedOnPurpose = (index: number) => ({ ensinio: index % 5 === 4, fourhse: index % 7 === 6 });

function tagsOf(p: SeedPerson): string[] {
  const team = /acme/i.test(p.company) ? 'team:acme' : /northwind/i.test(p.company) ? 'team:northwind' : `team:${slug(p.company)}`;
  return [team, `site:${slug(p.city)}`];
}

const csvField = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** PEOPLE_FILE as CSV. */
export function samplePeopleCsv(seed: SeedData): string {
  const rows = seed.people.map((p, i) => {
    const skip = unlinkedOnPurpose(i);
    return [p.email, p.fullName, `E${String(i + 1).padStart(4, '0')}`, tagsOf(p).join(' '), skip.fourhse ? '' : (p.fourhse?.resourceId ?? ''), skip.ensinio ? '' : String(p.ensinio?.userId ?? '')];
  });
  return ['email,name,employeeId,tags,fourhse,ensinio', ...rows.map((r) => r.map(csvField).join(','))].join('\n') + '\n';
}

/** REQUIREMENTS_FILE as YAML: two sets, the second including the first. */
export const SAMPLE_REQUIREMENTS_YAML = `# Sandbox requirement sets (issue 12). Every condition of a requirement must hold;
# namePattern is a case-insensitive regular expression on the certificate, certification or story name.
requirementSets:
  safety-basics:
    description: Everyone at Acme and Northwind
    assignTo: [team:acme, team:northwind]
    requirements:
      - id: first-aid
        name: First aid
        namePattern: "first aid|primeiros socorros|EHBO"
      - id: general-safety
        name: General safety training
        namePattern: "general safety|VCA"
  work-at-height:
    description: Construction crews, on top of the basics
    assignTo: [team:acme]
    include: [safety-basics]
    requirements:
      - id: working-at-height
        name: Working at height
        namePattern: "height|altura"
        expiringWithinDays: 60
      - id: confined-spaces
        name: Confined spaces entry
        namePattern: "confined spaces|NR-33"
        minRemainingDays: 7
`;

/** Writes both files to a new temporary directory; returns their paths. */
export function writeSampleComplianceFiles(seed: SeedData): { peopleFile: string; requirementsFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'certgw-sandbox-'));
  const peopleFile = join(dir, 'people.csv');
  const requirementsFile = join(dir, 'requirements.yaml');
  writeFileSync(peopleFile, samplePeopleCsv(seed));
  writeFileSync(requirementsFile, SAMPLE_REQUIREMENTS_YAML);
  return { peopleFile, requirementsFile };
}
