import { assertValidSchema, GraphQLSchema, isInputObjectType } from 'graphql';

/**
 * OneOf input objects (graphql-js 16.9+: `isOneOf`, the `@oneOf` directive).
 * type-graphql 2.0 (rc) cannot declare them: an input class says
 * `@Directive('@oneOf')`, which type-graphql only copies into the type's AST
 * node. This sets `isOneOf` on those types, which is what graphql-js
 * validates (ValuesOfCorrectTypeRule), coerces (variables), prints and
 * introspects, and builds the schema again so it is validated with them
 * (oneOf fields must be nullable and without defaults).
 */
export function applyOneOf(schema: GraphQLSchema): GraphQLSchema {
  let marked = 0;
  for (const type of Object.values(schema.getTypeMap())) {
    if (isInputObjectType(type) && type.astNode?.directives?.some((d) => d.name.value === 'oneOf')) {
      type.isOneOf = true;
      marked++;
    }
  }
  if (marked === 0) return schema;
  const rebuilt = new GraphQLSchema(schema.toConfig());
  assertValidSchema(rebuilt);
  return rebuilt;
}
