/**
 * 4HSE's webhooks (shared/upstream-apis 001, "Webhooks"): one endpoint per
 * event, no event field and no signature of 4HSE's own. This part knows the
 * event names, the body shapes and field names, and validates the values with
 * the mapper's own rules (FOURHSE_FIELD_RULES); it answers a neutral
 * SourceChange or a refusal naming the field. Receiving (secret, body limit,
 * recording, publishing) is src/webhooks/receiver.ts.
 */
import type { SourceFieldChange, SourceChange, WebhookParse, WebhookSource } from '../types';
import { obj, preview, ruleProblem, ShapeError, uuid, type FieldRule, type Obj } from '../shape';
import { FOURHSE_FIELD_RULES, toCertificate, type FourHseField } from './mapper';

export const FOURHSE_WEBHOOK_EVENTS = ['CERTIFICATE::CREATE', 'CERTIFICATE::UPDATE', 'CERTIFICATE::DELETE'] as const;
export type FourHseWebhookEvent = (typeof FOURHSE_WEBHOOK_EVENTS)[number];

/** 4HSE's field names (webhook updated_fields) to the gateway's (see UPDATE_KEY_FIELDS in events/changes.ts). */
export const FOURHSE_FIELDS: Readonly<Record<string, string>> = Object.freeze({
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
});

// Maps, not object lookups: a body's keys ("__proto__", "constructor") must never reach Object.prototype.
const FIELD_NAMES = new Map(Object.entries(FOURHSE_FIELDS));
const RULES = new Map<string, FieldRule>(Object.entries(FOURHSE_FIELD_RULES));

/**
 * The fields each certificate body must carry, beyond the value rules every
 * present field must meet. CREATE: what 4HSE cannot create a certificate
 * without (the schema's required fields). DELETE: only what identifies it,
 * since the doc's own DELETE example has no date_release.
 */
const MUST_CARRY: Record<'CERTIFICATE::CREATE' | 'CERTIFICATE::DELETE', readonly FourHseField[]> = {
  'CERTIFICATE::CREATE': ['certificate_id', 'date_release', 'name', 'action_type', 'resource_id'],
  'CERTIFICATE::DELETE': ['certificate_id', 'resource_id'],
};

const has = (o: Obj, k: string) => Object.prototype.hasOwnProperty.call(o, k);

interface Refusal {
  ok: false;
  field: string | null;
  message: string;
}
const refuse = (field: string | null, message: string): Refusal => ({ ok: false, field, message });

/** The first field of a certificate body the doc does not allow, or null. Fields the doc does not name are let through. */
function certificateProblem(o: Obj, mustCarry: readonly FourHseField[]): Refusal | null {
  for (const f of mustCarry) if (!has(o, f)) return refuse(f, `${f} is required`);
  for (const [f, rule] of RULES) {
    // Absent: only MUST_CARRY matters. Present: null only where the schema does not require a value.
    const problem = has(o, f) ? ruleProblem(rule, o[f]) : null;
    if (problem) return refuse(f, `${f} ${problem}`);
  }
  return null;
}

/** A value of 4HSE's field as the gateway holds it: the rule's reading (dates as YYYY-MM-DD, warning as a boolean); a value no rule reads is kept. */
function gatewayValue(field: string, value: unknown): unknown {
  const rule = RULES.get(field);
  if (value === null || value === undefined || !rule) return value ?? null;
  const read = rule.read(value);
  if (read === null) return value;
  return field === 'warning' ? read === 1 : read;
}

/** 4HSE's `updated_fields` ({field: {old, new}}) as changes with the gateway's names and values (unknown fields keep their names). */
export function fromFourHseUpdatedFields(updated: Record<string, { old: unknown; new: unknown }>): SourceFieldChange[] {
  return Object.entries(updated).map(([f, v]) => ({ field: FIELD_NAMES.get(f) ?? f, old: gatewayValue(f, v.old), new: gatewayValue(f, v.new) }));
}

function parseUpdate(body: unknown): WebhookParse {
  const o = obj(body);
  if (!o) return refuse(null, 'the body must be a JSON object with entity_id and updated_fields');
  const id = uuid(o.entity_id);
  if (id === null) return refuse('entity_id', `entity_id must be the certificate's uuid, got ${has(o, 'entity_id') ? preview(o.entity_id) : 'nothing'}`);
  const updated = obj(o.updated_fields);
  if (!updated || Object.keys(updated).length === 0) {
    return refuse('updated_fields', `updated_fields must be a non-empty object of {old, new} per field, got ${has(o, 'updated_fields') ? preview(o.updated_fields) : 'nothing'}`);
  }
  // No prototype: a field named "__proto__" stays a field.
  const pairs = Object.create(null) as Record<string, { old: unknown; new: unknown }>;
  for (const [f, v] of Object.entries(updated)) {
    const pair = obj(v);
    if (!pair || !has(pair, 'old') || !has(pair, 'new')) return refuse(`updated_fields.${f}`, `updated_fields.${f} must be an object {old, new}, got ${preview(v)}`);
    const rule = RULES.get(f);
    for (const side of ['old', 'new'] as const) {
      const problem = rule ? ruleProblem(rule, pair[side]) : null;
      if (problem) return refuse(`updated_fields.${f}.${side}`, `updated_fields.${f}.${side} ${problem}`);
    }
    pairs[f] = { old: pair.old, new: pair.new };
  }
  const change: SourceChange = { type: 'UPDATED', source: 'FOURHSE', sourceId: id, key: [id], record: null, changes: fromFourHseUpdatedFields(pairs) };
  return { ok: true, change };
}

function parseCertificate(event: 'CERTIFICATE::CREATE' | 'CERTIFICATE::DELETE', body: unknown): WebhookParse {
  const o = obj(body);
  if (!o) return refuse(null, 'the body must be a JSON object: the certificate');
  const problem = certificateProblem(o, MUST_CARRY[event]);
  if (problem) return problem;
  let record;
  try {
    record = toCertificate(o);
  } catch (e) {
    if (e instanceof ShapeError) return refuse(null, e.message);
    throw e;
  }
  return {
    ok: true,
    change: { type: event === 'CERTIFICATE::CREATE' ? 'CREATED' : 'DELETED', source: 'FOURHSE', sourceId: record.sourceId, key: record.key, record, changes: [] },
  };
}

/** Pure: one 4HSE webhook body (parsed JSON) of `event` to a change, or the first field the doc does not allow. */
export function parseFourHseWebhook(event: string, body: unknown): WebhookParse {
  switch (event) {
    case 'CERTIFICATE::UPDATE':
      return parseUpdate(body);
    case 'CERTIFICATE::CREATE':
    case 'CERTIFICATE::DELETE':
      return parseCertificate(event, body);
    default:
      return refuse(null, `unknown 4HSE webhook event "${event.slice(0, 64)}"`);
  }
}

export const fourHseWebhook: WebhookSource = { source: 'FOURHSE', events: FOURHSE_WEBHOOK_EVENTS, parse: parseFourHseWebhook };
