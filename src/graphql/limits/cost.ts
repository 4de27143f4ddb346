import {
  Kind,
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  type DocumentNode,
  type FieldNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type ValueNode,
} from 'graphql';
import { foldSelections, type Fold } from './fold';
import { QueryTooComplexError, type DocumentLimits } from './limits';
import { DEFAULT_FIRST } from '../../query';

/**
 * The cost model (README, "Cost limits"). Conservative on purpose: it counts
 * what a document CAN cause, before anything runs, from the document and its
 * variables alone.
 *
 * - cost: every field counts 1 for each row it resolves on. A certificates
 *   connection multiplies what is under it by its page size (`first` or
 *   `last`, 20 when neither is given, the cap 500 when not a number); any
 *   other list of objects by DEFAULT_LIST_SIZE, or for `certifications` and
 *   `stories` by the rows they had when last served whole (list-sizes.ts)
 *   when more.
 * - upstreamCalls:
 *   - a certificates connection: one list call per candidate source (two
 *     for `last` without `before`), for each row it is selected on
 *     (`holder { certificates }` under 500 rows: 500 ×). Candidates: at the root and under a Person, `filter.sources`
 *     when given, else every configured source; under a Resource,
 *     Certification or Story, the one source of that object;
 *   - a field that loads one object by key under a list (Certificate.holder,
 *     .certification, .story, CertificateEvent.certificate): DataLoader
 *     batches them, one call per source for each list it is selected in;
 *   - root lookups (certificate, node, resource, certification, story): one
 *     call; person, certifications, stories: one per configured source.
 *   Everything else costs no upstream call. `__schema`/`__type`
 *   (introspection) are free: bounded by the schema, served from memory.
 *
 * Both figures are linear in how often a selection set runs, so each fragment
 * is costed once (limits/fold.ts) whatever the number of its spreads.
 */
export const CONNECTION_TYPE = 'CertificateConnection';
/** Page size assumed for `first` given as something other than an integer (execution refuses it anyway). */
export const MAX_PAGE_SIZE = 500;
/** Rows assumed for a list of objects that is not a connection (certifications, stories, resources, changes). */
export const DEFAULT_LIST_SIZE = 20;

/**
 * compliance (issue 12): the compliance view is a connection too (its page
 * multiplies what is below it: `first`, or `last`, 20 when neither), and it
 * reads one whole list per configured source however many people it covers.
 */
export const COMPLIANCE_CONNECTION_TYPE = 'ComplianceConnection';

/** Types whose certificates connection asks only their own source. */
const OWN_SOURCE = new Set(['Resource', 'Certification', 'Story']);
/** Root fields that look one object up: one call each. */
const LOOKUPS = new Set(['Query.certificate', 'Query.node', 'Query.resource', 'Query.certification', 'Query.story']);
/** Root fields that ask every configured source once. */
const PER_SOURCE = new Set([
  'Query.person',
  'Query.certifications',
  'Query.stories',
  // compliance: one whole list per source for the whole view; one narrow list (per source) per person;
  // a person's holder records, one lookup per source, per person.
  'Query.compliance',
  'Person.compliance',
  'Person.resources',
]);
/** Root fields that read one whole list of the one source named in their arguments. */
const ONE_SOURCE_LIST = new Set(['Query.unlinkedHolders']);
/** Fields that load one object by key for each parent row, batched by DataLoader per source. */
const BATCHED = new Set(['Certificate.holder', 'Certificate.certification', 'Certificate.story', 'CertificateEvent.certificate']);

/**
 * A selection set's figures, for one row (`perRow`) and for each batch of
 * rows it runs in (`perBatch`: calls DataLoader makes once per list).
 */
interface Vec {
  cost: number;
  callsPerRow: number;
  callsPerBatch: number;
}
const ZERO: Vec = { cost: 0, callsPerRow: 0, callsPerBatch: 0 };
const add = (a: Vec, b: Vec): Vec => ({ cost: a.cost + b.cost, callsPerRow: a.callsPerRow + b.callsPerRow, callsPerBatch: a.callsPerBatch + b.callsPerBatch });
/** A selection set under a list of n rows, seen from the field holding the list: its batches become the field's rows. */
const underList = (n: number) => (c: Vec): Vec => ({ cost: c.cost * n, callsPerRow: c.callsPerRow * n + c.callsPerBatch, callsPerBatch: 0 });

export interface Estimate {
  cost: number;
  upstreamCalls: number;
}

type Variables = Readonly<Record<string, unknown>> | null | undefined;

function argValue(field: FieldNode, name: string): ValueNode | undefined {
  return field.arguments?.find((a) => a.name.value === name)?.value;
}

/** An argument's value as JSON, resolving variables (their value, else their default). undefined when absent. */
function jsonOf(node: ValueNode | undefined, variables: Variables, defaults: ReadonlyMap<string, ValueNode>): unknown {
  if (!node) return undefined;
  switch (node.kind) {
    case Kind.VARIABLE: {
      const v = variables?.[node.name.value];
      return v !== undefined ? v : jsonOf(defaults.get(node.name.value), variables, defaults);
    }
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.LIST:
      return node.values.map(() => true); // only the length is used
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((f) => [f.name.value, f.value.kind === Kind.LIST ? f.value.values.map(() => true) : f.value.kind === Kind.VARIABLE ? variables?.[f.value.name.value] : true]));
    case Kind.NULL:
      return null;
    default:
      return true;
  }
}

/** An argument's value, or the schema's default for it when absent (null and absent both count as not given). */
function argOrDefault(field: FieldNode, def: GraphQLField<unknown, unknown>, name: string, variables: Variables, defaults: ReadonlyMap<string, ValueNode>): unknown {
  const given = jsonOf(argValue(field, name), variables, defaults);
  return given === undefined ? def.args.find((a) => a.name === name)?.defaultValue : given;
}

/**
 * A connection's page size: `first` or `last`, whichever is given (the larger
 * if both: execution refuses that anyway), DEFAULT_FIRST when neither, the
 * cap when one is not a non-negative integer.
 */
function pageSize(field: FieldNode, def: GraphQLField<unknown, unknown>, variables: Variables, defaults: ReadonlyMap<string, ValueNode>): number {
  const sizes = ['first', 'last'].map((name) => argOrDefault(field, def, name, variables, defaults)).filter((n) => n !== undefined && n !== null);
  if (sizes.length === 0) return DEFAULT_FIRST;
  return Math.max(...sizes.map((n) => (typeof n === 'number' && Number.isInteger(n) && n >= 0 ? Math.min(n, MAX_PAGE_SIZE) : MAX_PAGE_SIZE)));
}

/** List calls per candidate source: a `last` page without `before` reads each source twice (its count, then its tail). */
function readsPerSource(field: FieldNode, def: GraphQLField<unknown, unknown>, variables: Variables, defaults: ReadonlyMap<string, ValueNode>): number {
  const given = (name: string) => {
    const v = argOrDefault(field, def, name, variables, defaults);
    return v !== undefined && v !== null;
  };
  return given('last') && !given('before') ? 2 : 1;
}

/** The compliance view's page: `first`, else `last`, else 20 (both given: the larger); 500 when not an integer. */
function compliancePageSize(field: FieldNode, variables: Variables, defaults: ReadonlyMap<string, ValueNode>): number {
  const size = (name: string): number | undefined => {
    const v = jsonOf(argValue(field, name), variables, defaults);
    if (v === undefined || v === null) return undefined;
    return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? Math.min(v, MAX_PAGE_SIZE) : MAX_PAGE_SIZE;
  };
  const first = size('first');
  const last = size('last');
  return first === undefined && last === undefined ? DEFAULT_LIST_SIZE : Math.max(first ?? 0, last ?? 0);
}

function candidateSources(field: FieldNode, variables: Variables, defaults: ReadonlyMap<string, ValueNode>, sourceCount: number): number {
  const filter = jsonOf(argValue(field, 'filter'), variables, defaults) as { sources?: unknown } | null | undefined;
  const sources = filter?.sources;
  return Array.isArray(sources) && sources.length > 0 ? Math.min(sources.length, sourceCount) : sourceCount;
}

/** Fields of the compliance view resolved once per view, not once per row of its page. */
const ONCE_PER_VIEW = new Set(['totalCount', 'pageInfo', 'summary', '__typename']);

function costFold(
  variables: Variables,
  defaults: ReadonlyMap<string, ValueNode>,
  sourceCount: number,
  listSizes?: (coord: string) => number | undefined,
  /** For the compliance view, whose selections are folded apart (rows × page, the rest once). */
  within?: { document: DocumentNode; schema: GraphQLSchema },
): Fold<Vec> {
  const fold: Fold<Vec> = {
    zero: ZERO,
    merge: add,
    field(node, parent: GraphQLNamedType | undefined, def) {
      const name = node.name.value;
      if (name === '__schema' || name === '__type') return { skip: true };
      if (!def || !parent) return { own: { cost: 1, callsPerRow: 0, callsPerBatch: 0 } }; // __typename, or unknown (validation's error)
      const coord = `${parent.name}.${name}`;
      const type = getNamedType(def.type);
      if (type.name === COMPLIANCE_CONNECTION_TYPE) {
        const own: Vec = { cost: 1, callsPerRow: sourceCount, callsPerBatch: 0 };
        const size = compliancePageSize(node, variables, defaults);
        if (!within || !node.selectionSet) return { own, lift: underList(size) };
        // The page's rows (edges, nodes; fragments too, conservatively) × the page size; the summary, totals and pageInfo once.
        const sels = node.selectionSet.selections;
        const once = sels.filter((x) => x.kind === Kind.FIELD && ONCE_PER_VIEW.has(x.name.value));
        const rows = sels.filter((x) => !once.includes(x));
        const sub = (selections: readonly SelectionNode[]) => foldSelections(fold, within.document, { kind: Kind.SELECTION_SET, selections }, type, within.schema);
        return { own: add(own, add(underList(size)(sub(rows)), underList(1)(sub(once)))), lift: () => ZERO };
      }
      if (type.name === CONNECTION_TYPE) {
        const calls = (OWN_SOURCE.has(parent.name) ? 1 : candidateSources(node, variables, defaults, sourceCount)) * readsPerSource(node, def, variables, defaults);
        return { own: { cost: 1, callsPerRow: calls, callsPerBatch: 0 }, lift: underList(pageSize(node, def, variables, defaults)) };
      }
      const own: Vec = {
        cost: 1,
        callsPerRow: LOOKUPS.has(coord) || ONE_SOURCE_LIST.has(coord) ? 1 : PER_SOURCE.has(coord) ? sourceCount : 0,
        callsPerBatch: BATCHED.has(coord) ? sourceCount : 0,
      };
      // A connection's nodes/edges are its page: already multiplied at the connection.
      // An unpaged list: the rows it had when last served whole (list-sizes.ts), at least DEFAULT_LIST_SIZE.
      if (parent.name !== CONNECTION_TYPE && parent.name !== COMPLIANCE_CONNECTION_TYPE && isListType(getNullableType(def.type)) && isCompositeType(type)) return { own, lift: underList(Math.max(DEFAULT_LIST_SIZE, listSizes?.(coord) ?? 0)) };
      return { own };
    },
  };
  return fold;
}

/** The estimate of one operation of `document` with these variables. */
export function estimateOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Variables,
  sourceCount: number,
  /** Rows of the unpaged root lists as last seen (ListSizes.get); DEFAULT_LIST_SIZE when unknown or fewer. */
  listSizes?: (coord: string) => number | undefined,
): Estimate {
  const defaults = new Map<string, ValueNode>();
  for (const v of operation.variableDefinitions ?? []) if (v.defaultValue) defaults.set(v.variable.name.value, v.defaultValue);
  const root = schema.getRootType(operation.operation) ?? undefined;
  const v = foldSelections(costFold(variables, defaults, sourceCount, listSizes, { document, schema }), document, operation.selectionSet, root, schema);
  // The root runs once, as one row and one batch.
  return { cost: v.cost, upstreamCalls: v.callsPerRow + v.callsPerBatch };
}

/** Throws QueryTooComplexError (cost, then upstreamCalls) when the operation's estimate is over a limit. */
export function checkCost(estimate: Estimate, limits: Pick<DocumentLimits, 'maxCost' | 'maxUpstreamCalls'>): void {
  if (limits.maxCost > 0 && estimate.cost > limits.maxCost) throw new QueryTooComplexError('cost', limits.maxCost, estimate.cost);
  if (limits.maxUpstreamCalls > 0 && estimate.upstreamCalls > limits.maxUpstreamCalls) throw new QueryTooComplexError('upstreamCalls', limits.maxUpstreamCalls, estimate.upstreamCalls);
}
