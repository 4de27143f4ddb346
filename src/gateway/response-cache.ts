/**
 * The response cache of reads (issue 9 item 3): an Apollo Server plugin that
 * answers a query over HTTP (POST or GET) from a stored answer when the same
 * operation, with the same variables and for the same scope, was answered
 * before and none of the sources that answer read has changed since.
 *
 * Apollo's own response cache (@apollo/server-plugin-response-cache) keys on
 * cache hints and expires by max-age; here validity follows what the gateway
 * already knows of changes: see response-cache-store.ts (per-source
 * generations, bumped by every recorded change event, runtime.ts).
 *
 * Not cached: mutations (never looked up), subscriptions (the websocket, which
 * does not run Apollo's plugins: neither do queries sent over it), answers
 * with errors (partial ones included), answers that show source health
 * (GatewayContext.uncacheable), answers larger than the entry cap, and
 * answers built on an upstream read another request had in flight
 * (RequestScope.joinedReads: it may have begun before a change this request
 * already saw).
 */
import { createHash } from 'node:crypto';
import { HeaderMap, type ApolloServerPlugin, type GraphQLRequestContext } from '@apollo/server';
import { OperationTypeNode, print, printSchema, type DocumentNode, type GraphQLSchema } from 'graphql';
import { canonicalJson } from '../canonical';
import type { Clock } from '../clock';
import type { GatewayContext } from '../context';
import type { SourceName } from '../domain';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { currentScope } from '../request-scope';
import { EPOCH, isFresh, type Generations, type ResponseCacheStore } from './response-cache-store';

export interface ResponseCacheOptions {
  store: ResponseCacheStore;
  /** The configured sources: their generations are read with every lookup. */
  sources: readonly SourceName[];
  /** RESPONSE_CACHE_TTL_S in ms: no answer is served older than this. */
  ttlMs: number;
  /** RESPONSE_CACHE_MAX_ENTRY_BYTES: a larger answer is sent but not stored. */
  maxEntryBytes: number;
  /** What else an answer depends on, the same for every request of this gateway (answersVersion): part of every key. */
  version: string;
  clock: Clock;
  metrics: Metrics;
  logger: Logger;
}

/** What every response says of the cache, as `extensions.responseCache`. */
export type ResponseCacheExtension = { hit: true; ageMs: number } | { hit: false };

/** A failing store (Redis down) is logged at most this often: every request meets it. */
const ERROR_LOG_EVERY_MS = 60_000;

/** sha256 of the printed document: one per parsed document (Apollo hands the same object for the same query text). */
const documentHashes = new WeakMap<DocumentNode, string>();
function documentHash(document: DocumentNode): string {
  let h = documentHashes.get(document);
  if (h === undefined) {
    // Printing normalizes what does not change the operation: whitespace, commas, comments.
    h = createHash('sha256').update(print(document)).digest('hex');
    documentHashes.set(document, h);
  }
  return h;
}

/**
 * What distinguishes what two callers may see, besides the operation and its
 * variables. Every caller admitted to /graphql sees the same data: an API key
 * grants access, not a view (no resolver reads who is calling; only the
 * idempotency keys of writes are per caller), so the authorization scope is
 * one value, "all", and two API keys share answers. What does change an
 * answer for everyone is the day: a certificate's status (EXPIRING, EXPIRED)
 * is computed from it, so an answer of yesterday is never served today.
 * And the versions of PEOPLE_FILE and REQUIREMENTS_FILE (compliance, Person):
 * an answer built on a file version is not served after the file reloads.
 */
export function scopeOf(ctx: GatewayContext): string {
  const files = ctx.compliance.version();
  return files ? `all|${ctx.status.today}|${files}` : `all|${ctx.status.today}`;
}

/**
 * What an answer depends on besides the request, fixed for the life of a
 * gateway: the schema (a hash of it printed, so a new build with another
 * schema does not serve the answers of the old one from a shared Redis),
 * EXPIRING_WITHIN_DAYS (it decides which certificates are EXPIRING) and the
 * configured sources (which ones an unfiltered query reads). Computed once at
 * start-up.
 */
export function answersVersion(schema: GraphQLSchema, settings: { expiringWithinDays: number; sources: readonly string[] }): string {
  const schemaHash = createHash('sha256').update(printSchema(schema)).digest('hex').slice(0, 32);
  return `schema:${schemaHash}|expiringWithinDays:${settings.expiringWithinDays}|sources:${[...settings.sources].sort().join(',')}`;
}

/** The cache key of an operation: document, operation name, variables (canonical JSON) and scope. */
export function responseCacheKey(document: DocumentNode, operationName: string | null | undefined, variables: unknown, scope: string): string {
  return createHash('sha256')
    .update(`${documentHash(document)}\n${operationName ?? ''}\n${canonicalJson(variables ?? {})}\n${scope}`)
    .digest('hex');
}

/** `Cache-Control: no-cache` (or `Pragma: no-cache`) from the client: do not answer from the cache; the fresh answer is still stored. */
const wantsFresh = (headers: HeaderMap | undefined): boolean => /(^|[\s,])no-cache\b/i.test(`${headers?.get('cache-control') ?? ''},${headers?.get('pragma') ?? ''}`);

/** One request's dealings with the cache, between the lookup and the answer. */
interface Pending {
  key: string;
  startedAt: number;
  /** The generations when the request began (null: the store failed, nothing is stored). */
  generations: Generations | null;
  hit: boolean;
}

/** The generations, as the request began, of the sources its answer read. */
function generationsRead(all: Generations, read: ReadonlySet<SourceName>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of read) out[s] = all[s] ?? 0;
  // The store's epoch (Redis): the answer matches only while it is the same.
  if (all[EPOCH] !== undefined) out[EPOCH] = all[EPOCH];
  return out;
}

/** Why an executed answer is not stored, or null when it may be. */
function notStorable(rc: GraphQLRequestContext<GatewayContext>): string | null {
  const body = rc.response.body;
  if (body?.kind !== 'single') return 'incremental';
  const { errors, data } = body.singleResult;
  if (errors?.length || rc.contextValue.partialErrors.length > 0) return 'errors';
  if (!data) return 'no data';
  if (rc.contextValue.uncacheable) return rc.contextValue.uncacheable;
  if (currentScope()?.joinedReads) return 'joined read';
  return null;
}

export function responseCachePlugin(opts: ResponseCacheOptions): ApolloServerPlugin<GatewayContext> {
  const { store, metrics, clock, ttlMs } = opts;
  let lastErrorLog = -Infinity;
  const storeFailed = (err: unknown) => {
    const now = performance.now();
    if (now - lastErrorLog < ERROR_LOG_EVERY_MS) return;
    lastErrorLog = now;
    opts.logger.warn('response cache unavailable: answering without it', { store: store.kind, error: err instanceof Error ? err.message : String(err) });
  };

  /** Counted, and told to the request's access line. */
  const count = (result: 'hit' | 'miss' | 'bypass') => {
    metrics.responseCache.inc({ result });
    const scope = currentScope();
    if (scope) scope.responseCache = result;
  };

  async function lookup(rc: GraphQLRequestContext<GatewayContext>, pending: Pending) {
    const fresh = wantsFresh(rc.request.http?.headers);
    let found: Awaited<ReturnType<ResponseCacheStore['lookup']>>;
    try {
      found = await store.lookup(pending.key, opts.sources);
    } catch (err) {
      storeFailed(err);
      count('bypass');
      return null;
    }
    pending.generations = found.generations;
    if (fresh) {
      count('bypass');
      return null;
    }
    const { answer } = found;
    if (answer && isFresh(answer, found.generations, pending.startedAt, ttlMs)) {
      count('hit');
      pending.hit = true;
      const extension: ResponseCacheExtension = { hit: true, ageMs: Math.max(0, pending.startedAt - answer.storedAt) };
      return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single' as const, singleResult: { data: answer.data, extensions: { responseCache: extension } } } };
    }
    // Stale or expired: it can never match again, so free its room now.
    if (answer) store.drop(pending.key);
    count('miss');
    return null;
  }

  function remember(rc: GraphQLRequestContext<GatewayContext>, pending: Pending) {
    const body = rc.response.body;
    if (body?.kind !== 'single') return;
    const miss: ResponseCacheExtension = { hit: false };
    body.singleResult.extensions = { ...body.singleResult.extensions, responseCache: miss };
    if (!pending.generations || notStorable(rc) !== null) return;
    const data = body.singleResult.data!;
    const json = JSON.stringify(data);
    // Bytes, not UTF-16 code units: a name in Greek or Japanese is two or three bytes a character.
    if (Buffer.byteLength(json) > opts.maxEntryBytes) return;
    store.store(pending.key, { storedAt: pending.startedAt, generations: generationsRead(pending.generations, rc.contextValue.sourcesRead), data }, json, ttlMs);
    metrics.responseCache.inc({ result: 'store' });
  }

  return {
    async requestDidStart() {
      let pending: Pending | undefined;
      return {
        async responseForOperation(rc) {
          // Reads only: a mutation is neither answered from the cache nor stored (subscriptions never get here).
          if (rc.operation?.operation !== OperationTypeNode.QUERY) return null;
          pending = {
            key: responseCacheKey(rc.document, rc.operationName, rc.request.variables, `${scopeOf(rc.contextValue)}|${opts.version}`),
            startedAt: clock.now().getTime(),
            generations: null,
            hit: false,
          };
          return lookup(rc, pending);
        },
        async willSendResponse(rc) {
          if (pending && !pending.hit) remember(rc, pending);
        },
      };
    },
  };
}
