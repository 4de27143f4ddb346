import type { CertificateRecord } from '../../domain';
import { asObject, id, isoDate, list, need, num, ShapeError, text, wire, type Wire } from '../shape';
import type { EnsinioCertificateDto, EnsinioPageDto } from './dto';

/** `ch` (carga horária) arrives as "40h", "40", 8 or "1h30"; hours as a number, or null for anything else. */
export function parseWorkload(ch: unknown): number | null {
  if (typeof ch === 'number') return Number.isFinite(ch) && ch >= 0 ? ch : null;
  if (typeof ch !== 'string') return null;
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

/** A count of Laravel's pagination meta: a non-negative integer, or its decimal text. */
function count(v: unknown): number | null {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return v;
  if (typeof v === 'string' && /^\d{1,15}$/.test(v)) return Number(v);
  return null;
}

/**
 * Laravel's paginated answer. The pages cannot be walked without
 * meta.last_page and meta.total, nor listed without `data` (an array, or
 * PHP's index object): those make the answer unreadable (ShapeError).
 */
export function toPage(body: unknown): EnsinioPage {
  const o: Wire<EnsinioPageDto> = asObject(body, 'Ensinio answer');
  const meta: Wire<EnsinioPageDto['meta']> = asObject(o.meta, 'Ensinio answer.meta');
  const lastPage = count(meta.last_page);
  const total = count(meta.total);
  if (lastPage === null || total === null) throw new ShapeError('Ensinio answer.meta lacks last_page or total');
  // A missing `data` is not an empty page: read as one, a poller would take every certificate for deleted.
  const items = list(o.data);
  if (!items) throw new ShapeError('Ensinio answer.data is missing or not a list');
  return { items, lastPage, total };
}

/**
 * Pure: one Ensinio certificate to the domain model. The course (group) is the
 * certification. Identity: id, user_id (the holder) and group_id, integers or
 * their text; without one of them the item is invalid (ShapeError, see
 * connectors/shape.ts). Every other field that is absent or not what the doc
 * (003) says is null.
 */
export function toCertificate(raw: unknown): CertificateRecord {
  const what = 'Ensinio certificate';
  const o = wire<EnsinioCertificateDto>(raw);
  if (!o) throw new ShapeError(`${what} is not an object`);
  const certId = need(id(o.id), `${what}.id`);
  const userId = need(id(o.user_id), `${what}.user_id`);
  const groupId = need(id(o.group_id), `${what}.group_id`);
  const groupName = text(o.group_name);
  return {
    source: 'ENSINIO',
    key: [certId, userId, groupId],
    sourceId: certId,
    name: text(o.alternative_name) ?? groupName,
    issuedOn: isoDate(o.conclusion_date),
    expiresOn: isoDate(o.expiration_date),
    pending: false,
    revoked: false,
    url: text(o.link),
    note: null,
    actionType: null,
    validity: null,
    warning: null,
    grade: num(o.average_grade),
    workloadHours: parseWorkload(o.ch),
    data: {
      hash: text(o.hash),
      platformName: text(o.platform_name),
      subscriptionDate: isoDate(o.subscription_date),
    },
    holder: {
      source: 'ENSINIO',
      sourceId: userId,
      type: 'PERSON',
      name: text(o.member_name),
      email: null,
      photoUrl: text(o.member_photo),
    },
    certification: { source: 'ENSINIO', sourceId: groupId, name: groupName, description: null },
    story: null,
  };
}
