import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, Lexer, Source, TokenKind, type ValidationContext, type ValidationRule } from 'graphql';
import { GatewayError } from '../../errors';
import { depthLimit } from '../depth-limit';

/** The names a refusal carries in `extensions.limit`. */
export type LimitName = 'tokens' | 'aliases' | 'directives' | 'depth' | 'cost' | 'upstreamCalls';

/**
 * What a document may ask before anything runs (see README, "Cost limits").
 * Checked in this order: tokens before parsing; aliases, directives and depth
 * while validating; cost and upstream calls once the operation and its
 * variables are known. 0 turns a limit off.
 */
export interface DocumentLimits {
  /** Lexical tokens of the document (graphql-js `maxTokens`); refused before parsing and validation. */
  maxTokens: number;
  /** Aliased fields of an operation, fragments included (graphql-armor max-aliases). */
  maxAliases: number;
  /** Directives of an operation, fragments included (graphql-armor max-directives). */
  maxDirectives: number;
  /** Selection depth (depth-limit.ts; introspection not counted). */
  maxDepth: number;
  /** Estimated values resolved: each field counts once per row it resolves on, list sizes multiplied through nesting (cost.ts). */
  maxCost: number;
  /** Estimated upstream requests the operation can cause (cost.ts). */
  maxUpstreamCalls: number;
}

export const DEFAULT_DOCUMENT_LIMITS: Readonly<DocumentLimits> = Object.freeze({
  maxTokens: 3000,
  maxAliases: 30,
  maxDirectives: 50,
  maxDepth: 12,
  maxCost: 50_000,
  maxUpstreamCalls: 250,
});

const WHAT: Record<LimitName, string> = {
  tokens: 'tokens',
  aliases: 'aliases',
  directives: 'directives',
  depth: 'levels of nesting',
  cost: 'estimated cost (values resolved, list sizes multiplied through nesting)',
  upstreamCalls: 'estimated upstream requests',
};

/** QUERY_TOO_COMPLEX naming the limit, its value and what the document asked (answered with HTTP 400). */
export class QueryTooComplexError extends GatewayError {
  constructor(
    readonly limit: LimitName,
    readonly max: number,
    readonly actual: number,
    message?: string,
  ) {
    super(message ?? `Query too complex: ${actual} ${WHAT[limit]}, the limit is ${max} (${limit}); simplify or split the query`, {
      code: 'QUERY_TOO_COMPLEX',
      limit,
      max,
      actual,
    });
  }
}

/**
 * The tokens of a GraphQL document, counted with graphql-js's own lexer (the
 * count `parse`'s maxTokens applies), in one linear pass without building a
 * tree. A lexical error ends the count: the parser reports it.
 */
export function countTokens(source: string): number {
  const lexer = new Lexer(new Source(source));
  let n = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) n++;
  } catch {
    // A syntax error: counted so far; parse() will name it.
  }
  return n;
}

/** Throws QueryTooComplexError (tokens) when the document has more tokens than allowed. */
export function checkTokens(source: string, limits: Pick<DocumentLimits, 'maxTokens'>): void {
  if (limits.maxTokens <= 0) return;
  const n = countTokens(source);
  if (n > limits.maxTokens) throw new QueryTooComplexError('tokens', limits.maxTokens, n);
}

/** graphql-armor reports "… limit of N exceeded, found M."; we report our own error with those numbers. */
function armorRule(limit: 'aliases' | 'directives', max: number, make: typeof maxAliasesRule): ValidationRule {
  return make({
    n: max,
    exposeLimits: true,
    propagateOnRejection: false,
    onReject: [
      (ctx: ValidationContext | null, err: GraphQLError) => {
        const found = /found (\d+)/.exec(err.message);
        ctx?.reportError(new QueryTooComplexError(limit, max, found ? Number(found[1]) : max + 1));
      },
    ],
  });
}

/** The validation rules of the document limits (aliases, directives, depth), for Apollo and graphql-ws alike. */
export function limitRules(limits: DocumentLimits): ValidationRule[] {
  const rules: ValidationRule[] = [];
  if (limits.maxAliases > 0) rules.push(armorRule('aliases', limits.maxAliases, maxAliasesRule));
  if (limits.maxDirectives > 0) rules.push(armorRule('directives', limits.maxDirectives, maxDirectivesRule as unknown as typeof maxAliasesRule));
  if (limits.maxDepth > 0) rules.push(depthLimit(limits.maxDepth));
  return rules;
}
