import { DataLoader } from '../traced-loader';
import type { CertificateRecord, ResourceRecord } from '../../domain';
import {
  DEFAULT_FIRST,
  DEFAULT_ORDER,
  sortValue,
  type CertificateCriteria,
  type CertificateOrder,
  type OrderDirection,
  type OrderField,
  type StatusContext,
} from '../../query';
import type { HealthTracker } from '../health';
import { mapOrFail } from '../shape';
import type { CertificateWindow, ListRequest, SourceLoaders } from '../types';
import { stableKey, windowOf } from '../types';
import type { FourHseClient, FourHsePage, NullPlacement } from './client';
import type { FourHseIndexRequest } from './dto';
import { toCertificate } from './mapper';

/**
 * How a 4HSE list becomes a stream in the gateway's order (nulls after every
 * value: last ascending, first descending; names in the gateway's collation).
 *
 * - Dates with a filter 4HSE can apply: sorted upstream. Where the server puts
 *   nulls is learned at run time (client.traits.nulls). When it puts them
 *   "largest" (the gateway's own order), a window is read as it is, one
 *   request as a rule. When it puts them "smallest" (MySQL), the window is
 *   rotated (planWindow): the nulls are counted at the head of `sort=field`
 *   (read at per-page 500, which often holds the window too), and the values
 *   are read shifted by that count. Until the placement is known, a window
 *   is read as if "largest" and kept when it proves itself right whatever the
 *   placement; otherwise it is rotated, which is right under both.
 * - Names: 4HSE sorts them in MySQL's collation, not the gateway's, so the
 *   whole filtered list is read and sorted here (see listCertificates).
 * - A filter 4HSE cannot apply: the whole (narrowed) list, filtered and sorted here.
 * - An upstream without X-Pagination-* headers: the whole list, read until a
 *   short page, and every window computed from it.
 */

/** The largest page we ask for; a server that allows less says so in X-Pagination-Per-Page and we adapt. */
export const MAX_PER_PAGE = 500;

const SORT_FIELD = { EXPIRES_ON: 'date_expire', ISSUED_ON: 'date_release', NAME: 'name' } as const;
type Filter = FourHseIndexRequest['filter'];

export function sortParam(order: CertificateOrder): string {
  return (order.direction === 'DESC' ? '-' : '') + SORT_FIELD[order.field];
}

/** The criteria 4HSE can apply itself (its filter is exact-match on its own fields), or null when some must be applied here. */
export function pushdownFilter(c: CertificateCriteria): FourHseIndexRequest['filter'] | null {
  const { sources: _s, holder, actionType, ...rest } = c;
  if (Object.values(rest).some((v) => v !== undefined)) return null;
  const filter: NonNullable<FourHseIndexRequest['filter']> = {};
  if (holder) filter.resource_id = holder.sourceId;
  if (actionType) filter.action_type = actionType;
  return filter;
}

/**
 * The smallest page size ≥ limit for which [offset, offset+limit) falls in
 * one page, so a window costs one request; falls back to `limit` (two pages).
 */
export function choosePageSize(offset: number, limit: number): number {
  const max = Math.min(offset + limit, MAX_PER_PAGE);
  for (let p = Math.max(1, limit); p <= max; p++) {
    if (Math.floor(offset / p) === Math.floor((offset + limit - 1) / p)) return p;
  }
  return Math.max(1, Math.min(limit, MAX_PER_PAGE));
}

/** Half-open range [start, end). */
export interface Range {
  start: number;
  end: number;
}

/**
 * Pure: the gateway's window [offset, offset+limit) of a stream of `total`
 * certificates, `nullCount` (K) of them null in the sort field, split into a
 * range of the non-null values (V = total − K of them, positions in value
 * order for the direction: ascending values for ASC, descending for DESC) and
 * a range of the nulls. The gateway's order is ASC = [V values][K nulls] and
 * DESC = [K nulls][V values], so the window is `values` then `nulls`
 * ascending, `nulls` then `values` descending. Either range is null when the
 * window has none of it.
 */
export function planWindow(direction: OrderDirection, nullCount: number, total: number, offset: number, limit: number): { values: Range | null; nulls: Range | null } {
  const T = Math.max(0, total);
  const K = Math.min(Math.max(0, nullCount), T);
  const V = T - K;
  const start = Math.min(Math.max(0, offset), T);
  const end = Math.min(start + Math.max(0, limit), T);
  const range = (a: number, b: number): Range | null => (b > a ? { start: a, end: b } : null);
  if (direction === 'ASC') return { values: range(start, Math.min(end, V)), nulls: range(Math.max(start, V) - V, end - V) };
  return { nulls: range(start, Math.min(end, K)), values: range(Math.max(start, K) - K, end - K) };
}

/**
 * Pure: where a window of planWindow lies in the upstream's own order for the
 * same direction (`sort=field` for ASC, `sort=-field` for DESC), given where
 * the upstream puts nulls. Upstream, the nulls lead ASC when they are
 * "smallest" and lead DESC when "largest"; the values keep their order. So
 * with nulls smallest: gateway ASC o < V ↔ upstream o+K, o ≥ V ↔ upstream
 * o−V; gateway DESC o < K ↔ upstream ASC-or-DESC null o, o ≥ K ↔ upstream
 * DESC o−K. With nulls largest every position maps to itself.
 */
export function upstreamRanges(direction: OrderDirection, placement: NullPlacement, nullCount: number, total: number, offset: number, limit: number): { values: Range | null; nulls: Range | null } {
  const plan = planWindow(direction, nullCount, total, offset, limit);
  const K = Math.min(Math.max(0, nullCount), Math.max(0, total));
  const V = Math.max(0, total) - K;
  const nullsLead = (placement === 'smallest') === (direction === 'ASC');
  const shift = (r: Range | null, by: number): Range | null => (r ? { start: r.start + by, end: r.end + by } : null);
  return { values: shift(plan.values, nullsLead ? K : 0), nulls: shift(plan.nulls, nullsLead ? 0 : V) };
}

/**
 * Pure: the placement a page sorted by one field shows, from the first place
 * where a null and a value meet (null before value ascending: smallest; null
 * before value descending: largest). null when the page shows none.
 */
export function placementFromPage(values: readonly (string | null)[], descending: boolean): NullPlacement | null {
  for (let i = 1; i < values.length; i++) {
    const before = values[i - 1] === null;
    if (before !== (values[i] === null)) return before !== descending ? 'smallest' : 'largest';
  }
  return null;
}

const byId = (a: CertificateRecord, b: CertificateRecord) => (a.sourceId < b.sourceId ? -1 : a.sourceId > b.sourceId ? 1 : 0);

/**
 * Pure: a whole list in the upstream's order for `direction`, in the
 * gateway's: values in the upstream's order, nulls after them ascending and
 * before them descending. Where the upstream put the nulls first ascending
 * (or last descending), i.e. "smallest", the nulls are ordered by sourceId,
 * exactly as a rotated window orders them, so a whole-list read and a
 * windowed read of the same stream agree; otherwise (the gateway's own
 * placement) the list is returned as it is.
 */
export function arrangeNulls(items: readonly CertificateRecord[], field: OrderField, direction: OrderDirection): CertificateRecord[] {
  const values = items.filter((c) => sortValue(c, field) !== null);
  const nulls = items.filter((c) => sortValue(c, field) === null);
  if (values.length === 0 || nulls.length === 0) return [...items];
  const smallest = (sortValue(items[0], field) === null) === (direction === 'ASC');
  const ordered = smallest ? [...nulls].sort(byId) : nulls;
  return direction === 'ASC' ? [...values, ...ordered] : [...ordered, ...values];
}

/** The nulls at the head of `sort=field` (ascending), read at per-page MAX_PER_PAGE until the first value. */
interface NullHead {
  /** Ordered by sourceId: the order a rotated stream keeps them in. */
  nulls: CertificateRecord[];
  total: number;
  /** Everything read, in upstream ascending order from position 0. */
  rows: CertificateRecord[];
}

/** A window of the upstream's own order, read as such: `start` is its upstream position. */
type Known = { start: number; items: CertificateRecord[] };

/**
 * The reads of one request against 4HSE's index: every distinct body asked
 * once (a DataLoader), pages mapped once, and the windows of the gateway's
 * order built from them (see the comment at the top of this file).
 */
class FourHseReader {
  /** One index call per distinct body within the request. */
  private readonly indexLoader: DataLoader<FourHseIndexRequest, FourHsePage, string>;
  private readonly heads = new Map<string, Promise<NullHead | null>>();

  constructor(
    private readonly client: FourHseClient,
    private readonly health: HealthTracker,
    private readonly status: StatusContext,
    private readonly memo: <T>(body: unknown, map: () => T) => T,
  ) {
    this.indexLoader = new DataLoader<FourHseIndexRequest, FourHsePage, string>(
      (bodies) => Promise.all(bodies.map((b) => client.index(b).catch((e: Error) => e))),
      { name: 'FOURHSE.index', cacheKeyFn: (b) => stableKey(b as Record<string, unknown>) },
    );
  }

  private get traits() {
    return this.client.traits;
  }

  /** A page's records, mapped once however many requests share the page. */
  private map(items: unknown[]): CertificateRecord[] {
    return this.memo(items, () => mapOrFail('FOURHSE', this.health, () => items.map(toCertificate)));
  }

  /** Learns the placement from a page sorted by `field` (the latest evidence wins: a server may be replaced). */
  private observe(items: readonly CertificateRecord[], field: OrderField, descending: boolean): void {
    const seen = placementFromPage(items.map((c) => sortValue(c, field)), descending);
    if (seen) this.traits.nulls = seen;
  }

  /** Pages [first, last] of `perPage`, in parallel. */
  private pages(filter: Filter, sort: string, perPage: number, first: number, last: number): Promise<FourHsePage[]> {
    const nums = Array.from({ length: last - first + 1 }, (_, i) => first + i);
    return Promise.all(nums.map((page) => this.indexLoader.load({ filter, sort, 'per-page': perPage, page })));
  }

  /**
   * The upstream's own window [offset, offset+limit) of `sort`, as today's
   * Yii pages give it. null when the answers carry no pagination headers
   * (nothing then says where the list ends): read the whole list instead.
   */
  private async fetchRange(filter: Filter, sort: string, offset: number, limit: number): Promise<CertificateWindow | null> {
    if (limit <= 0) {
      const head = await this.indexLoader.load({ filter, sort, 'per-page': 1, page: 1 });
      return head.total === null ? null : { items: [], total: head.total };
    }
    let size = choosePageSize(offset, limit);
    let got = await this.pages(filter, sort, size, Math.floor(offset / size) + 1, Math.floor((offset + limit - 1) / size) + 1);
    if (got.some((p) => p.total === null)) return null;
    if (got[0].perPage !== size && got[0].perPage > 0) {
      // The server capped per-page: plan again with the size it really uses.
      size = got[0].perPage;
      got = await this.pages(filter, sort, size, Math.floor(offset / size) + 1, Math.floor((offset + limit - 1) / size) + 1);
      if (got.some((p) => p.total === null)) return null;
    }
    const firstPage = Math.floor(offset / size) + 1;
    const items: CertificateRecord[] = [];
    got.forEach((p, i) => {
      // Yii clamps a page past the end to the last page; those items are not ours.
      if (p.items.length > 0 && p.pageCount! >= firstPage + i) items.push(...this.map(p.items));
    });
    const start = offset - (firstPage - 1) * size;
    return { items: items.slice(start, start + limit), total: got[0].total! };
  }

  /**
   * Every certificate of the filter, in the upstream's order for `sort`,
   * without duplicates. With pagination headers: page 1 at MAX_PER_PAGE, then
   * the other pages in parallel. Without: pages until a short one (or until
   * Yii answers a page past the end with the last page again, or nothing),
   * asked for in batches of 1, 2, 4 … pages so a long list is not a long
   * series of round trips. Costs ceil(total / per-page) requests (one more
   * without headers when the total is a multiple of the page size).
   */
  private async readAll(filter: Filter, sort: string): Promise<CertificateRecord[]> {
    const head = await this.indexLoader.load({ filter, sort, 'per-page': MAX_PER_PAGE, page: 1 });
    const got: FourHsePage[] = [head];
    if (head.total !== null) {
      if (head.pageCount! > 1) got.push(...(await this.pages(filter, sort, head.perPage, 2, head.pageCount!)));
    } else if (head.items.length >= MAX_PER_PAGE) {
      const sameAs = (a: FourHsePage, b: FourHsePage) =>
        a.items.length === b.items.length && JSON.stringify(a.items[0]) === JSON.stringify(b.items[0]) && JSON.stringify(a.items.at(-1)) === JSON.stringify(b.items.at(-1));
      let next = 2;
      let batch = 1;
      for (let done = false; !done; next += batch, batch *= 2) {
        const more = await this.pages(filter, sort, MAX_PER_PAGE, next, next + batch - 1);
        for (const p of more) {
          if (p.items.length === 0 || sameAs(p, got[got.length - 1])) {
            done = true; // past the end
            break;
          }
          got.push(p);
          if (p.items.length < MAX_PER_PAGE) {
            done = true; // the last page
            break;
          }
        }
      }
    }
    const seen = new Set<string>();
    const out: CertificateRecord[] = [];
    for (const p of got) {
      for (const c of this.map(p.items)) {
        if (seen.has(c.sourceId)) continue; // a row that moved between two pages' reads
        seen.add(c.sourceId);
        out.push(c);
      }
    }
    return out;
  }

  /** A date-ordered window computed from the whole list: for an upstream without pagination headers. */
  private async wholeWindow(filter: Filter, field: OrderField, direction: OrderDirection, offset: number, limit: number): Promise<CertificateWindow> {
    const all = await this.readAll(filter, sortParam({ field, direction }));
    this.observe(all, field, direction === 'DESC');
    const items = arrangeNulls(all, field, direction);
    return { items: items.slice(offset, offset + Math.max(0, limit)), total: items.length };
  }

  /** Cached for the request: every window of one filter and field shares the count of its nulls. */
  private nullHead(filter: Filter, field: OrderField): Promise<NullHead | null> {
    const key = stableKey({ filter: stableKey((filter ?? {})), field });
    let head = this.heads.get(key);
    if (!head) {
      head = this.readNullHead(filter, field);
      this.heads.set(key, head);
    }
    return head;
  }

  /**
   * K, the number of nulls at the head of `sort=field`: page 1 at
   * MAX_PER_PAGE (one request unless more than a page of nulls), pages after
   * it one by one only while they hold nothing but nulls. Under the "largest"
   * placement the head has no nulls and K = 0, so the rotation built on it is
   * the identity: right under both placements. null without pagination headers.
   */
  private async readNullHead(filter: Filter, field: OrderField): Promise<NullHead | null> {
    const sort = SORT_FIELD[field];
    const rows: CertificateRecord[] = [];
    const finish = (read: CertificateRecord[], total: number): NullHead => {
      this.observe(read, field, false);
      const K = read.findIndex((c) => sortValue(c, field) !== null);
      return { nulls: read.slice(0, K < 0 ? read.length : K).sort(byId), total, rows: read };
    };
    for (let page = 1; ; page++) {
      const p = await this.indexLoader.load({ filter, sort, 'per-page': MAX_PER_PAGE, page });
      if (p.total === null) return null;
      if (page > p.pageCount!) return finish(rows, p.total); // nothing at all, or the list shrank meanwhile
      const recs = this.map(p.items);
      rows.push(...recs);
      if (recs.length === 0 || page >= p.pageCount! || recs.some((c) => sortValue(c, field) !== null)) return finish(rows, p.total);
    }
  }

  /**
   * The window rotated around the nulls at the head of `sort=field` (see
   * planWindow): right whatever the placement; costs the head (one request at
   * per-page 500, which often holds the whole window when ascending) and,
   * unless the head holds it, one window of the values. Descending, the
   * values come from `sort=-field`; when the window lies within the first
   * MAX_PER_PAGE positions they are read together with the head, not after it.
   * `known` is a window of the upstream order for `direction` already read.
   * null without pagination headers.
   */
  private async rotatedWindow(
    filter: Filter,
    field: OrderField,
    direction: OrderDirection,
    offset: number,
    limit: number,
    known?: Known,
  ): Promise<CertificateWindow | null> {
    const descending = direction === 'DESC';
    const sort = sortParam({ field, direction });
    const early = descending && !known && offset + limit <= MAX_PER_PAGE ? this.fetchRange(filter, sort, 0, offset + limit) : null;
    early?.catch(() => undefined); // awaited below, unless the head fails first
    const head = await this.nullHead(filter, field);
    if (!head) return null;
    // Still undecided (no null and value met in what was read): learn the placement for the next
    // requests, so they read as cheaply as the placement allows. Not awaited: this window is right either way.
    if (this.traits.nulls === null) this.client.probeNulls().catch(() => undefined);
    const K = head.nulls.length;
    const plan = planWindow(direction, K, head.total, offset, limit);
    let values: CertificateRecord[] = [];
    if (plan.values) {
      // Upstream positions of the values: after the K nulls ascending; from 0 descending (the nulls are last there).
      const from = plan.values.start + (descending ? 0 : K);
      const to = plan.values.end + (descending ? 0 : K);
      const within = (w: { start: number; items: CertificateRecord[] } | null | undefined) => w && from >= w.start && to <= w.start + w.items.length;
      const asRead = !descending ? { start: 0, items: head.rows } : null;
      const earlyRead = early ? await early : null;
      const source = [asRead, known, earlyRead && { start: 0, items: earlyRead.items }].find(within);
      if (source) values = source.items.slice(from - source.start, to - source.start);
      else {
        const w = await this.fetchRange(filter, sort, from, to - from);
        if (!w) return null;
        this.observe(w.items, field, descending);
        values = w.items;
      }
    }
    const nulls = plan.nulls ? head.nulls.slice(plan.nulls.start, plan.nulls.end) : [];
    return { items: descending ? [...nulls, ...values] : [...values, ...nulls], total: head.total };
  }

  /** A window of a date order whose filter 4HSE applies itself. */
  private async dateWindow(filter: Filter, field: OrderField, direction: OrderDirection, offset: number, limit: number): Promise<CertificateWindow> {
    if (this.traits.paginationHeaders === false) return this.wholeWindow(filter, field, direction, offset, limit);
    if (limit <= 0) return (await this.fetchRange(filter, sortParam({ field, direction }), offset, 0)) ?? this.wholeWindow(filter, field, direction, offset, limit);
    const descending = direction === 'DESC';
    let known: Known | undefined;
    if (this.traits.nulls !== 'smallest') {
      // As the gateway's own placement would have it: one request as a rule.
      const w = await this.fetchRange(filter, sortParam({ field, direction }), offset, limit);
      if (!w) return this.wholeWindow(filter, field, direction, offset, limit);
      this.observe(w.items, field, descending);
      // The whole list in hand: arranged here whatever the placement.
      if (offset === 0 && w.items.length >= w.total) return { items: arrangeNulls(w.items, field, direction), total: w.total };
      if (this.traits.nulls === 'largest') return w;
      if (this.traits.nulls === null) {
        const first = w.items[0] ? sortValue(w.items[0], field) : undefined;
        // Right under both placements: past the end; or from the start, ascending beginning with a value
        // (no null leads, so none is out of place), or descending beginning with a null (nulls lead either way).
        if (w.items.length === 0 || (offset === 0 && (descending ? first === null : first !== null))) return w;
      }
      known = { start: offset, items: w.items };
    }
    return (await this.rotatedWindow(filter, field, direction, offset, limit, known)) ?? this.wholeWindow(filter, field, direction, offset, limit);
  }

  /** One source's ordered, filtered window: the heart of listCertificates (and of resource(id)). */
  async list(req: ListRequest): Promise<CertificateWindow> {
    const pushed = pushdownFilter(req.criteria);
    if (pushed && req.order.field !== 'NAME') return this.dateWindow(pushed, req.order.field, req.order.direction, req.offset, req.limit);
    if (pushed && req.limit <= 0 && this.traits.paginationHeaders !== false) {
      const head = await this.fetchRange(pushed, sortParam(req.order), 0, 0);
      if (head) return head;
    }
    // Names: 4HSE sorts them in its database's collation (MySQL's accent- and
    // case-insensitive rules, its own tie order), not the gateway's, and no
    // window of its order maps to a window of ours. So its whole filtered
    // list is read and sorted here: ceil(total / 500) requests (page 1, then
    // the others in parallel), whatever the window, and as many mapped
    // records in memory for the request. A filter 4HSE cannot apply takes the
    // same path, narrowed by what it can apply.
    const filter = pushed ?? pushdownFilter({ holder: req.criteria.holder, actionType: req.criteria.actionType }) ?? {};
    const all = await this.readAll(filter, sortParam(req.order));
    this.observe(all, req.order.field, req.order.direction === 'DESC'); // sorted upstream all the same: free evidence of the placement
    return windowOf(all, req, this.status);
  }
}

export function createFourHseLoaders(
  client: FourHseClient,
  health: HealthTracker,
  status: StatusContext,
  memo: <T>(body: unknown, map: () => T) => T,
): SourceLoaders {
  const reader = new FourHseReader(client, health, status, memo);
  const list = (req: ListRequest) => reader.list(req);
  return {
    listCertificates: list,
    certificateByKey: new DataLoader<string, CertificateRecord | null>(async (keys) =>
      Promise.all(
        keys.map(async (k) => {
          try {
            const [id] = JSON.parse(k) as string[];
            const raw = await client.view(id);
            return raw === null ? null : memo(raw, () => mapOrFail('FOURHSE', health, () => toCertificate(raw)));
          } catch (e) {
            return e as Error;
          }
        }),
      ),
    ),
    resourceById: new DataLoader<string, ResourceRecord | null>(async (ids) =>
      Promise.all(
        ids.map(async (id) => {
          try {
            // The same requests as the holder's default certificates page, so
            // resource(id) { certificates { … } } costs no more than that page.
            const window = await list({ criteria: { holder: { source: 'FOURHSE', sourceId: id } }, order: DEFAULT_ORDER, offset: 0, limit: DEFAULT_FIRST });
            return window.items[0]?.holder ?? null;
          } catch (e) {
            return e as Error;
          }
        }),
      ),
    ),
  };
}
