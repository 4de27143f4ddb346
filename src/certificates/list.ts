import { createHash } from 'node:crypto';
import type { CertificateRecord, SourceName } from '../domain';
import { badInput } from '../errors';
import type { SourceLoaders } from '../connectors/types';
import { stableKey } from '../canonical';
import type { CertificateCriteria, CertificateOrder } from '../query';
import { compareValues, sortValue } from '../query';

/**
 * One list across sources in one global order.
 *
 * Every source yields a stream already sorted by the requested order (4HSE
 * sorts upstream; the others are sorted here). A page is a k-way merge of the
 * streams' heads; ties between sources go to the source listed first in
 * the registry. A cursor records how far each stream has been consumed, so the next
 * page resumes every stream exactly where it stopped: no gap, no duplicate,
 * whatever the ties. The cursor also carries a hash of the filter and order,
 * so a cursor from another query is refused instead of silently misapplied.
 */
export type Offsets = Readonly<Record<SourceName, number>>;

export interface Edge {
  cursor: string;
  node: CertificateRecord;
}
export interface ListResult {
  edges: Edge[];
  totalCount: number;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  /** Sources that failed: their certificates are missing from this page. */
  failures: { source: SourceName; error: unknown }[];
}

export function queryHash(criteria: CertificateCriteria, order: CertificateOrder): string {
  return createHash('sha256')
    .update(stableKey({ c: stableKey(criteria as Record<string, unknown>), o: `${order.field}:${order.direction}` }))
    .digest('base64url')
    .slice(0, 12);
}

/** An edge of a merged page; its cursor is encoded only if the client selects it (a prototype getter: no closure per edge). */
class MergedEdge implements Edge {
  constructor(
    readonly node: CertificateRecord,
    private readonly hash: string,
    private readonly after: Record<SourceName, number>,
  ) {}
  get cursor(): string {
    return encodeCursor(this.hash, this.after);
  }
}

/** The cursor after a position: the query's hash and each stream's consumed count, by source name (zeros left out). */
export function encodeCursor(hash: string, offsets: Offsets): string {
  const o = Object.fromEntries(Object.entries(offsets).filter(([, n]) => n > 0));
  return Buffer.from(JSON.stringify({ h: hash, o }), 'utf8').toString('base64url');
}

const CURSOR_SOURCE = /^[A-Z][A-Z0-9_]{0,31}$/;

/** Throws BAD_USER_INPUT naming `after` for garbage, or for a cursor of another filter or order. */
export function decodeCursor(after: string, hash: string): Offsets {
  let parsed: { h?: unknown; o?: unknown } | undefined;
  try {
    if (/^[A-Za-z0-9_-]{1,2048}$/.test(after)) parsed = JSON.parse(Buffer.from(after, 'base64url').toString('utf8')) as typeof parsed;
  } catch {
    parsed = undefined;
  }
  const o = parsed?.o;
  const valid =
    !!parsed &&
    typeof parsed.h === 'string' &&
    typeof o === 'object' &&
    o !== null &&
    !Array.isArray(o) &&
    Object.entries(o).every(([k, n]) => CURSOR_SOURCE.test(k) && Number.isSafeInteger(n) && (n as number) >= 0);
  if (!valid || !parsed) throw badInput('after', 'after is not a cursor returned by this gateway');
  if (parsed.h !== hash) {
    throw badInput('after', 'after is a cursor of another query: page with the same filter and orderBy that produced it');
  }
  return o as Offsets;
}

export async function listAcrossSources(args: {
  loaders: ReadonlyMap<SourceName, SourceLoaders>;
  sources: readonly SourceName[];
  criteria: CertificateCriteria;
  order: CertificateOrder;
  first: number;
  after?: string | null;
}): Promise<ListResult> {
  const hash = queryHash(args.criteria, args.order);
  const start: Offsets = args.after ? decodeCursor(args.after, hash) : {};
  const offsetOf = (source: SourceName) => start[source] ?? 0;
  const failures: ListResult['failures'] = [];
  const windows = await Promise.all(
    args.sources.map(async (source) => {
      try {
        const w = await args.loaders.get(source)!.listCertificates({ criteria: args.criteria, order: args.order, offset: offsetOf(source), limit: args.first });
        return { source, ...w };
      } catch (error) {
        failures.push({ source, error });
        return null;
      }
    }),
  );
  const streams = windows.filter((w): w is NonNullable<typeof w> => w !== null);
  const pos = new Map<SourceName, number>(streams.map((s) => [s.source, 0]));
  const offsets: Record<SourceName, number> = Object.fromEntries(args.sources.map((s) => [s, offsetOf(s)]));
  const edges: Edge[] = [];
  while (edges.length < args.first) {
    let best: (typeof streams)[number] | null = null;
    let bestValue: string | null = null;
    for (const s of streams) {
      const item = s.items[pos.get(s.source)!];
      if (!item) continue;
      const v = sortValue(item, args.order.field);
      // Strictly better only: on a tie the earlier source (registry order) keeps its place.
      if (best === null || compareValues(v, bestValue, args.order.direction) < 0) {
        best = s;
        bestValue = v;
      }
    }
    if (!best) break;
    const node = best.items[pos.get(best.source)!];
    pos.set(best.source, pos.get(best.source)! + 1);
    offsets[best.source] += 1;
    edges.push(new MergedEdge(node, hash, { ...offsets }));
  }
  const totalCount = streams.reduce((n, s) => n + s.total, 0);
  const consumed = streams.reduce((n, s) => n + offsets[s.source], 0);
  return {
    edges,
    totalCount,
    hasNextPage: consumed < totalCount,
    hasPreviousPage: Object.values(start).some((n) => n > 0),
    failures,
  };
}
