import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, OperationTypeNode, getOperationAST, parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { GatewayContext } from '../context';
import { GatewayError } from '../errors';
import { estimateOperation, checkCost } from '../graphql/limits/cost';
import type { ListSizes } from '../graphql/limits/list-sizes';
import { QueryTooComplexError, checkTokens, type DocumentLimits } from '../graphql/limits/limits';
import type { Logger } from '../logger';
import { deferRefusal } from '../request-scope';
import type { RateLimiter } from './rate-limit';
import { gqlError, sendJson } from '../http/json';

/** What the limits need to know about the gateway, built once in server.ts. */
export interface GatewayLimits {
  document: DocumentLimits;
  /** Configured sources: a connection without filter.sources costs one list call per source. */
  sourceCount: number;
  /** Bodies of every operation but the Springest upload (MAX_BODY_BYTES). */
  maxBodyBytes: number;
  /** Bodies of issueCertificate carrying a Springest PDF (MAX_UPLOAD_BODY_BYTES). */
  maxUploadBodyBytes: number;
  rateLimiter: RateLimiter | null;
  logger: Logger;
  /** Rows of the unpaged root lists as last served (the cost of what is nested under them). */
  listSizes?: ListSizes;
}

/** The refusal log line: one per refused request, at info, with the client id, never the document or variables. */
export function logRefusal(logger: Logger, clientId: string, code: string, fields: Record<string, unknown> = {}): void {
  // Over HTTP the request's access line tells it; on a websocket this is the one line.
  if (deferRefusal({ code, ...fields })) return;
  logger.info('request refused', { client: clientId, code, ...fields });
}

/** The client of an HTTP request, on its context (set by the route; Apollo copies own properties when it clones a context). */
const CLIENT = Symbol('client');
export const rememberClient = <C extends object>(ctx: C, clientId: string): C => Object.assign(ctx, { [CLIENT]: clientId });
const clientOfContext = (ctx: object): string => (ctx as { [CLIENT]?: string })[CLIENT] ?? 'unknown';

const errorBody = (message: string, { code, ...extensions }: { code: string } & Record<string, unknown>) => gqlError(message, code, extensions);

/** RATE_LIMITED with retryAfter and Retry-After, or true to go on. */
export async function admitRequest(limits: GatewayLimits, clientId: string, res: ServerResponse): Promise<boolean> {
  if (!limits.rateLimiter) return true;
  const d = await limits.rateLimiter.take(clientId);
  if (d.ok) return true;
  logRefusal(limits.logger, clientId, 'RATE_LIMITED', { limit: d.limit, retryAfter: d.retryAfterS });
  sendJson(res, 429, errorBody(`Rate limit of ${d.limit} requests a minute reached (RATE_LIMIT_PER_MIN); retry in ${d.retryAfterS} s`, { code: 'RATE_LIMITED', retryAfter: d.retryAfterS, limit: d.limit }), {
    'retry-after': String(d.retryAfterS),
  });
  return false;
}

/** 413 PAYLOAD_TOO_LARGE naming the limit that applies. */
export function refuseBody(limits: GatewayLimits, clientId: string, res: ServerResponse, size: number | undefined, limit: number, variable: string): void {
  logRefusal(limits.logger, clientId, 'PAYLOAD_TOO_LARGE', { limit, size });
  const upload = variable === 'MAX_BODY_BYTES' ? ` (only issueCertificate with a Springest PDF may send up to ${limits.maxUploadBodyBytes} bytes)` : '';
  sendJson(res, 413, errorBody(`Request body${size !== undefined ? ` of ${size} bytes` : ''} is larger than the limit of ${limit} bytes (${variable})${upload}`, { code: 'PAYLOAD_TOO_LARGE', limit, ...(size !== undefined ? { size } : {}) }), {
    connection: 'close',
  });
}

/** Total length of every string under a `fileBase64` key (the PDF of a Springest upload), walked without recursion. */
function fileBytesIn(value: unknown): number {
  let total = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (k === 'fileBase64' && typeof x === 'string') total += x.length;
      else if (x !== null && typeof x === 'object') stack.push(x);
    }
  }
  return total;
}

/** fileBase64 strings written inline in the document. */
function inlineFileBytes(doc: DocumentNode): number {
  let total = 0;
  const stack: unknown[] = [doc];
  while (stack.length > 0) {
    const n = stack.pop() as { kind?: string; name?: { value: string }; value?: { kind: string; value?: string } } | undefined;
    if (!n || typeof n !== 'object') continue;
    if (n.kind === Kind.OBJECT_FIELD && n.name?.value === 'fileBase64' && n.value?.kind === Kind.STRING) total += n.value.value!.length;
    for (const [k, x] of Object.entries(n)) if (k !== 'loc' && x && typeof x === 'object') stack.push(x);
  }
  return total;
}

/**
 * Whether a body larger than MAX_BODY_BYTES may pass: a mutation whose root
 * fields are all issueCertificate, and whose size without its PDFs
 * (fileBase64) stays under MAX_BODY_BYTES. Tokens are checked first, so the
 * parse here is bounded.
 */
export function isUploadBody(body: unknown, size: number, limits: GatewayLimits): boolean {
  const b = body as { query?: unknown; variables?: unknown; operationName?: unknown } | null;
  if (!b || typeof b !== 'object' || typeof b.query !== 'string') return false;
  let doc: DocumentNode;
  try {
    doc = parse(b.query, { maxTokens: limits.document.maxTokens || undefined, noLocation: true });
  } catch {
    return false;
  }
  const op = getOperationAST(doc, typeof b.operationName === 'string' ? b.operationName : undefined);
  if (!op || op.operation !== OperationTypeNode.MUTATION) return false;
  if (!op.selectionSet.selections.every((s) => s.kind === Kind.FIELD && s.name.value === 'issueCertificate')) return false;
  return size - fileBytesIn(b.variables) - inlineFileBytes(doc) <= limits.maxBodyBytes;
}

/** QUERY_TOO_COMPLEX (tokens) for a POST body's or GET's query, answered here before Apollo parses anything; true to go on. */
export function admitTokens(limits: GatewayLimits, clientId: string, query: unknown, res: ServerResponse): boolean {
  if (typeof query !== 'string') return true;
  try {
    checkTokens(query, limits.document);
    return true;
  } catch (e) {
    if (!(e instanceof QueryTooComplexError)) throw e;
    logRefusal(limits.logger, clientId, 'QUERY_TOO_COMPLEX', { limit: e.limit, max: e.max, actual: e.actual });
    sendJson(res, 400, gqlError(e.message, 'QUERY_TOO_COMPLEX', { limit: e.limit, max: e.max, actual: e.actual }));
    return false;
  }
}

/** The query of a GET (?query=) or of a POST's JSON body. */
export function queryOf(req: IncomingMessage, search: string, body: unknown): unknown {
  if (req.method === 'GET') return new URLSearchParams(search).get('query') ?? undefined;
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as { query?: unknown }).query : undefined;
}

/** The estimate check of one resolved operation; throws QueryTooComplexError. */
export function checkOperationCost(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined, limits: GatewayLimits): void {
  const op = getOperationAST(document, operationName ?? undefined);
  if (!op) return;
  checkCost(estimateOperation(schema, document, op, variables, limits.sourceCount, (coord) => limits.listSizes?.get(coord)), limits.document);
}

const isTooComplex = (e: GraphQLError): QueryTooComplexError | GatewayError | undefined => {
  const o = e.originalError ?? e;
  return o instanceof GatewayError && o.extensions.code === 'QUERY_TOO_COMPLEX' ? o : undefined;
};

/**
 * Apollo's half of the cost limits: the estimate once the operation and its
 * variables are known (before any resolver runs), answered 400; and one info
 * line per refused request (validation's aliases, directives and depth too).
 */
export function documentLimitsPlugin(schema: GraphQLSchema, limits: GatewayLimits): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operationName, request }) {
          try {
            checkOperationCost(schema, document, operationName, request.variables, limits);
          } catch (e) {
            if (!(e instanceof QueryTooComplexError)) throw e;
            throw new GraphQLError(e.message, { originalError: e, extensions: { ...e.extensions, http: { status: 400 } } });
          }
        },
        async didEncounterErrors({ errors, contextValue }) {
          const refused = errors.map(isTooComplex).find((e) => e !== undefined);
          if (!refused) return;
          const { limit, max, actual } = refused.extensions;
          logRefusal(limits.logger, clientOfContext(contextValue), 'QUERY_TOO_COMPLEX', { limit, max, actual });
        },
      };
    },
  };
}
