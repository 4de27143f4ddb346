import { addDays } from './clock';
import type { CertificateRecord, SourceName } from './domain';

export type CertificateStatus = 'VALID' | 'EXPIRING' | 'EXPIRED' | 'REVOKED' | 'PENDING';
export type OrderField = 'EXPIRES_ON' | 'ISSUED_ON' | 'NAME';
export type OrderDirection = 'ASC' | 'DESC';
export interface CertificateOrder {
  field: OrderField;
  direction: OrderDirection;
}
export const DEFAULT_ORDER: CertificateOrder = { field: 'EXPIRES_ON', direction: 'ASC' };
/** Page size when a client gives none. */
export const DEFAULT_FIRST = 20;

/** A reference to an object of one source, decoded from a global ID. */
export interface SourceRef {
  source: SourceName;
  sourceId: string;
}

/** CertificateFilter after validation: IDs decoded, emails lower-cased, dates checked. */
export interface CertificateCriteria {
  sources?: SourceName[];
  holder?: SourceRef;
  holderEmail?: string;
  actionType?: string;
  status?: CertificateStatus[];
  expiresBefore?: string;
  expiresAfter?: string;
  issuedAfter?: string;
  certification?: SourceRef;
  storyId?: string;
  search?: string;
}

/** What "today" means for status, fixed once per request from the injected clock. */
export interface StatusContext {
  today: string;
  expiringWithinDays: number;
  /** today + expiringWithinDays, computed once per request. */
  expiringUntil: string;
}

/** The last status context made: every request of a day shares one (no date arithmetic per request). */
let lastStatus: StatusContext | null = null;

export function statusContext(today: string, expiringWithinDays: number): StatusContext {
  if (lastStatus?.today === today && lastStatus.expiringWithinDays === expiringWithinDays) return lastStatus;
  lastStatus = Object.freeze({ today, expiringWithinDays, expiringUntil: addDays(today, expiringWithinDays) });
  return lastStatus;
}

export function certificateStatus(c: CertificateRecord, ctx: StatusContext): CertificateStatus {
  if (c.pending) return 'PENDING';
  if (c.revoked) return 'REVOKED';
  if (c.expiresOn === null) return 'VALID';
  if (c.expiresOn < ctx.today) return 'EXPIRED';
  if (c.expiresOn <= ctx.expiringUntil) return 'EXPIRING';
  return 'VALID';
}

/** A configured source as a list sees it: what it can match (a SourceModule is one). */
export interface ListableSource {
  readonly name: SourceName;
  readonly capabilities: { readonly holderEmail: boolean; readonly stories: boolean; readonly actionTypes: boolean };
}

/** The sources a filter can possibly match (of `configured`, in its order); others are not called at all. */
export function candidateSources(criteria: CertificateCriteria, configured: readonly ListableSource[]): SourceName[] {
  return configured
    .filter(({ name, capabilities: can }) => {
      if (criteria.sources && !criteria.sources.includes(name)) return false;
      if (criteria.holder && criteria.holder.source !== name) return false;
      if (criteria.certification && criteria.certification.source !== name) return false;
      if (criteria.storyId !== undefined && !can.stories) return false;
      if (criteria.actionType !== undefined && !can.actionTypes) return false;
      if (criteria.holderEmail !== undefined && !can.holderEmail) return false;
      return true;
    })
    .map((s) => s.name);
}

/** The whole filter, applied in the gateway (pushdown only narrows what upstreams send). */
export function matchesCriteria(c: CertificateRecord, f: CertificateCriteria, ctx: StatusContext): boolean {
  if (f.sources && !f.sources.includes(c.source)) return false;
  if (f.holder && (c.holder.source !== f.holder.source || c.holder.sourceId !== f.holder.sourceId)) return false;
  if (f.holderEmail !== undefined && c.holder.email?.toLowerCase() !== f.holderEmail) return false;
  if (f.actionType !== undefined && c.actionType !== f.actionType) return false;
  if (f.certification && (c.certification?.source !== f.certification.source || c.certification.sourceId !== f.certification.sourceId)) return false;
  if (f.storyId !== undefined && c.story?.sourceId !== f.storyId) return false;
  if (f.expiresBefore !== undefined && !(c.expiresOn !== null && c.expiresOn < f.expiresBefore)) return false;
  if (f.expiresAfter !== undefined && !(c.expiresOn === null || c.expiresOn > f.expiresAfter)) return false;
  if (f.issuedAfter !== undefined && !(c.issuedOn !== null && c.issuedOn > f.issuedAfter)) return false;
  if (f.status && !f.status.includes(certificateStatus(c, ctx))) return false;
  if (f.search !== undefined) {
    const needle = f.search.toLowerCase();
    const hay = [c.name, c.holder.name, c.holder.email, c.certification?.name, c.story?.name];
    if (!hay.some((h) => h?.toLowerCase().includes(needle))) return false;
  }
  return true;
}

export function sortValue(c: CertificateRecord, field: OrderField): string | null {
  switch (field) {
    case 'EXPIRES_ON':
      return c.expiresOn;
    case 'ISSUED_ON':
      return c.issuedOn;
    case 'NAME':
      return c.name;
  }
}

/** Letters that Unicode decomposition leaves whole but a reader takes for a base letter (or two). */
const FOLD_LETTERS: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ð: 'd', þ: 'th', ł: 'l', ı: 'i', ħ: 'h', ŧ: 't' };
const FOLD_RE = /[ßæœøđðþłıħŧ]/g;
const MARKS_RE = /\p{M}+/gu;
const foldCache = new Map<string, string>();

/**
 * The primary collation key of a sort value: compatibility-decomposed, accents
 * (combining marks) removed, lower-cased, and the few letters that do not
 * decompose spelled out (ß → ss, æ → ae, ø → o, ł → l …). "Élan", "ELAN" and
 * "elan" share one key, which sorts before "Ezra". ISO dates are their own
 * key, so their byte order is kept.
 */
export function collationKey(s: string): string {
  let k = foldCache.get(s);
  if (k === undefined) {
    k = s.normalize('NFKD').replace(MARKS_RE, '').toLowerCase().replace(FOLD_RE, (c) => FOLD_LETTERS[c]);
    if (foldCache.size >= 10_000) foldCache.clear(); // bounded: names are few, but nothing here may grow without end
    foldCache.set(s, k);
  }
  return k;
}

/**
 * The gateway's one global order, used by every stream and by the merge:
 * - null sorts after every value: last ascending, first descending;
 * - strings compare by collationKey (accent- and case-insensitive) by code
 *   unit, then, to stay deterministic, by the strings' own code units (so
 *   "Elan" < "elan" < "Élan", and only identical strings tie);
 * - dates (YYYY-MM-DD) therefore compare as their bytes.
 * No source is trusted to sort in this collation: 4HSE's stream is
 * re-arranged (nulls) or sorted here (names) by its connector. Ties are left
 * to each stream's own tie-breaker.
 */
export function compareValues(a: string | null, b: string | null, direction: OrderDirection): number {
  let r: number;
  if (a === b) r = 0;
  else if (a === null) r = 1;
  else if (b === null) r = -1;
  else {
    const ka = collationKey(a);
    const kb = collationKey(b);
    r = ka < kb ? -1 : ka > kb ? 1 : a < b ? -1 : a > b ? 1 : 0;
  }
  return direction === 'ASC' ? r : -r;
}

/**
 * Sorts one source's certificates locally: by the order (exactly as
 * compareValues), then by sourceId (stable, ascending). Each value's collation
 * key is computed once, not once per comparison; dates are their own key.
 */
export function sortLocal(items: CertificateRecord[], order: CertificateOrder): CertificateRecord[] {
  const sign = order.direction === 'ASC' ? 1 : -1;
  const byName = order.field === 'NAME';
  return items
    .map((c) => {
      const v = sortValue(c, order.field);
      return { c, v, k: v === null ? null : byName ? collationKey(v) : v };
    })
    .sort((x, y) => {
      let r: number;
      if (x.v === y.v) r = 0;
      else if (x.v === null) r = 1;
      else if (y.v === null) r = -1;
      else r = x.k! < y.k! ? -1 : x.k! > y.k! ? 1 : x.v < y.v ? -1 : x.v > y.v ? 1 : 0;
      return sign * r || (x.c.sourceId < y.c.sourceId ? -1 : x.c.sourceId > y.c.sourceId ? 1 : 0);
    })
    .map((x) => x.c);
}
