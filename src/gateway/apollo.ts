import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { InMemoryLRUCache, type KeyValueCache } from '@apollo/utils.keyvaluecache';
import { GraphQLError, OperationTypeNode, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';
import type { GatewayContext } from '../context';
import { badArguments, type createFormatError } from '../errors';
import { argumentPathsRule, variableProblems } from '../input-errors';
import { depthLimit } from '../graphql/depth-limit';
import { noIntrospection } from '../graphql/introspection';
import type { TrustedDocuments } from '../trusted-manifest';
import { APQ_TTL_S } from './apq-cache';
import { limitRules, type DocumentLimits } from '../graphql/limits/limits';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { documentLimitsPlugin, type GatewayLimits } from './limits';
import { currentScope } from '../request-scope';
import { responseCachePlugin, type ResponseCacheOptions } from './response-cache';

type FormatError = ReturnType<typeof createFormatError>;

/** Appends the errors of sources that failed while others answered (see GatewayContext.partialErrors). */
export function partialResultsPlugin(format: FormatError): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single' || contextValue.partialErrors.length === 0) return;
          const formatted = contextValue.partialErrors.map((e) => format(e.toJSON(), e));
          response.body.singleResult.errors = [...(response.body.singleResult.errors ?? []), ...formatted];
        },
      };
    },
  };
}

/** Subscriptions live on the websocket; over HTTP they would resolve once and fail obscurely. */
export function subscriptionsOverWebsocketPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation === OperationTypeNode.SUBSCRIPTION) {
            throw new GraphQLError('Subscriptions are served over a websocket (graphql-transport-ws protocol) at /graphql, not over HTTP', {
              extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}

/**
 * Counts and times every request by operation type, name (bounded, see
 * Metrics.operationName) and outcome (ok, partial, error); tells the request's
 * scope and span what the operation was (the access log line is written by
 * routes.ts once the answer is sent).
 */
export function metricsPlugin(metrics: Metrics): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      let operation = 'unknown';
      let operationName = 'unknown';
      return {
        async didResolveOperation({ operation: op, operationName: name }) {
          // Only now, once the document validated, does its name become a label value.
          operation = op?.operation ?? 'unknown';
          operationName = metrics.operationName(name);
          const scope = currentScope();
          if (!scope) return;
          scope.operation = { name: name ?? null, type: operation };
          scope.span?.updateName(name ?? operation);
          scope.span?.setAttributes({ 'graphql.operation.type': operation, ...(name ? { 'graphql.operation.name': name } : {}) });
        },
        async willSendResponse({ response, contextValue }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          const outcome = contextValue.partialErrors.length > 0 ? 'partial' : errors?.length ? 'error' : 'ok';
          const seconds = (performance.now() - started) / 1000;
          metrics.graphqlRequests.inc({ operation, operation_name: operationName, outcome });
          metrics.graphqlDuration.observe({ operation, operation_name: operationName }, seconds);
          const scope = currentScope();
          if (!scope) return;
          scope.operation = { name: scope.operation?.name ?? null, type: scope.operation?.type ?? operation, outcome };
          scope.span?.setAttribute('gateway.outcome', outcome);
        },
      };
    },
  };
}

/**
 * Bad variable values are answered as bad values written in the document are
 * (input-errors.ts): 400 BAD_USER_INPUT naming the argument path where the
 * variable is used, before anything runs. graphql-js would refuse them too,
 * but naming only the variable.
 */
export function argumentValuesPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const problems = variableProblems(schema, document, operation, request.variables);
          if (problems.length === 0) return;
          const e = badArguments(problems);
          throw new GraphQLError(e.message, { originalError: e, extensions: { ...e.extensions, http: { status: 400 } } });
        },
      };
    },
  };
}

/** Which operations run (trust, issue 11): trusted documents, APQ, introspection. */
export interface TrustOptions {
  /** When set, APQ is off: only these documents run (the /graphql route admits them, see graphql/trusted-documents.ts). */
  trustedDocuments?: TrustedDocuments;
  /** The APQ store (apq-cache.ts); false turns APQ off. Ignored with trusted documents. */
  apqCache: KeyValueCache<string> | false;
  /** false: `__schema`/`__type` are refused (noIntrospection). */
  introspection: boolean;
}

/** The validation rules of every operation, HTTP and websocket alike: the document limits (or the depth limit alone), and introspection when it is off. */
export function validationRulesOf(trust: Pick<TrustOptions, 'introspection'>, document?: DocumentLimits): ValidationRule[] {
  // argumentPathsRule reports nothing: it lets a bad value written in the document be named by its argument path.
  const limits = [argumentPathsRule, ...(document ? limitRules(document) : [depthLimit()])];
  return trust.introspection ? limits : [...limits, noIntrospection()];
}

/**
 * Parsed and validated documents kept for reuse, keyed by the hash of their
 * text, least recently used evicted: at most this many bytes as Apollo
 * estimates them (the byte length of the document's JSON, locations
 * included; a parsed document takes about 4 times that in the heap, so this
 * holds about 16 MiB). Apollo's default (30 MiB of estimate, ~120 MiB of heap)
 * let distinct documents — a client generating queries, a fuzzer — hold
 * memory long after they stopped; the operations a deployment really runs
 * fit in a fraction of this.
 */
export const DOCUMENT_CACHE_BYTES = 4 * 1024 * 1024;

/** Apollo Server over the schema, started; HTTP is served by our own listener (routes.ts) through executeHTTPGraphQLRequest. */
export async function startApollo(
  schema: GraphQLSchema,
  formatError: FormatError,
  metrics: Metrics,
  logger: Logger,
  trust: TrustOptions = { apqCache: false, introspection: true },
  limits?: GatewayLimits,
  /** RESPONSE_CACHE on: answers of queries from the response cache (response-cache.ts); absent, nothing is cached. */
  responseCache?: ResponseCacheOptions,
): Promise<ApolloServer<GatewayContext>> {
  const apq = !trust.trustedDocuments && trust.apqCache ? { cache: trust.apqCache, ttl: APQ_TTL_S } : false;
  const apollo = new ApolloServer<GatewayContext>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    // Signals are main.ts's (gateway/shutdown.ts): Apollo's own handler would stop it at once and re-raise SIGTERM.
    stopOnTerminationSignals: false,
    // Cost limits (gateway/limits.ts): aliases, directives and depth while validating; tokens are refused by
    // the route before Apollo parses (maxTokens here backs that up). Our own rule (noIntrospection) refuses
    // introspection when it is off, with a message naming the switch.
    validationRules: validationRulesOf(trust, limits?.document),
    ...(limits && limits.document.maxTokens > 0 ? { parseOptions: { maxTokens: limits.document.maxTokens } } : {}),
    introspection: true,
    persistedQueries: apq,
    documentStore: new InMemoryLRUCache<DocumentNode>({ maxSize: DOCUMENT_CACHE_BYTES, sizeCalculation: (d) => InMemoryLRUCache.sizeCalculation(d) }),
    plugins: [
      // GraphiQL is served at /graphiql instead of Apollo's landing page.
      ApolloServerPluginLandingPageDisabled(),
      // No HTTP response caching here; its per-field hook would wrap every resolver for nothing.
      ApolloServerPluginCacheControlDisabled(),
      subscriptionsOverWebsocketPlugin(),
      partialResultsPlugin(formatError),
      metricsPlugin(metrics),
      // Before the cost estimate: it reads the variables.
      argumentValuesPlugin(),
      ...(limits ? [documentLimitsPlugin(schema, limits)] : []),
      ...(responseCache ? [responseCachePlugin(responseCache)] : []),
    ],
    logger: {
      debug: (m) => logger.debug(String(m)),
      info: (m) => logger.info(String(m)),
      warn: (m) => logger.warn(String(m)),
      error: (m) => logger.error(String(m)),
    },
  });
  await apollo.start();
  return apollo;
}
