// typescript-eslint's recommended, type-checked rules over src, scripts and test (`npm run lint`; CI runs it).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import graphqlPlugin from '@graphql-eslint/eslint-plugin';

const TS = ['**/*.ts'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'examples/generated/**', '**/*.js', '**/*.cjs', '**/*.mjs'] },
  // Scoped to TypeScript, so that the GraphQL blocks below get only their own rules and parser.
  { ...js.configs.recommended, files: TS },
  ...tseslint.configs.recommendedTypeChecked.map((c) => ({ ...c, files: c.files ?? TS })),
  {
    files: TS,
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // `_x` names a value left out on purpose (a rest sibling, an unused parameter of an interface).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true, caughtErrors: 'none' }],
      // Off: interfaces promise Promises (Apollo plugin hooks, EventLog, Lease, SlotScheduler); their
      // in-memory implementations are async without awaiting, and wrapping each in Promise.resolve says less.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Tests and the benchmark read GraphQL answers as untyped JSON on purpose (the shape is what they assert), and hand
    // methods to expect(); the unsafe-any family and unbound-method would flag every such line.
    files: ['test/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // relay rules: the certificate connections follow the Relay cursor connections spec (schema.graphql only).
    files: ['schema.graphql'],
    languageOptions: { parser: graphqlPlugin.parser, parserOptions: { graphQLConfig: { schema: 'schema.graphql' } } },
    plugins: { '@graphql-eslint': graphqlPlugin },
    rules: {
      '@graphql-eslint/relay-arguments': 'error',
      '@graphql-eslint/relay-connection-types': 'error',
      // listTypeCanWrapOnlyEdgeType off: connections keep `nodes` (widely used) and small reference lists (sources, certifications, resources, changes) are not paged.
      // shouldImplementNode off: a compliance row (ComplianceEdge.node) is computed per person × requirement and cannot be
      // refetched by node(id); the certificate edges' nodes still implement Node (Certificate does).
      '@graphql-eslint/relay-edge-types': ['error', { listTypeCanWrapOnlyEdgeType: false, shouldImplementNode: false }],
      '@graphql-eslint/relay-page-info': 'error',
    },
  },
  // Schema rules: @graphql-eslint's schema-recommended over the generated schema.graphql (descriptions come from the
  // type-graphql decorators in src/graphql; `npm run emit-schema` rewrites the file). graphql-schema-linter's rules run
  // separately in `npm run lint`, configured in graphql-schema-linter.config.js.
  {
    files: ['schema.graphql'],
    languageOptions: { parser: graphqlPlugin.parser, parserOptions: { graphQLConfig: { schema: 'schema.graphql' } } },
    plugins: { '@graphql-eslint': graphqlPlugin },
    rules: {
      ...graphqlPlugin.configs['flat/schema-recommended'].rules,
      '@graphql-eslint/strict-id-in-types': ['error', {
        // A CertificateEvent is identified by its ordered eventId (the `after` of the subscription), not by a global ID.
        acceptedIdNames: ['id', 'eventId'],
        acceptedIdTypes: ['ID'],
        exceptions: {
          // Connections, edges and mutation payloads are views of other objects, with no identity of their own.
          suffixes: ['Connection', 'Edge', 'Payload'],
          types: [
            // Values without identity: a page's cursors, one changed field of an event, a validity period.
            'PageInfo', 'FieldChange', 'Validity',
            // Identified by other fields, which stay as they are (public contract): a person by email, a source by name.
            'Person', 'SourceStatus',
            // Another 4HSE entity named in a delete preview; its 4HSE id is a String that may be absent.
            'RelatedEntity',
            // Compliance (issue 12): computed values, not entities. A row is a person × requirement, a requirement is keyed by
            // its set and its id in REQUIREMENTS_FILE, an unlinked holder by its source and holder id; counts, the summary and
            // a likely match are values.
            'ComplianceRow', 'Requirement', 'UnlinkedHolder', 'ComplianceCount', 'ComplianceSummary', 'LikelyMatch',
          ],
        },
      }],
    },
  },
);
