import DataLoader from 'dataloader';
import type { CertificateRecord, ResourceRecord } from '../../domain';
import { DEFAULT_FIRST, DEFAULT_ORDER, type CertificateCriteria, type CertificateOrder, type StatusContext } from '../../query';
import type { HealthTracker } from '../health';
import { mapOrFail } from '../shape';
import type { CertificateWindow, ListRequest, SourceLoaders } from '../types';
import { stableKey, windowOf } from '../types';
import type { FourHseClient, FourHsePage } from './client';
import type { FourHseIndexRequest } from './dto';
import { toCertificate } from './mapper';

/** The largest page we ask for; a server that allows less says so in X-Pagination-Per-Page and we adapt. */
export const MAX_PER_PAGE = 500;

const SORT_FIELD = { EXPIRES_ON: 'date_expire', ISSUED_ON: 'date_release', NAME: 'name' } as const;

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

export function createFourHseLoaders(
  client: FourHseClient,
  health: HealthTracker,
  status: StatusContext,
  memo: <T>(body: unknown, map: () => T) => T,
): SourceLoaders {
  /** A page's records, mapped once however many requests share the page. */
  const map = (items: unknown[]) => memo(items, () => mapOrFail('FOURHSE', health, () => items.map(toCertificate)));

  // One index call per distinct body within the request.
  const indexLoader = new DataLoader<FourHseIndexRequest, FourHsePage, string>(
    (bodies) => Promise.all(bodies.map((b) => client.index(b).catch((e: Error) => e))),
    { cacheKeyFn: (b) => stableKey(b as Record<string, unknown>) },
  );

  /** Items of pages [first, last] of `perPage`; a page past the end (Yii answers the last page again) counts as empty. */
  async function pages(filter: FourHseIndexRequest['filter'], sort: string, perPage: number, first: number, last: number) {
    const nums = Array.from({ length: last - first + 1 }, (_, i) => first + i);
    const got = await Promise.all(nums.map((page) => indexLoader.load({ filter, sort, 'per-page': perPage, page })));
    return got;
  }

  async function fetchRange(filter: FourHseIndexRequest['filter'], sort: string, offset: number, limit: number): Promise<CertificateWindow> {
    if (limit <= 0) {
      const head = await indexLoader.load({ filter, sort, 'per-page': 1, page: 1 });
      return { items: [], total: head.total };
    }
    let size = choosePageSize(offset, limit);
    let got = await pages(filter, sort, size, Math.floor(offset / size) + 1, Math.floor((offset + limit - 1) / size) + 1);
    if (got[0].perPage !== size && got[0].perPage > 0) {
      // The server capped per-page: plan again with the size it really uses.
      size = got[0].perPage;
      got = await pages(filter, sort, size, Math.floor(offset / size) + 1, Math.floor((offset + limit - 1) / size) + 1);
    }
    const firstPage = Math.floor(offset / size) + 1;
    const items: CertificateRecord[] = [];
    got.forEach((p, i) => {
      // Yii clamps a page past the end to the last page; those items are not ours.
      if (p.items.length > 0 && p.pageCount >= firstPage + i) items.push(...map(p.items));
    });
    const start = offset - (firstPage - 1) * size;
    return { items: items.slice(start, start + limit), total: got[0].total };
  }

  async function fetchAll(filter: FourHseIndexRequest['filter'], sort: string): Promise<CertificateRecord[]> {
    const head = await indexLoader.load({ filter, sort, 'per-page': MAX_PER_PAGE, page: 1 });
    const rest = head.pageCount > 1 ? await pages(filter, sort, head.perPage, 2, head.pageCount) : [];
    return [head, ...rest].flatMap((p) => map(p.items));
  }

  return {
    async listCertificates(req: ListRequest) {
      const sort = sortParam(req.order);
      const pushed = pushdownFilter(req.criteria);
      if (pushed) return fetchRange(pushed, sort, req.offset, req.limit);
      const narrowed = pushdownFilter({ holder: req.criteria.holder, actionType: req.criteria.actionType }) ?? {};
      return windowOf(await fetchAll(narrowed, sort), req, status);
    },
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
            // The same request as the holder's default certificates page, so
            // resource(id) { certificates { … } } costs one call, not two in a row.
            const window = await fetchRange({ resource_id: id }, sortParam(DEFAULT_ORDER), 0, DEFAULT_FIRST);
            return window.items[0]?.holder ?? null;
          } catch (e) {
            return e as Error;
          }
        }),
      ),
    ),
  };
}
