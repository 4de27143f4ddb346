/**
 * The compliance view: rows for the people and requirement sets a filter
 * selects, their summary, and one page of them. The certificates come from
 * ONE whole list per source for the whole view (loadWholeLists), never one
 * call per person.
 */
import { createHash } from 'node:crypto';
import { stableKey } from '../canonical';
import type { CertificateRecord, SourceName } from '../domain';
import { badInput } from '../errors';
import type { SourceLoaders } from '../connectors/types';
import type { PeopleDirectory } from '../people/directory';
import type { PersonEntry } from '../people/people-file';
import { byUrgency, evaluateRequirement, COMPLIANCE_STATUSES, type ComplianceRow, type ComplianceStatus, type RequirementCatalog } from './evaluate';

/** What the view reads: the active versions of both files (they change under it between requests, never during one). */
export interface ComplianceFiles {
  people(): PeopleDirectory;
  requirements(): RequirementCatalog;
  /**
   * The active versions of both files, as content hashes ('' when neither is
   * configured): part of the response cache's scope, so an answer built on a
   * file version is not served after a reload (the same on every replica).
   */
  version(): string;
}

export interface ComplianceFilter {
  tags?: readonly string[] | null;
  /** Emails. */
  people?: readonly string[] | null;
  requirementSets?: readonly string[] | null;
  status?: readonly ComplianceStatus[] | null;
}

/** A filter checked against the active files, sorted and de-duplicated (the cursor's hash must not depend on order). */
export interface CheckedFilter {
  tags: string[] | null;
  people: string[] | null;
  requirementSets: string[] | null;
  status: ComplianceStatus[] | null;
}

const set = <T extends string>(v: readonly T[] | null | undefined, f: (x: T) => T = (x) => x): T[] | null => (v && v.length > 0 ? [...new Set(v.map(f))].sort() : null);

/** BAD_USER_INPUT naming every unknown tag, person or requirement set (field filter.tags / filter.people / filter.requirementSets); nothing is called before. */
export function checkFilter(f: ComplianceFilter | null | undefined, people: PeopleDirectory, catalog: RequirementCatalog): CheckedFilter {
  const c: CheckedFilter = {
    tags: set(f?.tags, (t) => t.trim()),
    people: set(f?.people, (e) => e.trim().toLowerCase()),
    requirementSets: set(f?.requirementSets, (s) => s.trim()),
    status: set(f?.status),
  };
  const unknown = (field: string, what: string, bad: string[]) => {
    if (bad.length > 0) throw badInput(field, `unknown ${what}: ${bad.slice(0, 20).map((b) => JSON.stringify(b.slice(0, 100))).join(', ')}${bad.length > 20 ? ` and ${bad.length - 20} more` : ''}`);
  };
  unknown('filter.tags', 'tags (no person in the people file has them)', (c.tags ?? []).filter((t) => !people.tags.has(t)));
  unknown('filter.people', 'people (not in the people file)', (c.people ?? []).filter((e) => !people.byEmailOf(e)));
  unknown('filter.requirementSets', 'requirement sets', (c.requirementSets ?? []).filter((s) => !catalog.sets.has(s)));
  return c;
}

/** The people a filter selects: with any of its tags, and among its emails. */
export function selectPeople(f: CheckedFilter, people: PeopleDirectory): PersonEntry[] {
  return people.people.filter((p) => (!f.tags || p.tags.some((t) => f.tags!.includes(t))) && (!f.people || f.people.includes(p.email)));
}

export interface StatusCounts {
  key: string;
  valid: number;
  expiring: number;
  expired: number;
  missing: number;
  total: number;
}

export interface ComplianceResult {
  /** Sorted by urgency, every filter applied. */
  rows: ComplianceRow[];
  /** Counts by status per requirement set and per tag, over the rows before the status filter. */
  byRequirementSet: StatusCounts[];
  byTag: StatusCounts[];
}

/** The rows of the selected people × the requirements that apply to them, with the summary. */
export function computeView(
  f: CheckedFilter,
  people: PeopleDirectory,
  catalog: RequirementCatalog,
  certificatesOf: (p: PersonEntry) => readonly CertificateRecord[],
  today: string,
  expiringWithinDays: number,
): ComplianceResult {
  const sets = f.requirementSets ? catalog.expand(f.requirementSets) : null;
  const all: ComplianceRow[] = [];
  for (const p of selectPeople(f, people)) {
    const certificates = certificatesOf(p);
    for (const r of catalog.requirementsOf(p)) {
      if (sets && !sets.has(r.set)) continue;
      all.push(evaluateRequirement(p, r, certificates, today, expiringWithinDays));
    }
  }
  const bySet = new Map<string, StatusCounts>();
  const byTag = new Map<string, StatusCounts>();
  const count = (m: Map<string, StatusCounts>, key: string, s: ComplianceStatus) => {
    let c = m.get(key);
    if (!c) m.set(key, (c = { key, valid: 0, expiring: 0, expired: 0, missing: 0, total: 0 }));
    c[s.toLowerCase() as 'valid' | 'expiring' | 'expired' | 'missing'] += 1;
    c.total += 1;
  };
  for (const row of all) {
    count(bySet, row.requirement.set, row.status);
    for (const t of row.person.tags) if (!f.tags || f.tags.includes(t)) count(byTag, t, row.status);
  }
  const rows = (f.status ? all.filter((r) => f.status!.includes(r.status)) : all).sort(byUrgency);
  const sorted = (m: Map<string, StatusCounts>) => [...m.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { rows, byRequirementSet: sorted(bySet), byTag: sorted(byTag) };
}

/** Status values in urgency order (for documentation and the CSV export's checks). */
export { COMPLIANCE_STATUSES };

/** Every certificate of each source: one whole, unfiltered list per source for the whole view; failed sources are reported, not thrown. */
export async function loadWholeLists(
  loaders: ReadonlyMap<SourceName, SourceLoaders>,
  sources: readonly SourceName[],
): Promise<{ certificates: CertificateRecord[]; failures: { source: SourceName; error: unknown }[] }> {
  const failures: { source: SourceName; error: unknown }[] = [];
  const lists = await Promise.all(
    sources.map(async (source) => {
      try {
        // By name: every source reads its whole list for that order (4HSE: ⌈total / 500⌉ pages), no window arithmetic.
        const w = await loaders.get(source)!.listCertificates({ criteria: {}, order: { field: 'NAME', direction: 'ASC' }, offset: 0, limit: Number.MAX_SAFE_INTEGER });
        return w.items;
      } catch (error) {
        failures.push({ source, error });
        return [];
      }
    }),
  );
  return { certificates: lists.flat(), failures };
}

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export interface RowPage {
  rows: { row: ComplianceRow; cursor: string }[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

export function filterHash(f: CheckedFilter): string {
  return createHash('sha256').update(stableKey(f as unknown as Record<string, unknown>)).digest('base64url').slice(0, 12);
}

const cursorOf = (hash: string, index: number) => Buffer.from(JSON.stringify({ h: hash, i: index }), 'utf8').toString('base64url');

function decodeRowCursor(field: string, cursor: string, hash: string): number {
  let parsed: { h?: unknown; i?: unknown } | undefined;
  try {
    if (/^[A-Za-z0-9_-]{1,256}$/.test(cursor)) parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as typeof parsed;
  } catch {
    parsed = undefined;
  }
  if (!parsed || typeof parsed.h !== 'string' || !Number.isSafeInteger(parsed.i) || (parsed.i as number) < 0) throw badInput(field, `${field} is not a cursor returned by compliance`);
  if (parsed.h !== hash) throw badInput(field, `${field} is a cursor of another filter: page with the filter that produced it`);
  return parsed.i as number;
}

/**
 * Relay paging over the sorted rows: `after`/`before` narrow the rows to
 * those strictly between, then `first` keeps the head, `last` the tail.
 * A cursor is the row's position in this filter's order (the files and the
 * certificates may change between pages: positions then move like any
 * offset-based page).
 */
export function pageRows(rows: readonly ComplianceRow[], args: PageArgs, hash: string, defaultFirst: number): RowPage {
  let start = 0;
  let end = rows.length;
  if (args.after) start = Math.min(rows.length, decodeRowCursor('after', args.after, hash) + 1);
  if (args.before) end = Math.max(start, Math.min(end, decodeRowCursor('before', args.before, hash)));
  const first = args.first ?? (args.last == null ? defaultFirst : null);
  let from = start;
  let to = end;
  if (first != null) to = Math.min(to, from + first);
  if (args.last != null) from = Math.max(from, to - args.last);
  return {
    rows: rows.slice(from, to).map((row, i) => ({ row, cursor: cursorOf(hash, from + i) })),
    hasNextPage: to < end,
    hasPreviousPage: from > start || start > 0,
  };
}
