/**
 * The compliance view as CSV (GET /exports/compliance.csv): RFC 4180, a
 * header row, one line per row of the view in its order. Text cells that a
 * spreadsheet would take for a formula (= + - @, tab, CR first) are
 * prefixed with an apostrophe (OWASP's CSV-injection advice): names come
 * from upstreams and the people file, and a manager opens this in Excel.
 */
import { encodeId } from '../ids';
import type { ComplianceRow } from './evaluate';

export const CSV_COLUMNS = [
  'email',
  'name',
  'employeeId',
  'tags',
  'requirementSet',
  'requirementId',
  'requirementName',
  'status',
  'expiresOn',
  'daysLeft',
  'certificateSource',
  'certificateName',
  'certificateId',
] as const;

function cell(v: string | number | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvHeader(): string {
  return CSV_COLUMNS.join(',') + '\r\n';
}

export function csvLine(r: ComplianceRow): string {
  const c = r.certificate;
  return (
    [
      r.person.email,
      r.person.name,
      r.person.employeeId,
      r.person.tags.join(' '),
      r.requirement.set,
      r.requirement.id,
      r.requirement.name,
      r.status,
      r.expiresOn,
      r.daysLeft,
      c?.source ?? null,
      c?.name ?? null,
      c ? encodeId('Certificate', c.source, c.key) : null,
    ]
      .map(cell)
      .join(',') + '\r\n'
  );
}
