/**
 * What the production image ships of dist/: `node dist/scripts/release.js <out>`
 * (the Dockerfile's build stage runs it after `npm run build`) copies the
 * gateway (dist/src) without the simulators (dist/src/sandbox) and the GraphiQL
 * bundle (dist/graphiql) to <out>, which becomes the image's dist/. Neither
 * dist/scripts (bench, emit-schema, these builders) nor the tests go in.
 */
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';

/** Copies the production part of `dist` into `out` (emptied first). */
export function makeRelease(dist: string, out: string): void {
  for (const part of ['src', 'graphiql']) if (!existsSync(join(dist, part))) throw new Error(`${join(dist, part)} is missing: run npm run build first`);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const sandbox = resolve(dist, 'src', 'sandbox');
  cpSync(join(dist, 'src'), join(out, 'src'), { recursive: true, filter: (src) => resolve(src) !== sandbox && !resolve(src).startsWith(sandbox + sep) });
  cpSync(join(dist, 'graphiql'), join(out, 'graphiql'), { recursive: true });
}

if (require.main === module) {
  const out = process.argv[2];
  if (!out) {
    process.stderr.write('usage: node dist/scripts/release.js <out dir>\n');
    process.exit(2);
  }
  // dist/scripts/release.js → dist
  makeRelease(join(__dirname, '..'), resolve(out));
  process.stdout.write(`release: ${resolve(out)} (dist/src without sandbox, dist/graphiql)\n`);
}
