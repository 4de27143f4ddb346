/**
 * The files GraphiQL's page loads, and where `npm run build`
 * (scripts/build-graphiql.ts) takes them from: the UMD builds of the
 * graphiql, react and react-dom packages, which are devDependencies. The
 * build copies them into dist/graphiql/; the gateway serves them from there,
 * so the running image needs no React in node_modules.
 */
export const GRAPHIQL_ASSETS: Readonly<Record<string, { pkg: string; file: string; type: string }>> = {
  'react.production.min.js': { pkg: 'react', file: 'umd/react.production.min.js', type: 'text/javascript' },
  'react-dom.production.min.js': { pkg: 'react-dom', file: 'umd/react-dom.production.min.js', type: 'text/javascript' },
  'graphiql.min.js': { pkg: 'graphiql', file: 'graphiql.min.js', type: 'text/javascript' },
  'graphiql.min.css': { pkg: 'graphiql', file: 'graphiql.min.css', type: 'text/css' },
};

/** dist/graphiql, seen from dist/src/http (the built gateway) or from src/http (tests run by ts-jest against a built tree). */
export const GRAPHIQL_DIR_CANDIDATES = (here: string): string[] => [`${here}/../../graphiql`, `${here}/../../dist/graphiql`];
