import type { CertificateRecord, ResourceKind, ValidityRecord } from '../../domain';
import type { CertificateFields } from '../types';
import type { FourHseCertificateDto } from './dto';
import { enumOf, int, isoDate, need, obj, phpObject, ShapeError, str, strUpTo, text, uuid, type FieldRule, type Obj } from '../shape';

export const FOURHSE_ACTION_TYPES = ['TRAINING', 'MAINTENANCE', 'HEALTH', 'CHECK', 'PER'] as const;
export const FOURHSE_RESOURCE_TYPES: readonly ResourceKind[] = ['PERSON', 'MATERIAL_ITEM', 'ROLE', 'WORK_GROUP', 'WORK_ENVIRONMENT', 'SUBSTANCE', 'EQUIPMENT', 'OFFICE', 'UNIT'];
export const FOURHSE_VALIDITY_UNITS = ['YEAR', 'MONTH', 'DAY'] as const;

const DATE = 'a calendar date YYYY-MM-DD';

/**
 * What 4HSE's Certificate API v2 (shared/upstream-apis 001) allows in each
 * field of a certificate. The mapper reads every field with its rule's reader
 * (a value the rule refuses reads as null); the webhook refuses a body whose
 * value a rule refuses (connectors/fourhse/webhook.ts). One table, so both
 * accept exactly the same values. `required`: the schema's required fields
 * (null is not a value of theirs).
 */
export const FOURHSE_FIELD_RULES = {
  certificate_id: { read: uuid, expected: 'a uuid', required: true },
  date_release: { read: isoDate, expected: DATE, required: true },
  date_expire: { read: isoDate, expected: DATE },
  name: { read: strUpTo(255), expected: 'a string of at most 255 characters', required: true },
  note: { read: str, expected: 'a string' },
  action_type: { read: enumOf(FOURHSE_ACTION_TYPES), expected: `one of ${FOURHSE_ACTION_TYPES.join(', ')}`, required: true },
  resource_id: { read: uuid, expected: 'a uuid', required: true },
  resource_type: { read: enumOf(FOURHSE_RESOURCE_TYPES), expected: `one of ${FOURHSE_RESOURCE_TYPES.join(', ')}` },
  resource_name: { read: strUpTo(255), expected: 'a string of at most 255 characters' },
  data: { read: phpObject, expected: 'an object' },
  warning: { read: enumOf([0, 1] as const), expected: 'the integer 0 or 1' },
  tenant_id: { read: uuid, expected: 'a uuid' },
  subtenant_id: { read: uuid, expected: 'a uuid' },
  subtenant_type: { read: strUpTo(50), expected: 'a string of at most 50 characters' },
  validity_unit: { read: enumOf(FOURHSE_VALIDITY_UNITS), expected: `one of ${FOURHSE_VALIDITY_UNITS.join(', ')}` },
  validity: { read: int, expected: 'an integer' },
  project_name: { read: str, expected: 'a string' },
} satisfies Record<keyof FourHseCertificateDto, FieldRule>;

export type FourHseField = keyof typeof FOURHSE_FIELD_RULES;

/** The field's value as its rule reads it (null when absent or not allowed). */
export function readField<K extends FourHseField>(o: Obj, field: K): ReturnType<(typeof FOURHSE_FIELD_RULES)[K]['read']> {
  return FOURHSE_FIELD_RULES[field].read(o[field]) as ReturnType<(typeof FOURHSE_FIELD_RULES)[K]['read']>;
}

/**
 * Pure: one 4HSE certificate (index item, view answer or webhook body) to the
 * domain model. Identity: certificate_id and the holder's resource_id, both
 * uuids; without them the item is invalid (ShapeError, see connectors/shape.ts).
 * Every other field that is absent or not what the doc allows is null.
 */
export function toCertificate(raw: unknown): CertificateRecord {
  const what = '4HSE certificate';
  const o = obj(raw);
  if (!o) throw new ShapeError(`${what} is not an object`);
  const id = need(readField(o, 'certificate_id'), `${what}.certificate_id`);
  const resourceId = need(readField(o, 'resource_id'), `${what}.resource_id`);
  const unit = readField(o, 'validity_unit');
  const count = readField(o, 'validity');
  const validity: ValidityRecord | null = unit !== null && count !== null ? { unit, count } : null;
  const warning = readField(o, 'warning');
  const tenantId = readField(o, 'tenant_id');
  const tenant = tenantId === null ? null : { id: tenantId, name: text(readField(o, 'project_name')) };
  return {
    source: 'FOURHSE',
    key: [id],
    sourceId: id,
    name: text(readField(o, 'name')),
    issuedOn: readField(o, 'date_release'),
    expiresOn: readField(o, 'date_expire'),
    pending: false,
    revoked: false,
    url: null,
    note: text(readField(o, 'note')),
    actionType: readField(o, 'action_type'),
    validity,
    warning: warning === null ? null : warning === 1,
    grade: null,
    workloadHours: null,
    data: readField(o, 'data'),
    holder: {
      source: 'FOURHSE',
      sourceId: resourceId,
      type: readField(o, 'resource_type'),
      name: text(readField(o, 'resource_name')),
      email: null,
      photoUrl: null,
      tenant,
    },
    certification: null,
    story: null,
    tenant,
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
      const raw = idKey === undefined ? null : r[idKey];
      const id = typeof raw === 'string' || typeof raw === 'number' ? String(raw) : null;
      out.push({ type, id, name: typeof r.name === 'string' ? r.name : null });
    }
  }
  return out;
}
