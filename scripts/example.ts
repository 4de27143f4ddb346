/**
 * `npm run example`: bundles the example frontend (examples/frontend, urql + graphql-ws and the
 * typed documents of `npm run codegen`) with esbuild and serves it from its own origin, so the
 * browser calls the gateway cross-origin as a real frontend would.
 *
 *   CORS_ORIGINS=http://127.0.0.1:5173 npm start    # the sandbox gateway, allowing the example's origin
 *   npm run example                                  # http://127.0.0.1:5173/?gateway=http://127.0.0.1:4000
 *
 * EXAMPLE_PORT (5173) and EXAMPLE_HOST (127.0.0.1) set where it listens, GATEWAY_URL
 * (http://127.0.0.1:4000) the gateway the page talks to. test/example.browser.test.ts builds
 * and serves it the same way (buildExample, startExampleServer).
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { build } from 'esbuild';

/** The repository root, from scripts/ (ts-jest) or dist/scripts/ (compiled). */
const ROOT = existsSync(join(__dirname, '..', 'package.json')) ? join(__dirname, '..') : join(__dirname, '..', '..');
const SOURCE = join(ROOT, 'examples', 'frontend');

/** Bundles examples/frontend into `outDir` (index.html, main.js and its source map); `bytes` is main.js. Throws with esbuild's messages on a build error. */
export async function buildExample(outDir: string): Promise<{ files: string[]; bytes: number }> {
  mkdirSync(outDir, { recursive: true });
  const result = await build({
    entryPoints: [join(SOURCE, 'main.ts')],
    outfile: join(outDir, 'main.js'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['chrome110', 'firefox110', 'safari16'],
    minify: true,
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'silent',
  });
  copyFileSync(join(SOURCE, 'index.html'), join(outDir, 'index.html'));
  const bytes = Object.entries(result.metafile.outputs).find(([f]) => f.endsWith('main.js'))?.[1].bytes ?? 0;
  return { files: ['index.html', 'main.js', 'main.js.map'], bytes };
}

const TYPES: Record<string, string> = {
  '/index.html': 'text/html; charset=utf-8',
  '/main.js': 'text/javascript; charset=utf-8',
  '/main.js.map': 'application/json',
};

/** Serves a built example (`dir`) on its own origin; `port` 0 picks a free one. */
export async function startExampleServer(dir: string, port: number, host = '127.0.0.1'): Promise<{ url: string; stop: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/$/, '/index.html');
    const type = TYPES[path];
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !type) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(readFileSync(join(dir, path.slice(1))));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return {
    url: `http://${host}:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function main(): Promise<void> {
  const out = join(ROOT, 'dist', 'example');
  const { bytes } = await buildExample(out);
  const gateway = (process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000').replace(/\/+$/, '');
  const { url } = await startExampleServer(out, Number(process.env.EXAMPLE_PORT ?? 5173), process.env.EXAMPLE_HOST ?? '127.0.0.1');
  process.stdout.write(
    `example frontend (${Math.round(bytes / 1024)} KiB) at ${url}/?gateway=${gateway}\n` +
      `the gateway must allow this origin: CORS_ORIGINS=${url} npm start\n`,
  );
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
