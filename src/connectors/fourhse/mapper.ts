import type { CertificateRecord, ResourceKind, ValidityRecord } from '../../domain';
import type { CertificateFields } from '../types';
import type { FourHseCertificateDto } from './dto';
import { asObject, optDate, optNumber, optString, reqString, ShapeError } from '../shape';

const RESOURCE_TYPES: readonly ResourceKind[] = ['PERSON', 'MATERIAL_ITEM', 'ROLE', 'WORK_GROUP', 'WORK_ENVIRONMENT', 'SUBSTANCE', 'EQUIPMENT', 'OFFICE', 'UNIT'];
const UNITS = ['YEAR', 'MONTH', 'DAY'] as const;

/** Pure: one 4HSE certificate (index item, view answer or webhook body) to the domain model. */
export function toCertificate(raw: unknown): CertificateRecord {
  const what = '4HSE certificate';
  const o = asObject(raw, what);
  const id = reqString(o, 'certificate_id', what);
  const resourceType = optString(o, 'resource_type', what);
  const unit = optString(o, 'validity_unit', what);
  const count = optNumber(o, 'validity', what);
  const validity: ValidityRecord | null =
    unit && count !== null && (UNITS as readonly string[]).includes(unit) ? { unit: unit as ValidityRecord['unit'], count } : null;
  const warning = optNumber(o, 'warning', what);
  const data = o.data ?? null;
  if (data !== null && typeof data !== 'object') throw new ShapeError(`${what}.data is not an object`);
  return {
    source: 'FOURHSE',
    key: [id],
    sourceId: id,
    name: optString(o, 'name', what),
    issuedOn: optDate(o, 'date_release', what),
    expiresOn: optDate(o, 'date_expire', what),
    pending: false,
    revoked: false,
    url: null,
    note: optString(o, 'note', what),
    actionType: optString(o, 'action_type', what),
    validity,
    warning: warning === null ? null : warning === 1,
    grade: null,
    workloadHours: null,
    data,
    holder: {
      source: 'FOURHSE',
      sourceId: reqString(o, 'resource_id', what),
      type: resourceType && (RESOURCE_TYPES as readonly string[]).includes(resourceType) ? (resourceType as ResourceKind) : null,
      name: optString(o, 'resource_name', what),
      email: null,
      photoUrl: null,
    },
    certification: null,
    story: null,
  };
}

/** Pure: the gateway's field names to 4HSE's create/update body; only the fields given are sent. */
export function toWriteBody(f: CertificateFields): Partial<Record<keyof FourHseCertificateDto, unknown>> {
  const body: Partial<Record<keyof FourHseCertificateDto, unknown>> = {};
  if (f.name !== undefined) body.name = f.name;
  if (f.issuedOn !== undefined) body.date_release = f.issuedOn;
  if (f.expiresOn !== undefined) body.date_expire = f.expiresOn;
  if (f.actionType !== undefined) body.action_type = f.actionType;
  if (f.resourceId !== undefined) body.resource_id = f.resourceId;
  if (f.tenantId !== undefined) body.tenant_id = f.tenantId;
  if (f.note !== undefined) body.note = f.note;
  if (f.data !== undefined) body.data = f.data;
  if (f.validity !== undefined) body.validity = f.validity;
  if (f.validityUnit !== undefined) body.validity_unit = f.validityUnit;
  if (f.warning !== undefined) body.warning = f.warning ? 1 : 0;
  return body;
}

/** Pure: 4HSE's delete preview ({entity_type: [rows]}) to a flat list. */
export function toAffected(body: unknown): { type: string; id: string | null; name: string | null }[] {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return [];
  const out: { type: string; id: string | null; name: string | null }[] = [];
  for (const [type, rows] of Object.entries(body as Record<string, unknown>)) {
    if (!Array.isArray(rows)) continue;
    for (const row of rows) {
      const r = (row && typeof row === 'object' ? row : {}) as Record<string, unknown>;
      const idKey = Object.keys(r).find((k) => k === 'id' || k.endsWith('_id'));
      const id = idKey !== undefined && r[idKey] !== null ? String(r[idKey]) : null;
      out.push({ type, id, name: typeof r.name === 'string' ? r.name : null });
    }
  }
  return out;
}
