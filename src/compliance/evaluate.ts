/**
 * The compliance rules: which requirements apply to whom, which certificate
 * satisfies a requirement best, and the status that follows. Pure: the people,
 * the requirement sets and the certificates in; rows out.
 */
import type { CertificateRecord, SourceName } from '../domain';
import type { PeopleDirectory } from '../people/directory';
import type { PersonEntry } from '../people/people-file';
import { addDays } from '../clock';
import type { Requirement, RequirementSet } from './requirements-file';

export type ComplianceStatus = 'VALID' | 'EXPIRING' | 'EXPIRED' | 'MISSING';
export const COMPLIANCE_STATUSES: readonly ComplianceStatus[] = ['EXPIRED', 'MISSING', 'EXPIRING', 'VALID'];

/** One person × one requirement. */
export interface ComplianceRow {
  person: PersonEntry;
  requirement: Requirement;
  status: ComplianceStatus;
  /** The satisfying certificate that expires last (never-expiring first of all), or null. */
  certificate: CertificateRecord | null;
  expiresOn: string | null;
  /** Days from today to expiresOn (negative once expired); null without a certificate or an expiry. */
  daysLeft: number | null;
}

/** The requirement sets of one file version, with each set's includes resolved. */
export class RequirementCatalog {
  readonly sets: ReadonlyMap<string, RequirementSet>;
  /** For each set, the names of itself and every set it includes, transitively. */
  private readonly closure = new Map<string, string[]>();

  constructor(sets: readonly RequirementSet[]) {
    this.sets = new Map(sets.map((s) => [s.name, s]));
    const expand = (name: string, seen: Set<string>) => {
      if (seen.has(name)) return; // the file is checked for cycles; this only guards
      seen.add(name);
      for (const inc of this.sets.get(name)?.include ?? []) expand(inc, seen);
    };
    for (const s of sets) {
      const seen = new Set<string>();
      expand(s.name, seen);
      this.closure.set(s.name, [...seen]);
    }
  }

  static readonly EMPTY = new RequirementCatalog([]);

  /** The sets named and every set they include. */
  expand(names: readonly string[]): Set<string> {
    return new Set(names.flatMap((n) => this.closure.get(n) ?? []));
  }

  /** The requirements that apply to a person: of every set assigned to one of their tags, includes expanded. */
  requirementsOf(person: PersonEntry): Requirement[] {
    const assigned = [...this.sets.values()].filter((s) => s.assignTo.some((t) => person.tags.includes(t))).map((s) => s.name);
    return [...this.expand(assigned)].flatMap((name) => this.sets.get(name)!.requirements);
  }
}

/** Whether a certificate can satisfy a requirement at all (withdrawn and pending ones never do). */
export function satisfies(c: CertificateRecord, r: Requirement): boolean {
  if (c.revoked || c.pending) return false;
  if (r.actionType !== null && c.actionType !== r.actionType) return false;
  if (r.certification && (c.certification?.source !== r.certification.source || c.certification.sourceId !== r.certification.sourceId)) return false;
  if (r.namePattern) {
    const names = [c.name, c.certification?.name, c.story?.name];
    if (!names.some((n) => n != null && r.namePattern!.test(n))) return false;
  }
  return true;
}

/** Whole days from `from` to `to` (YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Later expiry is better; no expiry is best of all. */
function better(a: CertificateRecord, b: CertificateRecord): boolean {
  if (a.expiresOn === null) return b.expiresOn !== null;
  if (b.expiresOn === null) return false;
  return a.expiresOn > b.expiresOn;
}

/**
 * One row. The status comes from the best certificate's expiry moved
 * earlier by the requirement's minRemainingDays: before today EXPIRED,
 * within the requirement's window (or EXPIRING_WITHIN_DAYS) EXPIRING, else
 * VALID; no satisfying certificate: MISSING.
 */
export function evaluateRequirement(person: PersonEntry, r: Requirement, certificates: readonly CertificateRecord[], today: string, expiringWithinDays: number): ComplianceRow {
  let best: CertificateRecord | null = null;
  for (const c of certificates) if (satisfies(c, r) && (best === null || better(c, best))) best = c;
  if (!best) return { person, requirement: r, status: 'MISSING', certificate: null, expiresOn: null, daysLeft: null };
  if (best.expiresOn === null) return { person, requirement: r, status: 'VALID', certificate: best, expiresOn: null, daysLeft: null };
  const effective = addDays(best.expiresOn, -r.minRemainingDays);
  const window = r.expiringWithinDays ?? expiringWithinDays;
  const status: ComplianceStatus = effective < today ? 'EXPIRED' : effective <= addDays(today, window) ? 'EXPIRING' : 'VALID';
  return { person, requirement: r, status, certificate: best, expiresOn: best.expiresOn, daysLeft: daysBetween(today, best.expiresOn) };
}

/** Which person a certificate belongs to: the holder the file links, else (sources that carry emails) the holder's email. */
export function ownerOf(c: CertificateRecord, people: PeopleDirectory, emailSources: ReadonlySet<SourceName>): PersonEntry | undefined {
  return people.linkedTo(c.source, c.holder.sourceId) ?? (emailSources.has(c.source) && c.holder.email ? people.byEmailOf(c.holder.email.toLowerCase()) : undefined);
}

/** Groups certificates by their owner's email (certificates of nobody in the file are left out). */
export function certificatesByPerson(all: readonly CertificateRecord[], people: PeopleDirectory, emailSources: ReadonlySet<SourceName>): Map<string, CertificateRecord[]> {
  const out = new Map<string, CertificateRecord[]>();
  for (const c of all) {
    const p = ownerOf(c, people, emailSources);
    if (!p) continue;
    const list = out.get(p.email);
    if (list) list.push(c);
    else out.set(p.email, [c]);
  }
  return out;
}

const RANK: Record<ComplianceStatus, number> = { EXPIRED: 0, MISSING: 1, EXPIRING: 2, VALID: 3 };

/** Urgency: EXPIRED, MISSING, EXPIRING, VALID; then fewest days left (none last); then person, set, requirement. */
export function byUrgency(a: ComplianceRow, b: ComplianceRow): number {
  return (
    RANK[a.status] - RANK[b.status] ||
    (a.daysLeft ?? Infinity) - (b.daysLeft ?? Infinity) ||
    (a.person.email < b.person.email ? -1 : a.person.email > b.person.email ? 1 : 0) ||
    (a.requirement.set < b.requirement.set ? -1 : a.requirement.set > b.requirement.set ? 1 : 0) ||
    (a.requirement.id < b.requirement.id ? -1 : a.requirement.id > b.requirement.id ? 1 : 0)
  );
}
