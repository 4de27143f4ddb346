import type { CertificateRecord } from '../../domain';
import { asArray, asObject, optDate, optNumber, optString, reqString, ShapeError } from '../shape';

/** `ch` (carga horária) arrives as "40h", "40", 8 or "1h30"; hours as a number, or null. */
export function parseWorkload(ch: unknown): number | null {
  if (ch === null || ch === undefined || ch === '') return null;
  if (typeof ch === 'number') return Number.isFinite(ch) ? ch : null;
  if (typeof ch !== 'string') throw new ShapeError('Ensinio certificate.ch is neither a string nor a number');
  const m = /^\s*(\d+(?:[.,]\d+)?)\s*h?\s*(?:(\d{1,2})\s*(?:m(?:in)?)?)?\s*$/i.exec(ch);
  if (!m) return null;
  const hours = Number(m[1].replace(',', '.'));
  const minutes = m[2] ? Number(m[2]) : 0;
  return Math.round((hours + minutes / 60) * 100) / 100;
}

export interface EnsinioPage {
  items: unknown[];
  lastPage: number;
  total: number;
}

export function toPage(body: unknown): EnsinioPage {
  const o = asObject(body, 'Ensinio answer');
  const meta = asObject(o.meta, 'Ensinio answer.meta');
  const lastPage = optNumber(meta, 'last_page', 'Ensinio answer.meta');
  const total = optNumber(meta, 'total', 'Ensinio answer.meta');
  if (lastPage === null || total === null) throw new ShapeError('Ensinio answer.meta lacks last_page or total');
  return { items: asArray(o.data, 'Ensinio answer.data'), lastPage, total };
}

/** Pure: one Ensinio certificate to the domain model. The course (group) is the certification. */
export function toCertificate(raw: unknown): CertificateRecord {
  const what = 'Ensinio certificate';
  const o = asObject(raw, what);
  const id = reqString(o, 'id', what);
  const userId = reqString(o, 'user_id', what);
  const groupId = reqString(o, 'group_id', what);
  const groupName = optString(o, 'group_name', what);
  return {
    source: 'ENSINIO',
    key: [id, userId, groupId],
    sourceId: id,
    name: optString(o, 'alternative_name', what) ?? groupName,
    issuedOn: optDate(o, 'conclusion_date', what),
    expiresOn: optDate(o, 'expiration_date', what),
    pending: false,
    revoked: false,
    url: optString(o, 'link', what),
    note: null,
    actionType: null,
    validity: null,
    warning: null,
    grade: optNumber(o, 'average_grade', what),
    workloadHours: parseWorkload(o.ch),
    data: {
      hash: optString(o, 'hash', what),
      platformName: optString(o, 'platform_name', what),
      subscriptionDate: optDate(o, 'subscription_date', what),
    },
    holder: {
      source: 'ENSINIO',
      sourceId: userId,
      type: 'PERSON',
      name: optString(o, 'member_name', what),
      email: null,
      photoUrl: optString(o, 'member_photo', what),
    },
    certification: { source: 'ENSINIO', sourceId: groupId, name: groupName, description: null },
    story: null,
  };
}
