/**
 * Part of `npm run build`: copies GraphiQL's static files (graphiql, react and
 * react-dom UMD builds, devDependencies) into dist/graphiql/, where the gateway
 * serves them from. The production image keeps dist/graphiql and drops the
 * packages.
 */
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GRAPHIQL_ASSETS } from '../src/http/graphiql-assets';

export function buildGraphiql(outDir: string): { name: string; bytes: number }[] {
  mkdirSync(outDir, { recursive: true });
  return Object.entries(GRAPHIQL_ASSETS).map(([name, a]) => {
    // The packages' "exports" hide their UMD builds from require.resolve: locate the package, then the file.
    const from = join(dirname(require.resolve(`${a.pkg}/package.json`)), a.file);
    copyFileSync(from, join(outDir, name));
    return { name, bytes: statSync(join(outDir, name)).size };
  });
}

if (require.main === module) {
  // dist/scripts/build-graphiql.js → dist/graphiql
  const out = join(__dirname, '..', 'graphiql');
  const files = buildGraphiql(out);
  process.stdout.write(`graphiql: ${files.length} files, ${Math.round(files.reduce((n, f) => n + f.bytes, 0) / 1024)} KiB in ${out}\n`);
}
