/**
 * Stack traces without the install location: a path under the project root
 * becomes relative to it (`dist/src/errors.js:12:3`), and any other absolute
 * path into a node_modules folder keeps only what follows `node_modules/`.
 * Stacks are logged at debug level only (errors.ts), and then like this.
 */
import { existsSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';

/** The nearest folder above this file that holds a package.json: the project root, from src/ and dist/src/ alike. */
function findRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) return from;
    dir = up;
  }
  return dir;
}

const ROOT = findRoot(__dirname);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function stripInstallPaths(text: string, root: string = ROOT): string {
  const rooted = new RegExp(`(?:file://)?${escape(root + sep)}`, 'g');
  return text.replace(rooted, '').replace(/(?:file:\/\/)?(?:[A-Za-z]:)?[\\/][^\s():'"]*?[\\/]node_modules[\\/]/g, 'node_modules/');
}
