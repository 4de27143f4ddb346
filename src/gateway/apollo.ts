import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, OperationTypeNode, type GraphQLSchema } from 'graphql';
import type { GatewayContext } from '../context';
import type { createFormatError } from '../errors';
import { depthLimit } from '../graphql/depth-limit';
import { limitRules } from '../graphql/limits/limits';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { documentLimitsPlugin, type GatewayLimits } from './limits';

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

/** Counts and times every request by operation type and outcome (ok, partial, error); logs it at debug. */
export function metricsPlugin(metrics: Metrics, logger: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      let operation = 'unknown';
      return {
        async didResolveOperation({ operation: op }) {
          operation = op?.operation ?? 'unknown';
        },
        async willSendResponse({ request, response, contextValue }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          const outcome = contextValue.partialErrors.length > 0 ? 'partial' : errors?.length ? 'error' : 'ok';
          const seconds = (performance.now() - started) / 1000;
          metrics.graphqlRequests.inc({ operation, outcome });
          metrics.graphqlDuration.observe({ operation }, seconds);
          logger.debug('graphql request', { operation, operationName: request.operationName ?? null, outcome, ms: Math.round(seconds * 1000) });
        },
      };
    },
  };
}

/** Apollo Server over the schema, started; HTTP is served by our own listener (routes.ts) through executeHTTPGraphQLRequest. */
export async function startApollo(schema: GraphQLSchema, formatError: FormatError, metrics: Metrics, logger: Logger, limits?: GatewayLimits): Promise<ApolloServer<GatewayContext>> {
  const apollo = new ApolloServer<GatewayContext>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    // Cost limits (gateway/limits.ts): aliases, directives and depth while validating; tokens are
    // refused by the route before Apollo parses (maxTokens here backs that up).
    validationRules: limits ? limitRules(limits.document) : [depthLimit()],
    ...(limits && limits.document.maxTokens > 0 ? { parseOptions: { maxTokens: limits.document.maxTokens } } : {}),
    introspection: true,
    plugins: [
      // GraphiQL is served at /graphiql instead of Apollo's landing page.
      ApolloServerPluginLandingPageDisabled(),
      // No HTTP response caching here; its per-field hook would wrap every resolver for nothing.
      ApolloServerPluginCacheControlDisabled(),
      subscriptionsOverWebsocketPlugin(),
      partialResultsPlugin(formatError),
      metricsPlugin(metrics, logger),
      ...(limits ? [documentLimitsPlugin(schema, limits)] : []),
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
