import { GraphQLError, type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';
import { responsePathAsArray } from 'graphql';
import { checkCursor, isBackward, listAcrossSources, type Edge, type Paging } from '../../certificates/list';
import { candidateSources, type CertificateCriteria, DEFAULT_FIRST, DEFAULT_ORDER } from '../../query';
import type { GatewayContext } from '../../context';
import { badInput, GatewayError } from '../../errors';
import type { IdDecoder } from '../../ids';
import type { SourceName } from '../../domain';
import { Certificate, CertificateConnection, type CertificateEdge } from './certificate.type';
import type { CertificateFilter, CertificatesArgs } from './certificate.inputs';

/** Validates and decodes a CertificateFilter; BAD_USER_INPUT names the offending field; no upstream call is made before this. */
export function toCriteria(filter: CertificateFilter | undefined | null, ids: IdDecoder): CertificateCriteria {
  const c: CertificateCriteria = {};
  if (!filter) return c;
  // Sorted: the order of a set does not matter, and the cursor's query hash must not depend on it.
  if (filter.sources) c.sources = [...new Set(filter.sources)].sort();
  if (filter.status) c.status = [...new Set(filter.status)].sort();
  if (filter.holderId) {
    const id = ids.decode(filter.holderId, 'filter.holderId', 'Resource');
    c.holder = { source: id.source, sourceId: id.key[0] };
  }
  if (filter.holderEmail) c.holderEmail = filter.holderEmail.trim().toLowerCase();
  if (filter.actionType) c.actionType = filter.actionType;
  if (filter.expiresBefore) c.expiresBefore = filter.expiresBefore;
  if (filter.expiresAfter) c.expiresAfter = filter.expiresAfter;
  if (filter.issuedAfter) c.issuedAfter = filter.issuedAfter;
  if (filter.certificationId) {
    const id = ids.decode(filter.certificationId, 'filter.certificationId', 'Certification');
    c.certification = { source: id.source, sourceId: id.key[0] };
  }
  if (filter.storyId) c.storyId = ids.decode(filter.storyId, 'filter.storyId', 'Story').key[0];
  if (filter.search !== undefined) {
    const s = filter.search.trim();
    if (!s) throw badInput('filter.search', 'filter.search must not be blank');
    c.search = s;
  }
  return c;
}

/**
 * Which way a certificates(...) field pages, from its arguments (their ranges
 * are checked by class-validator before this): forward with first/after,
 * backward with last/before, never both ways at once. A cursor alone pages
 * its way with the default size; nothing at all is the first 20.
 * BAD_USER_INPUT names the argument that does not belong; no upstream call
 * is made before this.
 */
export function pagingOf(args: Pick<CertificatesArgs, 'first' | 'after' | 'last' | 'before'>): Paging {
  const given = (v: unknown) => v !== undefined && v !== null;
  if (given(args.first) && given(args.last)) {
    throw badInput('last', 'first and last cannot be used together: page forward with first and after, or backward with last and before');
  }
  if (given(args.after) && given(args.before)) {
    throw badInput('before', 'after and before cannot be used together: page forward with first and after, or backward with last and before');
  }
  if (given(args.first) && given(args.before)) throw badInput('before', 'before pages backward: give it with last, or page forward with first and after');
  if (given(args.last) && given(args.after)) throw badInput('after', 'after pages forward: give it with first, or page backward with last and before');
  if (given(args.last) || given(args.before)) return { last: args.last ?? DEFAULT_FIRST, before: args.before };
  return { first: args.first ?? DEFAULT_FIRST, after: args.after };
}

/** Adds a source's failure to the response's errors while the field keeps the other sources' data. */
export function reportSourceFailure(ctx: GatewayContext, info: GraphQLResolveInfo, error: unknown): void {
  const path = responsePathAsArray(info.path);
  if (error instanceof GatewayError) {
    ctx.partialErrors.push(new GraphQLError(error.message, { path, extensions: error.extensions, originalError: error }));
  } else {
    ctx.partialErrors.push(new GraphQLError('Internal server error', { path, originalError: error instanceof Error ? error : undefined }));
  }
}

/** Whether the selection below this field asks for `name` anywhere (fragments included). */
export function selects(info: GraphQLResolveInfo, name: string): boolean {
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode | undefined): boolean =>
    !!set?.selections.some((sel) => {
      if (sel.kind === Kind.FIELD) return sel.name.value === name || walk(sel.selectionSet);
      if (sel.kind === Kind.INLINE_FRAGMENT) return walk(sel.selectionSet);
      if (seen.has(sel.name.value)) return false;
      seen.add(sel.name.value);
      return walk(info.fragments[sel.name.value]?.selectionSet);
    });
  return info.fieldNodes.some((n) => walk(n.selectionSet));
}

/** An edge of a page: its cursor is the merged edge's, encoded when read. */
class PageEdge implements CertificateEdge {
  constructor(
    readonly node: Certificate,
    private readonly merged: Edge,
  ) {}
  get cursor(): string {
    return this.merged.cursor;
  }
}

/**
 * The one implementation behind every certificates(...) field: Query.certificates
 * and the certificates of a Resource, Certification, Story or Person (whose
 * constraint is merged into the criteria by the caller).
 */
export async function certificateConnection(
  ctx: GatewayContext,
  info: GraphQLResolveInfo,
  criteria: CertificateCriteria,
  args: CertificatesArgs,
  /** Each source's own criteria (a Person's linked holders): only these sources are asked, each with its own. */
  perSource?: ReadonlyMap<SourceName, CertificateCriteria>,
): Promise<CertificateConnection> {
  const paging = pagingOf(args);
  const order = args.orderBy ? { field: args.orderBy.field, direction: args.orderBy.direction } : DEFAULT_ORDER;
  const sources = perSource ? [...perSource.keys()] : candidateSources(criteria, ctx.configured);
  const criteriaOf = perSource && ((s: SourceName) => perSource.get(s)!);
  // Before the look-ahead below, which calls an upstream.
  checkCursor(paging, criteria, order, criteriaOf && { sources, criteriaOf });
  // Look ahead: a source whose certificates reference certifications by id only gets
  // their names fetched now, beside the list, instead of after it.
  const byReference = ctx.configured.filter((m) => m.capabilities.certificationNamesByReference && sources.includes(m.name));
  if (byReference.length > 0 && selects(info, 'certification')) {
    for (const m of byReference) ctx.loaders.get(m.name)?.listCertifications?.().catch(() => undefined);
  }
  const result = await listAcrossSources({ loaders: ctx.loaders, sources, criteria, order, criteriaOf, ...paging });
  for (const f of result.failures) reportSourceFailure(ctx, info, f.error);
  const nodes = result.edges.map((e) => new Certificate(e.node, ctx.status));
  const first = result.edges[0];
  const last = result.edges[result.edges.length - 1];
  let edges: CertificateEdge[] | undefined;
  // Edges and cursors are built only when selected: most queries read `nodes`.
  return {
    nodes,
    get edges() {
      return (edges ??= result.edges.map((e, i) => new PageEdge(nodes[i], e)));
    },
    totalCount: result.totalCount,
    pageInfo: {
      hasNextPage: result.hasNextPage,
      hasPreviousPage: result.hasPreviousPage,
      // An empty page keeps the cursor it was asked from on the side it pages towards, so the client can ask again later.
      get startCursor() {
        return first?.cursor ?? (isBackward(paging) ? (paging.before ?? null) : null);
      },
      get endCursor() {
        return last?.cursor ?? (!isBackward(paging) ? (paging.after ?? null) : null);
      },
    },
  };
}
