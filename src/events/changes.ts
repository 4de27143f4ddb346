import { createHash } from 'node:crypto';
import type { CertificateRecord, SourceName } from '../domain';
import { canonicalJson } from '../canonical';
import type { FieldChange } from './types';

/** The fields a change can touch, by the gateway's names, read from a record. */
const FIELDS: Record<string, (c: CertificateRecord) => unknown> = {
  name: (c) => c.name,
  issuedOn: (c) => c.issuedOn,
  expiresOn: (c) => c.expiresOn,
  actionType: (c) => c.actionType,
  note: (c) => c.note,
  data: (c) => c.data,
  warning: (c) => c.warning,
  validityCount: (c) => c.validity?.count ?? null,
  validityUnit: (c) => c.validity?.unit ?? null,
  holderId: (c) => c.holder.sourceId,
  grade: (c) => c.grade,
  workloadHours: (c) => c.workloadHours,
  certificationId: (c) => c.certification?.sourceId ?? null,
  url: (c) => c.url,
  pending: (c) => c.pending,
  revoked: (c) => c.revoked,
};

/** 4HSE's field names (webhook updated_fields) to the gateway's. */
export const FOURHSE_FIELDS: Record<string, string> = {
  name: 'name',
  date_release: 'issuedOn',
  date_expire: 'expiresOn',
  action_type: 'actionType',
  note: 'note',
  data: 'data',
  warning: 'warning',
  validity: 'validityCount',
  validity_unit: 'validityUnit',
  resource_id: 'holderId',
};

/** What differs between two versions of a certificate. */
export function diffRecords(before: CertificateRecord, after: CertificateRecord): FieldChange[] {
  const out: FieldChange[] = [];
  for (const [field, read] of Object.entries(FIELDS)) {
    const o = read(before);
    const n = read(after);
    if (canonicalJson(o) !== canonicalJson(n)) out.push({ field, old: o, new: n });
  }
  return out;
}

/** 4HSE's `updated_fields` ({field: {old, new}}) as changes with the gateway's names (unknown fields keep theirs). */
export function fromFourHseUpdatedFields(updated: Record<string, { old: unknown; new: unknown }>): FieldChange[] {
  return Object.entries(updated).map(([f, v]) => {
    const field = FOURHSE_FIELDS[f] ?? f;
    const conv = (x: unknown) => (field === 'warning' && (x === 0 || x === 1) ? x === 1 : x);
    return { field, old: conv(v.old), new: conv(v.new) };
  });
}

/**
 * The dedupe key of an update: the certificate and the new values of the
 * fields both producers know. A mutation through the gateway and 4HSE's own
 * webhook for it compute the same key, so the change is published once.
 */
export function updateKey(source: SourceName, sourceId: string, changes: FieldChange[]): string {
  const known = new Set(Object.values(FOURHSE_FIELDS));
  const values = Object.fromEntries(changes.filter((c) => known.has(c.field)).map((c) => [c.field, c.new]));
  return `${source}:UPDATED:${sourceId}:${createHash('sha256').update(canonicalJson(values)).digest('base64url').slice(0, 22)}`;
}
