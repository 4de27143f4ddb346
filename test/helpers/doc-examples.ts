import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURES = join(__dirname, '..', 'fixtures');

/** A fixture's text as stored (the vendor docs' examples are copied verbatim, see test/fixtures/README.md). */
export function fixtureText(path: string): string {
  return readFileSync(join(FIXTURES, path), 'utf8');
}

/**
 * The doc's elision lines (`...etc`, `..etc`: "more items like these") and the
 * comma left before them. Falkor's example has them, so it is stored verbatim
 * as .txt and read through this; nothing else of the text is changed.
 */
const ELISION = /,\s*\n\s*\.{2,}etc\s*(?=\n)/g;

/** A fixture parsed as JSON, its elisions dropped. */
export function docExample<T = any>(path: string): T {
  return JSON.parse(fixtureText(path).replace(ELISION, '')) as T;
}

/** How many elisions a fixture has (a test checks that reading it dropped exactly those). */
export function elisions(path: string): number {
  return fixtureText(path).match(ELISION)?.length ?? 0;
}
