import { createHash } from 'node:crypto';
import type { CertificateRecord, SourceName } from '../domain';
import { badInput } from '../errors';
import type { SourceLoaders } from '../connectors/types';
import { stableKey } from '../canonical';
import type { CertificateCriteria, CertificateOrder } from '../query';
import { compareValues, sortValue } from '../query';

/**
 * One list across sources in one global order, paged both ways.
 *
 * Every source yields a stream already sorted by the requested order (4HSE
 * sorts upstream; the others are sorted here). The global order is a k-way
 * merge of the streams: by value, a tie going to the source listed first in
 * the registry, then to the stream's own order. So every position in the
 * global order is a vector of per-stream counts (how many of each stream come
 * before it), and a cursor is that vector, plain data: it means the same on
 * every replica and after a restart, with no server state.
 *
 * An edge's cursor records the counts up to and including its certificate,
 * plus the source of that certificate (`s`):
 * - `after` resumes every stream at those counts (no gap, no duplicate, whatever the ties);
 * - `before` ends every stream there, minus the edge itself (one less in its source).
 * Paging backward reads, for each stream, the `last` certificates before its
 * end and merges them from the tail (a tie going to the source listed last:
 * the mirror of the forward rule), so a page read backward is exactly the
 * page read forward, with the same cursors. The cursor also carries a hash of
 * the filter and order, so a cursor of another query is refused instead of
 * silently misapplied.
 */
export type Offsets = Readonly<Record<SourceName, number>>;

export interface Edge {
  cursor: string;
  node: CertificateRecord;
}
export interface ListResult {
  edges: Edge[];
  totalCount: number;
  /** True exactly when certificates of the sources that answered follow the page's last edge (its end, if empty). */
  hasNextPage: boolean;
  /** True exactly when certificates of the sources that answered come before the page's first edge (its start, if empty). */
  hasPreviousPage: boolean;
  /** Sources that failed: their certificates are missing from this page. */
  failures: { source: SourceName; error: unknown }[];
}

/** Forward: `first` certificates after `after` (or from the start). Backward: `last` certificates before `before` (or up to the end). */
export type Paging = { first: number; after?: string | null } | { last: number; before?: string | null };

export function queryHash(criteria: CertificateCriteria, order: CertificateOrder, perSource?: Record<SourceName, CertificateCriteria>): string {
  const per = perSource ? { p: stableKey(Object.fromEntries(Object.entries(perSource).map(([s, c]) => [s, stableKey(c as Record<string, unknown>)]))) } : {};
  return createHash('sha256')
    .update(stableKey({ c: stableKey(criteria as Record<string, unknown>), o: `${order.field}:${order.direction}`, ...per }))
    .digest('base64url')
    .slice(0, 12);
}

/**
 * The cursor of an edge: the query's hash, each stream's consumed count up to
 * and including the edge, by source name (zeros left out), and the edge's
 * own source (`source`; absent only in cursors made before backward paging,
 * which `after` still accepts).
 */
export function encodeCursor(hash: string, offsets: Offsets, source?: SourceName): string {
  const o = Object.fromEntries(Object.entries(offsets).filter(([, n]) => n > 0));
  return Buffer.from(JSON.stringify(source === undefined ? { h: hash, o } : { h: hash, o, s: source }), 'utf8').toString('base64url');
}

const CURSOR_SOURCE = /^[A-Z][A-Z0-9_]{0,31}$/;

export interface DecodedCursor {
  offsets: Offsets;
  /** The source of the edge the cursor belongs to. */
  source?: SourceName;
}

/** Throws BAD_USER_INPUT naming `field` (`after` or `before`) for garbage, or for a cursor of another filter or order. */
export function decodeCursor(cursor: string, hash: string, field: 'after' | 'before' = 'after'): DecodedCursor {
  let parsed: { h?: unknown; o?: unknown; s?: unknown } | undefined;
  try {
    if (/^[A-Za-z0-9_-]{1,2048}$/.test(cursor)) parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as typeof parsed;
  } catch {
    parsed = undefined;
  }
  const o = parsed?.o;
  const s = parsed?.s;
  const valid =
    !!parsed &&
    typeof parsed.h === 'string' &&
    typeof o === 'object' &&
    o !== null &&
    !Array.isArray(o) &&
    Object.entries(o).every(([k, n]) => CURSOR_SOURCE.test(k) && Number.isSafeInteger(n) && (n as number) >= 0) &&
    // An edge's own source has consumed at least the edge.
    (s === undefined || (typeof s === 'string' && CURSOR_SOURCE.test(s) && ((o as Record<string, number>)[s] ?? 0) >= 1));
  if (!valid || !parsed) throw badInput(field, `${field} is not a cursor returned by this gateway`);
  if (parsed.h !== hash) {
    throw badInput(field, `${field} is a cursor of another query: page with the same filter and orderBy that produced it`);
  }
  if (field === 'before' && s === undefined) {
    throw badInput(field, 'before is not the cursor of an edge: give an edge cursor or startCursor of the same query');
  }
  return { offsets: o as Offsets, source: s };
}

/**
 * Throws BAD_USER_INPUT (naming `after` or `before`) when the paging's cursor
 * is not one of this query's. listAcrossSources checks it too; this lets a
 * caller refuse it before anything else that would call an upstream.
 */
export function checkCursor(
  paging: Paging,
  criteria: CertificateCriteria,
  order: CertificateOrder,
  perSource?: { sources: readonly SourceName[]; criteriaOf: (source: SourceName) => CertificateCriteria },
): void {
  const cursor = isBackward(paging) ? paging.before : paging.after;
  if (cursor) decodeCursor(cursor, hashOf({ criteria, order, ...perSource }), isBackward(paging) ? 'before' : 'after');
}

/** The query's hash: the filter and order, and each source's own criteria when they differ by source. */
function hashOf(args: { criteria: CertificateCriteria; order: CertificateOrder; sources?: readonly SourceName[]; criteriaOf?: (source: SourceName) => CertificateCriteria }): string {
  const criteriaOf = args.criteriaOf;
  return queryHash(args.criteria, args.order, criteriaOf && Object.fromEntries((args.sources ?? []).map((s) => [s, criteriaOf(s)])));
}

/**
 * The count of a source that failed on a page read from the end: larger than
 * any stream, so paging on backward reads it from its end (clamped to its
 * total), and paging forward from that page finds nothing more of it, as if
 * all of it came before. Mirrors forward paging, where a failed source keeps
 * its count and its certificates come on the next page.
 */
const UNKNOWN_END = Number.MAX_SAFE_INTEGER;

/** A window of one stream: its items from position `start` on, and the stream's total. */
interface Stream {
  source: SourceName;
  start: number;
  items: CertificateRecord[];
  total: number;
}

/** The page in order, with each edge's source, from `from` (the counts before the first edge). */
function buildEdges(hash: string, sources: readonly SourceName[], from: (s: SourceName) => number, nodes: { source: SourceName; node: CertificateRecord }[]): Edge[] {
  // Built in `sources` order, so the same edge has the same cursor text whichever way its page was read.
  const offsets: Record<SourceName, number> = Object.fromEntries(sources.map((s) => [s, from(s)]));
  return nodes.map(({ source, node }) => {
    offsets[source] += 1;
    return new MergedEdge(node, hash, { ...offsets }, source);
  });
}

/** An edge of a merged page; its cursor is encoded only if the client selects it (a prototype getter: no closure per edge). */
class MergedEdge implements Edge {
  constructor(
    readonly node: CertificateRecord,
    private readonly hash: string,
    private readonly at: Offsets,
    private readonly source: SourceName,
  ) {}
  get cursor(): string {
    return encodeCursor(this.hash, this.at, this.source);
  }
}

/** Reads one window per source, in parallel; a source that fails is recorded and left out. */
async function readAll(sources: readonly SourceName[], failures: ListResult['failures'], read: (source: SourceName) => Promise<Stream>): Promise<Stream[]> {
  const got = await Promise.all(
    sources.map(async (source) => {
      try {
        return await read(source);
      } catch (error) {
        failures.push({ source, error });
        return null;
      }
    }),
  );
  return got.filter((w): w is Stream => w !== null);
}

export async function listAcrossSources(
  args: {
    loaders: ReadonlyMap<SourceName, SourceLoaders>;
    sources: readonly SourceName[];
    criteria: CertificateCriteria;
    order: CertificateOrder;
    /**
     * Each source's own criteria when they differ by source (a person: their
     * linked holder in one source, their email in another); default `criteria`.
     * They are part of the cursor's hash.
     */
    criteriaOf?: (source: SourceName) => CertificateCriteria;
  } & Paging,
): Promise<ListResult> {
  return isBackward(args) ? listBackward(args) : listForward(args);
}

/** Whether a paging pages backward (a `last` that is a number: an absent or undefined one pages forward). */
export function isBackward<P extends Paging>(p: P): p is Extract<P, { last: number }> {
  return 'last' in p && typeof p.last === 'number';
}

type ListArgs = {
  loaders: ReadonlyMap<SourceName, SourceLoaders>;
  sources: readonly SourceName[];
  criteria: CertificateCriteria;
  order: CertificateOrder;
  criteriaOf?: (source: SourceName) => CertificateCriteria;
};

async function listForward(args: ListArgs & { first: number; after?: string | null }): Promise<ListResult> {
  const hash = hashOf(args);
  const criteriaOf = args.criteriaOf ?? (() => args.criteria);
  const start: Offsets = args.after ? decodeCursor(args.after, hash, 'after').offsets : {};
  const offsetOf = (source: SourceName) => start[source] ?? 0;
  const failures: ListResult['failures'] = [];
  const streams = await readAll(args.sources, failures, async (source) => {
    const w = await args.loaders.get(source)!.listCertificates({ criteria: criteriaOf(source), order: args.order, offset: offsetOf(source), limit: args.first });
    return { source, start: offsetOf(source), ...w };
  });
  const pos = new Map<SourceName, number>(streams.map((s) => [s.source, 0]));
  const taken: { source: SourceName; node: CertificateRecord }[] = [];
  while (taken.length < args.first) {
    let best: Stream | null = null;
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
    taken.push({ source: best.source, node: best.items[pos.get(best.source)!] });
    pos.set(best.source, pos.get(best.source)! + 1);
  }
  // Each stream's counts before and after the page, clamped to what it holds now (it may have shrunk since the cursor).
  const before = (s: Stream) => Math.min(s.start, s.total);
  const after = (s: Stream) => Math.min(s.start + pos.get(s.source)!, s.total);
  return {
    edges: buildEdges(hash, args.sources, offsetOf, taken),
    totalCount: streams.reduce((n, s) => n + s.total, 0),
    hasNextPage: streams.some((s) => after(s) < s.total),
    hasPreviousPage: streams.some((s) => before(s) > 0),
    failures,
  };
}

/**
 * The `last` certificates before `before` (or of the whole list): for each
 * stream, its `last` items before its end, merged from the tail. Without
 * `before` the ends are the streams' totals: one read for the count, then
 * the window (within the request the sources that read whole lists read
 * them once). A stream that shrank below the cursor's count is read again
 * at its new end, so the page is never emptied by a deletion.
 */
async function listBackward(args: ListArgs & { last: number; before?: string | null }): Promise<ListResult> {
  const hash = hashOf(args);
  const criteriaOf = args.criteriaOf ?? (() => args.criteria);
  let end: Offsets | null = null;
  if (args.before) {
    const c = decodeCursor(args.before, hash, 'before');
    // Up to the edge, the edge itself excluded.
    end = { ...c.offsets, [c.source!]: c.offsets[c.source!] - 1 };
  }
  const n = args.last;
  const failures: ListResult['failures'] = [];
  const streams = await readAll(args.sources, failures, async (source) => {
    const loaders = args.loaders.get(source)!;
    const window = (to: number) => loaders.listCertificates({ criteria: criteriaOf(source), order: args.order, offset: Math.max(0, to - n), limit: to - Math.max(0, to - n) });
    let to = end ? (end[source] ?? 0) : (await loaders.listCertificates({ criteria: criteriaOf(source), order: args.order, offset: 0, limit: 0 })).total;
    for (let attempt = 0; ; attempt++) {
      const w = await window(to);
      if (w.total >= to || attempt >= 2) {
        const from = Math.max(0, to - n);
        return { source, start: from, items: w.items.slice(0, Math.max(0, Math.min(to, w.total) - from)), total: w.total };
      }
      to = w.total;
    }
  });
  const pos = new Map<SourceName, number>(streams.map((s) => [s.source, s.items.length]));
  const taken: { source: SourceName; node: CertificateRecord }[] = [];
  while (taken.length < n) {
    let best: Stream | null = null;
    let bestValue: string | null = null;
    for (const s of streams) {
      const item = s.items[pos.get(s.source)! - 1];
      if (!item) continue;
      const v = sortValue(item, args.order.field);
      // The mirror of the forward merge: on a tie the later source (registry order) comes last, so it is taken first.
      if (best === null || compareValues(v, bestValue, args.order.direction) >= 0) {
        best = s;
        bestValue = v;
      }
    }
    if (!best) break;
    pos.set(best.source, pos.get(best.source)! - 1);
    taken.push({ source: best.source, node: best.items[pos.get(best.source)!] });
  }
  taken.reverse();
  const bySource = new Map(streams.map((s) => [s.source, s]));
  // Counts before the page: each stream's window start plus what the page left of it. A failed source keeps the
  // cursor's count, so the next page back picks its certificates up; read from the end, its count is unknown:
  // UNKNOWN_END says "all of it", which the next page back reads as its total (a stream that shrank).
  const from = (source: SourceName) => {
    const s = bySource.get(source);
    return s ? s.start + pos.get(source)! : (end?.[source] ?? UNKNOWN_END);
  };
  return {
    edges: buildEdges(hash, args.sources, from, taken),
    totalCount: streams.reduce((n, s) => n + s.total, 0),
    hasNextPage: streams.some((s) => s.start + s.items.length < s.total),
    hasPreviousPage: streams.some((s) => from(s.source) > 0),
    failures,
  };
}
