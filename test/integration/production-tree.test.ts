import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { startSandbox, type Sandbox } from '../../src/sandbox';
import { sandboxEnv, startProcessGateway, type ProcessGateway } from '../helpers/process-gateway';

/**
 * The production image without Docker: the Dockerfile's production stage is
 * `npm ci --omit=dev` plus what `node dist/scripts/release.js` keeps of dist/.
 * Here the same release script runs, node_modules gets only the production
 * dependencies (npm's own list of them, copied from the local install), and
 * the built gateway runs from that tree: no simulators, no bench, no React.
 */
const ROOT = join(__dirname, '..', '..');
let tree: string;
let sandbox: Sandbox;
const gateways: ProcessGateway[] = [];

beforeAll(async () => {
  tree = mkdtempSync(join(tmpdir(), 'certgw-production-'));
  execFileSync(process.execPath, [join(ROOT, 'dist', 'scripts', 'release.js'), join(tree, 'dist')]);
  writeFileSync(join(tree, 'package.json'), readFileSync(join(ROOT, 'package.json')));
  // What `npm ci --omit=dev` would install: every production package, top-level folders (nested ones come along).
  const paths = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
  for (const p of paths) {
    const rel = relative(ROOT, p);
    if (!rel.startsWith('node_modules/') || rel.slice('node_modules/'.length).includes('node_modules/')) continue;
    cpSync(p, join(tree, rel), { recursive: true });
  }
  sandbox = await startSandbox();
}, 60_000);
afterAll(async () => {
  await Promise.all(gateways.map((g) => g.kill('SIGKILL')));
  await sandbox?.stop();
  rmSync(tree, { recursive: true, force: true });
});

const start = async (env: Record<string, string>) => {
  const g = await startProcessGateway(env, join(tree, 'dist', 'src', 'main.js'));
  gateways.push(g);
  return g;
};

it('holds the gateway and the GraphiQL bundle, not the simulators, the scripts or the dev dependencies', () => {
  expect(existsSync(join(tree, 'dist', 'src', 'main.js'))).toBe(true);
  expect(existsSync(join(tree, 'dist', 'graphiql', 'graphiql.min.js'))).toBe(true);
  expect(existsSync(join(tree, 'dist', 'src', 'sandbox'))).toBe(false);
  expect(existsSync(join(tree, 'dist', 'scripts'))).toBe(false);
  for (const dev of ['react', 'react-dom', 'graphiql', 'jest', 'typescript']) expect(existsSync(join(tree, 'node_modules', dev))).toBe(false);
  expect(existsSync(join(tree, 'node_modules', 'graphql'))).toBe(true);
});

it('serves real upstreams and GraphiQL from the bundle (SANDBOX=0, sources configured, GRAPHIQL=1)', async () => {
  // GraphiQL is off by default outside the sandbox: the operator turns it on (with introspection, which it needs).
  const g = await start({ ...sandboxEnv(sandbox), SANDBOX: '0', POLL_INTERVAL_S: '0', GRAPHIQL: '1', INTROSPECTION: '1' });
  expect((await fetch(`${g.url}/readyz`)).status).toBe(200);
  const r = await fetch(`${g.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ certificates(first: 3) { totalCount nodes { id } } }' }) });
  expect(r.status).toBe(200);
  const body = (await r.json()) as { data: { certificates: { totalCount: number } }; errors?: unknown };
  expect(body.errors).toBeUndefined();
  expect(body.data.certificates.totalCount).toBeGreaterThan(0);
  expect((await fetch(`${g.url}/graphiql`)).status).toBe(200);
  for (const name of ['graphiql.min.js', 'graphiql.min.css', 'react.production.min.js', 'react-dom.production.min.js']) {
    const asset = await fetch(`${g.url}/graphiql/assets/${name}`);
    expect(asset.status).toBe(200);
    expect(Buffer.from(await asset.arrayBuffer()).equals(readFileSync(join(ROOT, 'dist', 'graphiql', name)))).toBe(true);
  }
}, 30_000);

it('SANDBOX=0 with no source configured: starts, says so in one JSON line, /readyz 503', async () => {
  const g = await start({ SANDBOX: '0' });
  const r = await fetch(`${g.url}/readyz`);
  expect(r.status).toBe(503);
  expect(((await r.json()) as { sources: { configured: boolean }[] }).sources.every((s) => !s.configured)).toBe(true);
  const lines = g.logs.filter((l) => l.includes('no source configured'));
  expect(lines).toHaveLength(1);
  expect(JSON.parse(lines[0])).toMatchObject({ level: 'error', sandbox: false });
}, 30_000);

it('SANDBOX=1 in a tree without simulators: exits with a clear message instead of serving anything', async () => {
  await expect(start({ SANDBOX: '1' })).rejects.toThrow(/gateway exited with 1[\s\S]*no simulators[\s\S]*demo image target/);
}, 30_000);
