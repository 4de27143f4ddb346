// graphql-schema-linter over the generated schema.graphql (`npm run lint`; CI runs it). Every built-in rule is
// listed, so a rule left out is visible here; descriptions come from the type-graphql decorators in src/graphql.
module.exports = {
  schemaPaths: ['schema.graphql'],
  rules: [
    // What a frontend developer reads in GraphiQL and in generated types.
    'types-have-descriptions',
    'fields-have-descriptions',
    'arguments-have-descriptions',
    'enum-values-have-descriptions',
    'input-object-values-have-descriptions',
    'descriptions-are-capitalized',
    'deprecations-have-a-reason',
    // Naming and order (printSchema(lexicographicSortSchema(...)) keeps the file sorted).
    'types-are-capitalized',
    'fields-are-camel-cased',
    'input-object-values-are-camel-cased',
    'enum-values-all-caps',
    'enum-values-sorted-alphabetically',
    'input-object-fields-sorted-alphabetically',
    'interface-fields-sorted-alphabetically',
    'type-fields-sorted-alphabetically',
    'defined-types-are-used',
    // Relay cursor connections.
    'relay-connection-types-spec',
    'relay-connection-arguments-spec',
    'relay-page-info-spec',
  ],
};
