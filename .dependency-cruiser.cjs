/**
 * The layers of the gateway, enforced: `npm run lint` (CI runs it).
 *   composition root (main, server, gateway/, schema)
 *   → GraphQL (graphql/, context) and HTTP entries (webhooks/, http/)
 *   → services (certificates/, events/, writes/)
 *   → sources (connectors/: one folder per source, the shared HTTP client)
 *   → leaves (domain, query, ids, errors, env, canonical, clock, logger, metrics)
 * Arrows only point down; the sandbox is reached only from the composition
 * root (and from the tests, which are not cruised here).
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'No import cycles, type-only imports included.', from: {}, to: { circular: true } },
    {
      name: 'connectors-stay-below-services',
      severity: 'error',
      comment: 'Connectors know HTTP and their vendor; they never import GraphQL, the services, the composition root or the sandbox.',
      from: { path: '^src/connectors/' },
      to: { path: '^src/(graphql|events|certificates|writes|webhooks|gateway|http|sandbox)/|^src/(server|schema|context|main|config)\\.ts$' },
    },
    {
      name: 'sources-do-not-know-each-other',
      severity: 'error',
      comment: 'A source folder imports shared connector code, never another source.',
      from: { path: '^src/connectors/([^/]+)/' },
      to: { path: '^src/connectors/[^/]+/', pathNot: '^src/connectors/$1/' },
    },
    {
      name: 'services-stay-below-graphql',
      severity: 'error',
      comment: 'certificates, events and writes hold the rules; they never import GraphQL, the HTTP entries or the composition root.',
      from: { path: '^src/(certificates|events|writes|people|compliance|files)/' },
      to: { path: '^src/(graphql|webhooks|gateway|http|sandbox)/|^src/(server|schema|context|main)\\.ts$' },
    },
    {
      name: 'events-do-not-import-writes-service',
      severity: 'error',
      comment: 'The writes service publishes events; events never reach back into it.',
      from: { path: '^src/events/' },
      to: { path: '^src/certificates/' },
    },
    {
      name: 'graphql-does-not-reach-the-root',
      severity: 'error',
      from: { path: '^src/graphql/' },
      to: { path: '^src/(gateway|webhooks|sandbox)/|^src/(server|main)\\.ts$' },
    },
    {
      name: 'leaves-import-nothing-of-ours',
      severity: 'error',
      comment: 'Leaf modules are imported by every layer, so they import no layer.',
      from: { path: '^src/(domain|env|canonical|clock)\\.ts$' },
      to: { path: '^src/' },
    },
    {
      name: 'sandbox-only-from-the-root',
      severity: 'error',
      comment: 'The simulators are for the sandbox and the tests: only the composition root (main.ts) and scripts start them.',
      from: { path: '^src/', pathNot: '^src/(sandbox/|main\\.ts$)' },
      to: { path: '^src/sandbox/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(dist|node_modules)/' },
  },
};
