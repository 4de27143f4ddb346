import { randomBytes } from 'node:crypto';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import type { SourceName } from './domain';
import { argumentMessage, argumentProblemOf, MAX_ARGUMENT_PROBLEMS, type ArgumentProblem } from './input-errors';
import type { Logger } from './logger';
import { deferRefusal } from './request-scope';
import { stripInstallPaths } from './stack';

/** The error codes of SPEC §7, plus Apollo's own request-level codes that pass through unchanged. */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'UNAUTHENTICATED'
  | 'NOT_SUPPORTED_BY_SOURCE'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_REJECTED'
  | 'RATE_LIMITED'
  | 'INTERNAL_SERVER_ERROR'
  // trust (issue 11): persisted documents
  | 'PERSISTED_QUERY_NOT_IN_LIST'
  | 'PERSISTED_QUERY_HASH_MISMATCH'
  | 'PERSISTED_QUERY_VERSION_NOT_SUPPORTED'
  // limits: a document over a cost limit, a body over its size limit, a subscription over the per-socket limit
  | 'QUERY_TOO_COMPLEX'
  | 'PAYLOAD_TOO_LARGE'
  | 'TOO_MANY_SUBSCRIPTIONS';

export interface GatewayErrorExtensions {
  code: ErrorCode;
  source?: SourceName;
  field?: string;
  /** Upstream HTTP status, when an upstream answered. */
  status?: number;
  /** Seconds, for RATE_LIMITED. */
  retryAfter?: number;
  [key: string]: unknown;
}

/**
 * Every error the gateway raises on purpose. Its message is safe to show a
 * client: it never contains a secret, a stack or a raw upstream URL.
 */
export class GatewayError extends GraphQLError {
  constructor(message: string, extensions: GatewayErrorExtensions) {
    super(message, { extensions });
    this.name = 'GatewayError';
  }
  get code(): ErrorCode {
    return this.extensions.code as ErrorCode;
  }
}

export const badInput = (field: string, message: string): GatewayError =>
  new GatewayError(message, { code: 'BAD_USER_INPUT', field });

/**
 * BAD_USER_INPUT for bad argument values (input-errors.ts): the first names
 * `field`, `violations` lists them, as for class-validator's, at most
 * MAX_ARGUMENT_PROBLEMS of them. With more, the message says so and
 * `violationsTruncated` is true (variableProblems stops looking one past the
 * cap, so how many more there are is not known).
 */
export const badArguments = (problems: readonly ArgumentProblem[]): GatewayError => {
  const listed = problems.slice(0, MAX_ARGUMENT_PROBLEMS);
  const more = problems.length - listed.length;
  const message = argumentMessage(problems[0]) + (more > 0 ? ` (and more: only the first ${MAX_ARGUMENT_PROBLEMS} problems are listed, checking stopped there)` : '');
  return new GatewayError(message, {
    code: 'BAD_USER_INPUT',
    field: problems[0].field,
    violations: listed.map((p) => ({ field: p.field, message: p.message })),
    ...(more > 0 ? { violationsTruncated: true } : {}),
  });
};

export const notFound = (message: string): GatewayError => new GatewayError(message, { code: 'NOT_FOUND' });

export const upstreamUnavailable = (source: SourceName, message: string, status?: number): GatewayError =>
  new GatewayError(`${source}: ${message}`, { code: 'UPSTREAM_UNAVAILABLE', source, ...(status ? { status } : {}) });

/**
 * A client mistake about persisted documents: 400 with its own code, refused
 * before parsing and before any upstream call (trusted documents, APQ).
 */
export const persistedDocumentError = (
  code: 'PERSISTED_QUERY_NOT_IN_LIST' | 'PERSISTED_QUERY_HASH_MISMATCH' | 'PERSISTED_QUERY_VERSION_NOT_SUPPORTED',
  message: string,
): GraphQLError => new GraphQLError(message, { extensions: { code, http: { status: 400 } } });

/**
 * Client mistakes answered with their own code and logged once at info, never
 * as an error. Apollo's APQ raises two of them without a code (it would
 * answer INTERNAL_SERVER_ERROR): they are recognised by their message.
 */
const CLIENT_MISTAKES = new Set(['PERSISTED_QUERY_NOT_IN_LIST', 'PERSISTED_QUERY_HASH_MISMATCH', 'PERSISTED_QUERY_VERSION_NOT_SUPPORTED']);
const APOLLO_APQ_MISTAKES: Readonly<Record<string, { code: string; message: string }>> = {
  'provided sha does not match query': {
    code: 'PERSISTED_QUERY_HASH_MISMATCH',
    message: 'extensions.persistedQuery.sha256Hash is not the sha256 of the query sent with it',
  },
  'Unsupported persisted query version': {
    code: 'PERSISTED_QUERY_VERSION_NOT_SUPPORTED',
    message: 'extensions.persistedQuery.version must be 1',
  },
};

/** A short id for one internal error: in the response (extensions.errorId) and in the log line, so a report finds its line. */
const newErrorId = (): string => randomBytes(6).toString('base64url');

/** Codes produced by Apollo Server or graphql-js for the request as a whole; safe to pass on. */
const PASS_THROUGH = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

interface ValidationErrorLike {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationErrorLike[];
}

/** Every violated constraint with the dotted path of its field, depth first. */
function violations(errors: ValidationErrorLike[], prefix = ''): { field: string; message: string }[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field: path, message }));
    return [...own, ...violations(e.children ?? [], path)];
  });
}

/**
 * The one place errors are masked (Apollo's formatError; the websocket path
 * calls it too). Known errors pass with their code; class-validator failures
 * become BAD_USER_INPUT naming the field; anything else is logged and
 * replaced by a generic INTERNAL_SERVER_ERROR.
 */
export function createFormatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    const mistake = clientMistake(formatted, error);
    if (mistake) {
      // Over HTTP the request's access line tells it, with the client id; else this line.
      if (!deferRefusal({ code: mistake.code, reason: mistake.message })) logger.info('request refused', { code: mistake.code, reason: mistake.message });
      return { message: mistake.message, extensions: { code: mistake.code } };
    }
    if (original instanceof GatewayError) {
      return { message: original.message, locations: formatted.locations, path: formatted.path, extensions: { ...original.extensions } };
    }
    // A bad value written in the document: graphql-js found it while validating; named by its argument path.
    const code = formatted.extensions?.code;
    const problem = error instanceof GraphQLError && !formatted.path && (code === undefined || code === 'GRAPHQL_VALIDATION_FAILED') ? argumentProblemOf(error) : undefined;
    if (problem) {
      return { message: argumentMessage(problem), locations: formatted.locations, extensions: { code: 'BAD_USER_INPUT', field: problem.field, violations: [problem] } };
    }
    const validationErrors = (original as { extensions?: { validationErrors?: ValidationErrorLike[] } })?.extensions?.validationErrors;
    if (Array.isArray(validationErrors)) {
      const all = violations(validationErrors);
      const v = all[0];
      return {
        message: v ? `Invalid argument ${v.field}: ${v.message}` : 'Invalid argument',
        locations: formatted.locations,
        path: formatted.path,
        // field: the first; violations: all of them, for forms that mark every bad field at once.
        extensions: { code: 'BAD_USER_INPUT', field: v?.field, violations: all },
      };
    }
    if (typeof code === 'string' && PASS_THROUGH.has(code)) {
      return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
    }
    // A GraphQLError thrown by graphql-js itself for a bad literal or variable (e.g. a scalar's parseValue).
    if (original instanceof GraphQLError && !formatted.path && code === undefined) {
      return { message: formatted.message, locations: formatted.locations, extensions: { code: 'BAD_USER_INPUT' } };
    }
    // One short line at error level (id, code, message); the stack only at debug, without install paths.
    const errorId = newErrorId();
    const message = original instanceof Error ? `${original.name}: ${original.message}` : String(original);
    logger.error('unexpected error', { errorId, code: 'INTERNAL_SERVER_ERROR', error: stripInstallPaths(message).slice(0, 500), path: formatted.path });
    if (original instanceof Error && original.stack) logger.debug('unexpected error stack', { errorId, stack: stripInstallPaths(original.stack) });
    return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR', errorId } };
  };
}

/** The persisted-document mistake an error is, if it is one (ours by code, Apollo's APQ ones by message). */
function clientMistake(formatted: GraphQLFormattedError, error: unknown): { code: string; message: string } | undefined {
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && CLIENT_MISTAKES.has(code)) return { code, message: formatted.message };
  if (error instanceof GraphQLError && !error.path && Object.hasOwn(APOLLO_APQ_MISTAKES, error.message)) return APOLLO_APQ_MISTAKES[error.message];
  return undefined;
}
