import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, OperationTypeNode, type GraphQLSchema } from 'graphql';
import type { GatewayContext } from '../context';
import type { createFormatError } from '../errors';
import { depthLimit } from '../graphql/depth-limit';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { currentScope } from '../request-scope';

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

/** Apollo Server over the schema, started; HTTP is served by our own listener (routes.ts) through executeHTTPGraphQLRequest. */
export async function startApollo(schema: GraphQLSchema, formatError: FormatError, metrics: Metrics, logger: Logger): Promise<ApolloServer<GatewayContext>> {
  const apollo = new ApolloServer<GatewayContext>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    validationRules: [depthLimit()],
    introspection: true,
    plugins: [
      // GraphiQL is served at /graphiql instead of Apollo's landing page.
      ApolloServerPluginLandingPageDisabled(),
      // No HTTP response caching here; its per-field hook would wrap every resolver for nothing.
      ApolloServerPluginCacheControlDisabled(),
      subscriptionsOverWebsocketPlugin(),
      partialResultsPlugin(formatError),
      metricsPlugin(metrics),
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
