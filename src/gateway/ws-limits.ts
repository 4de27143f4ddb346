import type { IncomingMessage } from 'node:http';
import { GraphQLError, getOperationAST, parse, specifiedRules, validate, type DocumentNode, type ExecutionArgs, type GraphQLSchema, type ValidationRule } from 'graphql';
import type { Context } from 'graphql-ws';
import type { WebSocket } from 'ws';
import { GatewayError } from '../errors';
import { limitRules, QueryTooComplexError, checkTokens } from '../graphql/limits/limits';
import type { Metrics } from '../metrics';
import { checkOperationCost, logRefusal, type GatewayLimits } from './limits';

/**
 * Parsed documents kept for reuse, by their text (least recently used
 * evicted): a thousand subscribers of the same subscription share one AST
 * instead of holding a thousand copies of it, its tokens and locations for as
 * long as they stay subscribed (issue 9, memory per connection).
 */
export const MAX_CACHED_WS_DOCUMENTS = 256;
/** Documents longer than this are parsed for their subscriber alone. */
const MAX_CACHED_WS_DOCUMENT_CHARS = 16 * 1024;

/** Close code of a websocket refused for being over its client's connection limit (like HTTP 429). */
export const WS_CLOSE_TOO_MANY = 4429;

export interface WsLimitOptions {
  limits: GatewayLimits;
  /** 0: no limit. */
  maxConnectionsPerClient: number;
  /** 0: no limit. */
  maxSubscriptionsPerConnection: number;
  metrics: Metrics;
  clientOf(authorization: string | undefined, request: IncomingMessage): string;
  /** The gateway's validation rules after graphql-js's own (apollo.ts validationRulesOf); default the limit rules alone. */
  rules?: readonly ValidationRule[];
}

type WsContext = Context<Record<string, unknown> | undefined, { socket: WebSocket; request: IncomingMessage }>;

/**
 * The websocket's limits: connections per client (checked at connection_init,
 * when the API key is known; over it the socket closes with 4429), active
 * subscriptions per socket (over it the new subscription gets an error
 * TOO_MANY_SUBSCRIPTIONS and the others go on), and the same document limits
 * as HTTP (tokens before parsing, aliases/directives/depth while validating,
 * cost with the variables) before anything runs.
 */
export function createWsLimits(schema: GraphQLSchema, opts: WsLimitOptions) {
  const { limits, metrics } = opts;
  const open = new Map<string, number>();
  const rules = [...specifiedRules, ...(opts.rules ?? limitRules(limits.document))];
  const clientOfCtx = (ctx: WsContext, auth: string | undefined) => opts.clientOf(auth, ctx.extra.request);
  const documents = new Map<string, DocumentNode>();
  /** The token limit, then parsing; a text seen before (it passed both) gives the same document. */
  const parsed = (query: string): DocumentNode => {
    const known = documents.get(query);
    if (known) {
      documents.delete(query);
      documents.set(query, known);
      return known;
    }
    checkTokens(query, limits.document);
    const document = parse(query, limits.document.maxTokens > 0 ? { maxTokens: limits.document.maxTokens } : undefined);
    if (query.length <= MAX_CACHED_WS_DOCUMENT_CHARS) {
      documents.set(query, document);
      if (documents.size > MAX_CACHED_WS_DOCUMENTS) documents.delete(documents.keys().next().value!);
    }
    return document;
  };

  return {
    /** At connection_init, after the API key check: false when the socket was closed for being over the limit. */
    admitConnection(ctx: WsContext, auth: string | undefined): boolean {
      const client = clientOfCtx(ctx, auth);
      const n = open.get(client) ?? 0;
      if (opts.maxConnectionsPerClient > 0 && n >= opts.maxConnectionsPerClient) {
        metrics.wsLimitRefusals.inc({ limit: 'connections' });
        logRefusal(limits.logger, client, 'TOO_MANY_CONNECTIONS', { limit: opts.maxConnectionsPerClient, transport: 'websocket' });
        ctx.extra.socket.close(WS_CLOSE_TOO_MANY, `Too many websockets for this client (limit ${opts.maxConnectionsPerClient})`);
        return false;
      }
      open.set(client, n + 1);
      ctx.extra.socket.once('close', () => {
        const left = (open.get(client) ?? 1) - 1;
        if (left <= 0) open.delete(client);
        else open.set(client, left);
      });
      return true;
    },

    /** graphql-ws onSubscribe: the operation's execution arguments, or the errors that refuse it (rate limit first, then the subscription count, then the document). */
    async onSubscribe(ctx: WsContext, auth: string | undefined, payload: { query: string; operationName?: string | null; variables?: Record<string, unknown> | null }): Promise<ExecutionArgs | readonly GraphQLError[]> {
      const client = clientOfCtx(ctx, auth);
      // Every operation on a websocket (queries and mutations run there too) takes from the client's budget, as on HTTP.
      const rate = limits.rateLimiter ? await limits.rateLimiter.take(client) : { ok: true as const };
      if (!rate.ok) {
        logRefusal(limits.logger, client, 'RATE_LIMITED', { limit: rate.limit, retryAfter: rate.retryAfterS, transport: 'websocket' });
        return [new GatewayError(`Rate limit of ${rate.limit} requests a minute reached (RATE_LIMIT_PER_MIN); retry in ${rate.retryAfterS} s`, { code: 'RATE_LIMITED', retryAfter: rate.retryAfterS, limit: rate.limit })];
      }
      const active = Object.keys(ctx.subscriptions).length; // this one included
      if (opts.maxSubscriptionsPerConnection > 0 && active > opts.maxSubscriptionsPerConnection) {
        metrics.wsLimitRefusals.inc({ limit: 'subscriptions' });
        logRefusal(limits.logger, client, 'TOO_MANY_SUBSCRIPTIONS', { limit: opts.maxSubscriptionsPerConnection });
        const max = opts.maxSubscriptionsPerConnection;
        return [new GatewayError(`Too many subscriptions on this websocket (limit ${max}): complete one, or open another connection`, { code: 'TOO_MANY_SUBSCRIPTIONS', limit: 'subscriptions', max, actual: active })];
      }
      const refuse = (e: QueryTooComplexError | GatewayError) => {
        const { limit, max, actual } = e.extensions;
        logRefusal(limits.logger, client, 'QUERY_TOO_COMPLEX', { limit, max, actual, transport: 'websocket' });
        return [e];
      };
      try {
        const document = parsed(payload.query);
        const errors = validate(schema, document, rules);
        if (errors.length > 0) {
          const over = errors.map((e) => e.originalError ?? e).find((e): e is GatewayError => e instanceof GatewayError && e.extensions.code === 'QUERY_TOO_COMPLEX');
          return over ? refuse(over) : errors;
        }
        if (!getOperationAST(document, payload.operationName ?? undefined)) return [new GraphQLError('Unable to identify operation')];
        checkOperationCost(schema, document, payload.operationName, payload.variables, limits);
        return { schema, document, operationName: payload.operationName, variableValues: payload.variables };
      } catch (e) {
        if (e instanceof QueryTooComplexError) return refuse(e);
        if (e instanceof GraphQLError) return [e];
        throw e;
      }
    },
  };
}
