/**
 * The people directory file (PEOPLE_FILE): one row per human, CSV or JSON.
 *
 * Columns (CSV header row, or the keys of each JSON object):
 * - `email` (required, unique, matched case-insensitively),
 * - `name` (required),
 * - `employeeId` (optional),
 * - `tags` (optional): `team:…`, `site:…`, `role:…`; in CSV separated by
 *   spaces, `;` or `|`, in JSON an array (or the same string),
 * - one column per source, named after it in lower case (`fourhse`,
 *   `ensinio` …): that person's holder id in the source, for the sources whose
 *   certificates carry no email. Checked against the shape the source
 *   declares for its resource ids (a 4HSE uuid, an Ensinio integer).
 *
 * Pure: text in, a directory or the first error (file, row, column) out.
 */
import type { SourceName } from '../domain';

/** One person of the file. */
export interface PersonEntry {
  /** Lower-cased. */
  email: string;
  name: string;
  employeeId: string | null;
  /** Sorted, without duplicates. */
  tags: string[];
  /** The person's holder id in each source the file links, by source name. */
  holders: ReadonlyMap<SourceName, string>;
}

/** A source as the file sees it: its column and the shape of its resource ids. */
export interface HolderSource {
  name: SourceName;
  /** The patterns of the resource id's key (SourceModule.ids.Resource); a one-part key is a holder id. */
  resourceId: readonly RegExp[];
}

/** Where the file is wrong: row 1 is the CSV header (JSON: the first object is row 1), columns by name. */
export class FileProblem extends Error {
  constructor(
    readonly row: number | null,
    readonly column: string | null,
    readonly line: number | null,
    message: string,
  ) {
    super(message);
    this.name = 'FileProblem';
  }
}

export const TAG_KINDS = ['team', 'site', 'role'] as const;
const TAG = /^(team|site|role):[^\s,;|:]{1,100}$/;
const EMAIL = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;
const BASE_COLUMNS = ['email', 'name', 'employeeId', 'tags'];

/** RFC 4180 CSV: quoted fields ("" inside quotes is a quote), CRLF or LF; returns rows of fields with their line numbers. */
export function parseCsv(text: string): { line: number; fields: string[] }[] {
  const rows: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let fieldStarted = false;
  const endRow = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0].trim() === '')) rows.push({ line: rowLine, fields });
    fields = [];
    field = '';
    fieldStarted = false;
  };
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (ch === '"') {
      throw new FileProblem(rows.length + 1, null, line, `a quote inside an unquoted field (line ${line}): quote the whole field and double the quote`);
    } else if (ch === ',') {
      fields.push(field);
      field = '';
      fieldStarted = false;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (quoted) throw new FileProblem(rows.length + 1, null, rowLine, `a quoted field opened on line ${rowLine} is never closed`);
  if (field !== '' || fields.length > 0) endRow();
  return rows;
}

function columnOf(source: HolderSource): string {
  return source.name.toLowerCase();
}

/** One raw row (column → value) checked and turned into a PersonEntry; throws FileProblem naming row and column. */
function toEntry(raw: Record<string, unknown>, row: number, line: number | null, sources: readonly HolderSource[]): PersonEntry {
  const problem = (column: string, message: string) => new FileProblem(row, column, line, message);
  const text = (column: string): string | null => {
    const v = raw[column];
    if (v === undefined || v === null) return null;
    if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
    if (typeof v !== 'string') throw problem(column, `${column} must be a string, got ${Array.isArray(v) ? 'an array' : typeof v}`);
    return v.trim() === '' ? null : v.trim();
  };
  const email = text('email')?.toLowerCase();
  if (!email) throw problem('email', 'email is required');
  if (email.length > 320 || !EMAIL.test(email)) throw problem('email', `email must be an email address, got "${email.slice(0, 80)}"`);
  const name = text('name');
  if (!name) throw problem('name', 'name is required');
  if (name.length > 200) throw problem('name', 'name must be at most 200 characters');
  const employeeId = text('employeeId');
  if (employeeId !== null && employeeId.length > 100) throw problem('employeeId', 'employeeId must be at most 100 characters');
  const rawTags = raw.tags;
  let tags: string[] = [];
  if (Array.isArray(rawTags)) {
    if (!rawTags.every((t) => typeof t === 'string')) throw problem('tags', 'tags must be strings');
    tags = rawTags.map((t: string) => t.trim()).filter(Boolean);
  } else if (rawTags !== undefined && rawTags !== null) {
    tags = (text('tags') ?? '').split(/[\s;|]+/).filter(Boolean);
  }
  for (const t of tags) {
    if (!TAG.test(t)) throw problem('tags', `tag "${t.slice(0, 80)}" must be team:<name>, site:<name> or role:<name>`);
  }
  const holders = new Map<SourceName, string>();
  for (const s of sources) {
    const column = columnOf(s);
    const id = text(column);
    if (id === null) continue;
    if (s.resourceId.length !== 1 || !s.resourceId[0].test(id)) throw problem(column, `"${id.slice(0, 80)}" is not a ${s.name} holder id`);
    holders.set(s.name, id);
  }
  return { email, name, employeeId, tags: [...new Set(tags)].sort(), holders };
}

/**
 * Reads a people file. `format` comes from the file name (`.json`, else CSV).
 * Throws FileProblem for the first error: an unknown column, a malformed row,
 * a bad email, tag or holder id, a duplicate email, a holder linked twice.
 */
export function parsePeopleFile(text: string, format: 'csv' | 'json', sources: readonly HolderSource[]): PersonEntry[] {
  const known = new Set([...BASE_COLUMNS, ...sources.map(columnOf)]);
  const rows: { row: number; line: number | null; raw: Record<string, unknown> }[] = [];
  if (format === 'json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw new FileProblem(null, null, null, `not valid JSON: ${(e as Error).message}`);
    }
    if (!Array.isArray(parsed)) throw new FileProblem(null, null, null, 'must be a JSON array of people');
    parsed.forEach((p: unknown, i) => {
      if (typeof p !== 'object' || p === null || Array.isArray(p)) throw new FileProblem(i + 1, null, null, 'each person must be a JSON object');
      const unknown = Object.keys(p).find((k) => !known.has(k));
      if (unknown) throw new FileProblem(i + 1, unknown, null, `unknown column "${unknown}"; known: ${[...known].join(', ')}`);
      rows.push({ row: i + 1, line: null, raw: p as Record<string, unknown> });
    });
  } else {
    const csv = parseCsv(text);
    if (csv.length === 0) throw new FileProblem(1, null, 1, 'the header row is missing');
    const header = csv[0].fields.map((h) => h.trim());
    header.forEach((h, i) => {
      if (!known.has(h)) throw new FileProblem(1, h || `#${i + 1}`, csv[0].line, `unknown column "${h}"; known: ${[...known].join(', ')}`);
      if (header.indexOf(h) !== i) throw new FileProblem(1, h, csv[0].line, `column "${h}" appears twice`);
    });
    for (const c of ['email', 'name']) if (!header.includes(c)) throw new FileProblem(1, c, csv[0].line, `the header row has no "${c}" column`);
    csv.slice(1).forEach((r, i) => {
      if (r.fields.length !== header.length) {
        throw new FileProblem(i + 2, null, r.line, `row has ${r.fields.length} fields, the header ${header.length}`);
      }
      rows.push({ row: i + 2, line: r.line, raw: Object.fromEntries(header.map((h, j) => [h, r.fields[j]])) });
    });
  }
  const byEmail = new Map<string, number>();
  const byHolder = new Map<string, number>();
  return rows.map(({ row, line, raw }) => {
    const entry = toEntry(raw, row, line, sources);
    const first = byEmail.get(entry.email);
    if (first !== undefined) throw new FileProblem(row, 'email', line, `duplicate email ${entry.email} (first in row ${first})`);
    byEmail.set(entry.email, row);
    for (const [source, id] of entry.holders) {
      const key = `${source}:${id}`;
      const other = byHolder.get(key);
      if (other !== undefined) throw new FileProblem(row, source.toLowerCase(), line, `${source} holder ${id} is already linked in row ${other}`);
      byHolder.set(key, row);
    }
    return entry;
  });
}
