import type { GraphQLError } from 'graphql';
import { today, type Clock } from './clock';
import type { SourceModule, SourceRegistry } from './connectors/module';
import type { Connector, SourceLoaders } from './connectors/types';
import type { SourceName } from './domain';
import { statusContext, type StatusContext } from './query';
import { createIdDecoder, type IdDecoder } from './ids';
import type { WriteContext } from './certificates/writes';
import type { IdempotencyStore } from './writes/idempotency';
import type { EventBus } from './events/bus';
import type { ListSizes } from './graphql/limits/list-sizes';
import type { ComplianceFiles } from './compliance/view';
import type { ComplianceChangeFeed } from './compliance/changes';
import { RequirementCatalog } from './compliance/evaluate';
import { PeopleDirectory } from './people/directory';

/** Per-request context: loaders built fresh for every request, never shared across requests. */
export interface GatewayContext {
  loaders: ReadonlyMap<SourceName, SourceLoaders>;
  /** Rows of the unpaged root lists, recorded when served whole (graphql/limits/list-sizes.ts). */
  listSizes?: ListSizes;
  connectors: ReadonlyMap<SourceName, Connector>;
  /** Every source the gateway knows, configured or not, in registry order. */
  registry: SourceRegistry;
  /** The configured sources' modules, in registry order. */
  configured: readonly SourceModule[];
  /** Decodes global IDs against the registry's sources. */
  ids: IdDecoder;
  status: StatusContext;
  writes: WriteContext;
  events: EventBus;
  /** The people directory (PEOPLE_FILE) and the requirement sets (REQUIREMENTS_FILE) active now; empty when not configured. */
  compliance: ComplianceFiles;
  /** complianceChanges' per-replica tracker; null where the gateway was built without one. */
  complianceChanges: ComplianceChangeFeed | null;
  /** Status as of now: a subscription outlives the day its context was made. */
  statusNow(): StatusContext;
  /**
   * Errors of sources that failed while others answered: the response keeps
   * the data and lists these (the partial-results plugin appends them).
   */
  partialErrors: GraphQLError[];
  /**
   * Every source whose loaders this request used, whether they called the
   * upstream, joined a call in flight or answered from a cache of the
   * connector: what the answer read, so the response cache can tell when a
   * change of one of them makes it stale (gateway/response-cache.ts).
   */
  readonly sourcesRead: ReadonlySet<SourceName>;
  /**
   * Why the answer must not be cached, set by a resolver whose data no change
   * event tracks (the sources' health); undefined when it may be.
   */
  uncacheable?: string;
  /**
   * Fresh loaders, status and partial errors, for the next event of a
   * subscription: its context lives as long as the subscription, but what a
   * loader cached for one event must not answer the next.
   */
  refresh(): void;
}

export interface ContextDeps {
  registry: SourceRegistry;
  connectors: ReadonlyMap<SourceName, Connector>;
  clock: Clock;
  expiringWithinDays: number;
  idempotency: IdempotencyStore;
  events: EventBus;
  onPublishError?(this: void, err: unknown, e: { dedupeKey: string }): void;
  /** Where `certifications` and `stories` record how many rows they served (the cost model reads it). */
  listSizes?: ListSizes;
  /** PEOPLE_FILE and REQUIREMENTS_FILE (reloaded while running); default: both empty. */
  compliance?: ComplianceFiles;
  /** The compliance change tracker (started by the first complianceChanges subscription). */
  complianceChanges?: ComplianceChangeFeed;
}

const NO_FILES: ComplianceFiles = { people: () => PeopleDirectory.EMPTY, requirements: () => RequirementCatalog.EMPTY, version: () => '' };

/**
 * The per-request loaders of every configured source, each made on first use:
 * a request (or a subscription event) that touches one source builds the
 * loaders of that one only.
 */
class Loaders implements ReadonlyMap<SourceName, SourceLoaders> {
  private made = new Map<SourceName, SourceLoaders>();
  /** Sources asked for (GatewayContext.sourcesRead): survives clear(), like the request it describes. */
  readonly used = new Set<SourceName>();
  constructor(
    private readonly connectors: ReadonlyMap<SourceName, Connector>,
    private readonly status: () => StatusContext,
  ) {}
  get(source: SourceName): SourceLoaders | undefined {
    let l = this.made.get(source);
    if (!l) {
      const c = this.connectors.get(source);
      if (!c) return undefined;
      this.used.add(source);
      l = c.createLoaders(this.status());
      this.made.set(source, l);
    }
    return l;
  }
  has(source: SourceName): boolean {
    return this.connectors.has(source);
  }
  get size(): number {
    return this.connectors.size;
  }
  clear(): void {
    this.made.clear();
  }
  /** All of them, made now (a resolver iterating the sources uses each). */
  private all(): Map<SourceName, SourceLoaders> {
    return new Map([...this.connectors.keys()].map((s) => [s, this.get(s)!] as const));
  }
  entries() {
    return this.all().entries();
  }
  keys() {
    return this.connectors.keys();
  }
  values() {
    return this.all().values();
  }
  forEach(cb: (value: SourceLoaders, key: SourceName, map: ReadonlyMap<SourceName, SourceLoaders>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) cb.call(thisArg, v, k, this);
  }
  [Symbol.iterator]() {
    return this.entries();
  }
}

/** What every context of one gateway shares, computed once per ContextDeps rather than per request. */
const sharedOf = (() => {
  const cache = new WeakMap<ContextDeps, { configured: readonly SourceModule[]; ids: IdDecoder }>();
  return (deps: ContextDeps) => {
    let shared = cache.get(deps);
    if (!shared) {
      shared = { configured: deps.registry.modules.filter((m) => deps.connectors.has(m.name)), ids: createIdDecoder(deps.registry) };
      cache.set(deps, shared);
    }
    return shared;
  };
})();

export function createContext(deps: ContextDeps, callerId: string): GatewayContext {
  const { configured, ids } = sharedOf(deps);
  const status = statusContext(today(deps.clock), deps.expiringWithinDays);
  const loaders = new Loaders(deps.connectors, () => ctx.status);
  const ctx: GatewayContext = {
    loaders,
    listSizes: deps.listSizes,
    connectors: deps.connectors,
    registry: deps.registry,
    configured,
    ids,
    status,
    writes: { connectors: deps.connectors, loaders, idempotency: deps.idempotency, callerId, events: deps.events, clock: deps.clock, onPublishError: deps.onPublishError },
    events: deps.events,
    compliance: deps.compliance ?? NO_FILES,
    complianceChanges: deps.complianceChanges ?? null,
    statusNow: () => statusContext(today(deps.clock), deps.expiringWithinDays),
    partialErrors: [],
    sourcesRead: loaders.used,
    refresh() {
      ctx.status = ctx.statusNow();
      loaders.clear();
      ctx.partialErrors = [];
    },
  };
  return ctx;
}
