import type { CertificateRecord, CertificationRecord } from '../../domain';
import { asArray, asObject, email, id, isoDate, isoDateTime, need, ShapeError, text, wire } from '../shape';
import type { SpringestCertificateDto, SpringestCertificationDto } from './dto';

/** Springest answers `{certificates: [...]}`; a bare array is accepted too. */
export function certificateList(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  return asArray(asObject(body, 'Springest answer').certificates, 'Springest answer.certificates');
}

export function certificationList(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  return asArray(asObject(body, 'Springest answer').certifications, 'Springest answer.certifications');
}

/**
 * Pure: one Springest certificate to the domain model. The holder is known by
 * email only (Springest has no names). Identity: id, certification_id and the
 * holder's `user.email` (or `user` given as the email itself); without one of
 * them the item is invalid (ShapeError, see connectors/shape.ts). The holder's
 * identifier is the lower-cased text; its `email` is null when that is not an
 * email. Every other field that is absent or not what the doc (002) says is null.
 */
export function toCertificate(raw: unknown): CertificateRecord {
  const what = 'Springest certificate';
  const o = wire<SpringestCertificateDto>(raw);
  if (!o) throw new ShapeError(`${what} is not an object`);
  const certId = need(id(o.id), `${what}.id`);
  const user = wire<SpringestCertificateDto['user']>(o.user);
  const holderId = need(text(user ? user.email : o.user), `${what}.user.email`).toLowerCase();
  const certificationId = need(id(o.certification_id), `${what}.certification_id`);
  const status = text(o.status)?.toLowerCase() ?? null;
  return {
    source: 'SPRINGEST',
    key: [certId, holderId, certificationId],
    sourceId: certId,
    name: text(o.name),
    issuedOn: isoDate(o.valid_from),
    expiresOn: isoDate(o.valid_until),
    pending: status === 'pending',
    revoked: status === 'revoked' || status === 'rejected',
    url: text(o.url),
    note: text(o.description),
    actionType: null,
    validity: null,
    warning: null,
    grade: null,
    workloadHours: null,
    data: {
      status,
      createdAt: isoDateTime(o.created_at),
      externalId: id(user?.external_id) ?? id(o.external_id),
    },
    holder: { source: 'SPRINGEST', sourceId: holderId, type: 'PERSON', name: null, email: email(holderId), photoUrl: null },
    certification: { source: 'SPRINGEST', sourceId: certificationId, name: null, description: null },
    story: null,
  };
}

/** Pure: a certification. Its id identifies it (ShapeError without one); name and description are null when absent or odd. */
export function toCertification(raw: unknown): CertificationRecord {
  const what = 'Springest certification';
  const o = wire<SpringestCertificationDto>(raw);
  if (!o) throw new ShapeError(`${what} is not an object`);
  return {
    source: 'SPRINGEST',
    sourceId: need(id(o.id), `${what}.id`),
    name: text(o.name),
    description: text(o.description),
  };
}
