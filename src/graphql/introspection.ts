import { GraphQLError, type ASTVisitor, type ValidationContext } from 'graphql';

/**
 * The validation rule applied when INTROSPECTION is off, on HTTP and on the
 * websocket alike: `__schema` and `__type` are refused with
 * GRAPHQL_VALIDATION_FAILED and a message naming the switch (`__typename`
 * stays: clients need it). Like graphql-js's NoSchemaIntrospectionCustomRule,
 * with a message an operator can act on.
 */
export function noIntrospection() {
  return (context: ValidationContext): ASTVisitor => ({
    Field(node) {
      const name = node.name.value;
      if (name === '__schema' || name === '__type') {
        context.reportError(
          new GraphQLError(`Introspection is turned off on this gateway (INTROSPECTION=0): "${name}" is not allowed`, {
            nodes: node,
            extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
          }),
        );
      }
    },
  });
}
