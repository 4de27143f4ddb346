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

/** The names FieldChange.field takes for the changes the gateway finds itself (a source's webhook may name others). */
export const CHANGE_FIELDS: readonly string[] = Object.freeze(Object.keys(FIELDS));

/**
 * The gateway's fields that every producer of an update knows: the mutation
 * path (diffRecords), 4HSE's UPDATE webhook (its updated_fields, renamed in
 * connectors/fourhse/webhook.ts) and the pollers. An update's dedupe key
 * hashes the new values of these fields only, so the same change reported by
 * two producers has one key.
 */
export const UPDATE_KEY_FIELDS: readonly string[] = Object.freeze([
  'name',
  'issuedOn',
  'expiresOn',
  'actionType',
  'note',
  'data',
  'warning',
  'validityCount',
  'validityUnit',
  'holderId',
]);
const KNOWN = new Set(UPDATE_KEY_FIELDS);

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

/**
 * The dedupe key of an update: the certificate and the new values of the
 * fields both producers know. A mutation through the gateway and 4HSE's own
 * webhook for it compute the same key, so the change is published once.
 */
export function updateKey(source: SourceName, sourceId: string, changes: FieldChange[]): string {
  const values = Object.fromEntries(changes.filter((c) => KNOWN.has(c.field)).map((c) => [c.field, c.new]));
  return `${source}:UPDATED:${sourceId}:${createHash('sha256').update(canonicalJson(values)).digest('base64url').slice(0, 22)}`;
}

/**
 * The dedupe key of any change: a certificate is created once and deleted
 * once (retries and the gateway's own write share `SOURCE:TYPE:id`); an
 * update is keyed by its new values (updateKey).
 */
export function changeKey(type: 'CREATED' | 'UPDATED' | 'DELETED', source: SourceName, sourceId: string, changes: FieldChange[]): string {
  return type === 'UPDATED' ? updateKey(source, sourceId, changes) : `${source}:${type}:${sourceId}`;
}
