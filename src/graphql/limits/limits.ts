import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, Lexer, Source, TokenKind, type ValidationContext, type ValidationRule } from 'graphql';
import { GatewayError } from '../../errors';
import { depthLimit } from '../depth-limit';

/** The names a refusal carries in `extensions.limit`. */
export type LimitName = 'tokens' | 'nesting' | 'aliases' | 'directives' | 'depth' | 'cost' | 'upstreamCalls';

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
  nesting: 'levels of nested braces, brackets or parentheses',
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
 * Brackets ({, [, () a document may nest, whatever MAX_TOKENS allows.
 * graphql-js parses and validates nested selections and values by recursion:
 * a few thousand levels overflow the stack. The deepest a real document nests
 * (introspection's ofType chain, a filter object) is under 20.
 */
export const MAX_NESTING = 64;

/**
 * The tokens of a GraphQL document, counted with graphql-js's own lexer (the
 * count `parse`'s maxTokens applies), and how deep its brackets nest, in one
 * linear pass without building a tree. A lexical error ends the scan: the
 * parser reports it.
 */
export function scanDocument(source: string): { tokens: number; nesting: number } {
  const lexer = new Lexer(new Source(source));
  let tokens = 0;
  let depth = 0;
  let nesting = 0;
  try {
    for (let t = lexer.advance(); t.kind !== TokenKind.EOF; t = lexer.advance()) {
      tokens++;
      if (t.kind === TokenKind.BRACE_L || t.kind === TokenKind.BRACKET_L || t.kind === TokenKind.PAREN_L) nesting = Math.max(nesting, ++depth);
      else if (t.kind === TokenKind.BRACE_R || t.kind === TokenKind.BRACKET_R || t.kind === TokenKind.PAREN_R) depth--;
    }
  } catch {
    // A syntax error: counted so far; parse() will name it.
  }
  return { tokens, nesting };
}

export const countTokens = (source: string): number => scanDocument(source).tokens;

/** Throws QueryTooComplexError (tokens, then nesting) before the document is parsed. */
export function checkTokens(source: string, limits: Pick<DocumentLimits, 'maxTokens'>): void {
  const { tokens, nesting } = scanDocument(source);
  if (limits.maxTokens > 0 && tokens > limits.maxTokens) throw new QueryTooComplexError('tokens', limits.maxTokens, tokens);
  if (nesting > MAX_NESTING) throw new QueryTooComplexError('nesting', MAX_NESTING, nesting);
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
