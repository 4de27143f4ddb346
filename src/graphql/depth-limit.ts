import { GraphQLError, Kind, type ASTVisitor, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext } from 'graphql';

/**
 * Deepest selection an operation may have. The deepest query a frontend needs
 * (certificates → node → holder → certificates → nodes → certification → …)
 * stays well below it; a query nesting lists in lists to multiply upstream
 * work does not. Introspection (`__schema`, `__type`) is not counted: its
 * `ofType` chains are deep by design and cost no upstream call.
 */
export const MAX_QUERY_DEPTH = 12;

/** A validation rule: BAD_USER_INPUT naming the operation when a selection is deeper than `max`. */
export function depthLimit(max: number = MAX_QUERY_DEPTH) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const d of context.getDocument().definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);

    /** Each fragment's depth, computed once (a fragment spread many times costs nothing more). */
    const fragmentDepth = new Map<string, number>();
    /** Depth of a selection set; a fragment still being computed counts 0 (a cycle is another rule's error). */
    const depthOf = (set: SelectionSetNode | undefined): number => {
      if (!set) return 0;
      let deepest = 0;
      for (const sel of set.selections) {
        if (sel.kind === Kind.FIELD) {
          if (sel.name.value.startsWith('__')) continue;
          deepest = Math.max(deepest, 1 + depthOf(sel.selectionSet));
        } else if (sel.kind === Kind.INLINE_FRAGMENT) {
          deepest = Math.max(deepest, depthOf(sel.selectionSet));
        } else {
          const name = sel.name.value;
          let d = fragmentDepth.get(name);
          if (d === undefined) {
            const frag = fragments.get(name);
            fragmentDepth.set(name, 0); // in progress
            d = frag ? depthOf(frag.selectionSet) : 0;
            fragmentDepth.set(name, d);
          }
          deepest = Math.max(deepest, d);
        }
      }
      return deepest;
    };

    return {
      OperationDefinition(node) {
        const depth = depthOf(node.selectionSet);
        if (depth > max) {
          const name = node.name ? ` ${node.name.value}` : '';
          context.reportError(
            new GraphQLError(`Operation${name} is nested deeper than ${max} levels; split it into several queries`, {
              nodes: [node],
              extensions: { code: 'BAD_USER_INPUT', field: 'query' },
            }),
          );
        }
      },
    };
  };
}
