import type { CertificateRecord, CertificationRecord } from '../../domain';
import { asArray, asObject, optDate, optString, reqString, ShapeError } from '../shape';

/** Springest answers `{certificates: [...]}`; a bare array is accepted too. */
export function certificateList(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  return asArray(asObject(body, 'Springest answer').certificates, 'Springest answer.certificates');
}

export function certificationList(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  return asArray(asObject(body, 'Springest answer').certifications, 'Springest answer.certifications');
}

/** Pure: one Springest certificate to the domain model. The holder is known by email only (Springest has no names). */
export function toCertificate(raw: unknown): CertificateRecord {
  const what = 'Springest certificate';
  const o = asObject(raw, what);
  const id = reqString(o, 'id', what);
  const user = asObject(o.user, `${what}.user`);
  const email = reqString(user, 'email', `${what}.user`).toLowerCase();
  if (!email.includes('@')) throw new ShapeError(`${what}.user.email is not an email`);
  const certificationId = reqString(o, 'certification_id', what);
  const status = optString(o, 'status', what)?.toLowerCase() ?? null;
  return {
    source: 'SPRINGEST',
    key: [id, email, certificationId],
    sourceId: id,
    name: optString(o, 'name', what),
    issuedOn: optDate(o, 'valid_from', what),
    expiresOn: optDate(o, 'valid_until', what),
    pending: status === 'pending',
    revoked: status === 'revoked' || status === 'rejected',
    url: optString(o, 'url', what),
    note: optString(o, 'description', what),
    actionType: null,
    validity: null,
    warning: null,
    grade: null,
    workloadHours: null,
    data: {
      status,
      createdAt: optString(o, 'created_at', what),
      externalId: optString(user, 'external_id', `${what}.user`) ?? optString(o, 'external_id', what),
    },
    holder: { source: 'SPRINGEST', sourceId: email, type: 'PERSON', name: null, email, photoUrl: null },
    certification: { source: 'SPRINGEST', sourceId: certificationId, name: null, description: null },
    story: null,
  };
}

export function toCertification(raw: unknown): CertificationRecord {
  const what = 'Springest certification';
  const o = asObject(raw, what);
  return {
    source: 'SPRINGEST',
    sourceId: reqString(o, 'id', what),
    name: optString(o, 'name', what),
    description: optString(o, 'description', what),
  };
}
