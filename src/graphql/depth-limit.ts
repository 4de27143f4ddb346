import type { ASTVisitor, ValidationContext } from 'graphql';
import { GatewayError } from '../errors';
import { foldSelections, type Fold } from './limits/fold';

/**
 * Deepest selection an operation may have. The deepest query a frontend needs
 * (certificates → node → holder → certificates → nodes → certification → …)
 * stays well below it; a query nesting lists in lists to multiply upstream
 * work does not. Introspection (`__schema`, `__type`) is not counted: its
 * `ofType` chains are deep by design and cost no upstream call.
 */
export const MAX_QUERY_DEPTH = 12;

/** Depth as a fold: a field is one level over its deepest child; siblings take the deepest. */
const depthFold: Fold<number> = {
  zero: 0,
  merge: (a, b) => Math.max(a, b),
  field: (node) => (node.name.value.startsWith('__') ? { skip: true } : { own: 1, lift: (child) => 1 + child }),
};

/**
 * A validation rule: QUERY_TOO_COMPLEX (limit "depth") naming the operation
 * when a selection is deeper than `max`. Iterative (limits/fold.ts): a long
 * fragment chain cannot overflow the stack; each fragment is measured once.
 */
export function depthLimit(max: number = MAX_QUERY_DEPTH) {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(node) {
      const depth = foldSelections(depthFold, context.getDocument(), node.selectionSet, undefined);
      if (depth > max) {
        const name = node.name ? ` ${node.name.value}` : '';
        context.reportError(
          new GatewayError(`Operation${name} is nested deeper than ${max} levels (${depth}); split it into several queries`, {
            code: 'QUERY_TOO_COMPLEX',
            limit: 'depth',
            max,
            actual: depth,
            field: 'query',
          }),
        );
      }
    },
  });
}
