/**
 * `npm run build && node dist/scripts/bench-trust.js`: figures for trusted
 * documents and the upstream read retry (issue 11). Prints; asserts nothing.
 * Gateway, simulators and client share this process: the figures compare
 * paths with each other, they are not a throughput benchmark (see bench.ts).
 *
 *   BENCH_RUNS (200)   sequential requests per measured path
 */
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../src/clock';
import { loadConfig } from '../src/config';
import { HealthTracker } from '../src/connectors/health';
import { createHttpClient } from '../src/connectors/http';
import { createUndiciFetch } from '../src/connectors/undici-fetch';
import { defaultRegistry } from '../src/connectors/registry';
import { createLogger, createSecrets } from '../src/logger';
import { createMetrics } from '../src/metrics';
import { startSandbox } from '../src/sandbox';
import { sandboxEnv } from '../src/sandbox/sandbox-config';
import { startGateway } from '../src/server';

const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

function stats(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))].toFixed(2);
  return `median ${q(0.5)} ms, p95 ${q(0.95)} ms (n=${s.length})`;
}

async function timed(n: number, f: () => Promise<void>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await f();
    out.push(performance.now() - t);
  }
  return out;
}

async function trustedDocuments(): Promise<void> {
  const doc = 'query Sources { sources { name configured healthy } }';
  const dir = mkdtempSync(join(tmpdir(), 'bench-trust-'));
  const manifest = join(dir, 'persisted-documents.json');
  writeFileSync(manifest, JSON.stringify({ [sha256(doc)]: doc }));
  const sandbox = await startSandbox();
  const gateway = await startGateway(loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'error', ...sandboxEnv(sandbox), TRUSTED_DOCUMENTS: manifest }, defaultRegistry()), {
    liveSources: false,
  });
  const post = async (body: string, expect: number) => {
    const res = await fetch(`${gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    await res.arrayBuffer();
    if (res.status !== expect) throw new Error(`expected ${expect}, got ${res.status}`);
  };
  try {
    const huge = JSON.stringify({ query: `{ ${'__typename '.repeat(60_000)}}` });
    const cpu = process.cpuUsage();
    const refusals = await timed(20, () => post(huge, 400));
    const cpuMs = (process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1000 / 20;
    console.log(`trusted documents: unlisted 60,000 x __typename (${(huge.length / 1024).toFixed(0)} KiB) refused 400: ${stats(refusals)}, ~${cpuMs.toFixed(1)} ms CPU each (client included)`);
    console.log(`trusted documents: listed operation by documentId: ${stats(await timed(RUNS, () => post(JSON.stringify({ documentId: sha256(doc) }), 200)))}`);
    console.log(`trusted documents: listed operation by full text:  ${stats(await timed(RUNS, () => post(JSON.stringify({ query: doc }), 200)))}`);
    console.log(`trusted documents: unlisted small operation refused: ${stats(await timed(RUNS, () => post(JSON.stringify({ query: '{ sources { name } }' }), 400)))}`);
  } finally {
    await gateway.stop();
    await sandbox.stop();
  }
}

async function retriedReads(): Promise<void> {
  // Resets every second request of a connection without answering, when `reset` is on.
  let reset = false;
  const perSocket = new WeakMap<object, number>();
  const server = createServer((req, res) => {
    const n = (perSocket.get(req.socket) ?? 0) + 1;
    perSocket.set(req.socket, n);
    if (reset && n >= 2) return req.socket.destroy();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const fetchImpl = createUndiciFetch();
  const secrets = createSecrets([]);
  const metrics = createMetrics();
  const http = createHttpClient({
    source: 'SPRINGEST',
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    fetch: fetchImpl,
    timeoutMs: 5000,
    redact: secrets.redact,
    logger: createLogger({ level: 'error', secrets }),
    metrics,
    health: new HealthTracker('SPRINGEST', true, systemClock),
  });
  try {
    const plain = await timed(RUNS, async () => void (await http.request({ method: 'GET', path: '/x' })));
    reset = true;
    // Each measured read goes out on the socket the previous one opened: reset, then retried on a fresh one.
    const retried = await timed(RUNS, async () => void (await http.request({ method: 'GET', path: '/x' })));
    const count = (await metrics.upstreamRetries.get()).values.reduce((a, v) => a + v.value, 0);
    console.log(`upstream read, kept-alive socket:            ${stats(plain)}`);
    console.log(`upstream read, reset socket then one retry:  ${stats(retried)}; retries counted ${count}`);
  } finally {
    fetchImpl.destroy();
    await new Promise((r) => server.close(r));
  }
}

async function main(): Promise<void> {
  console.log(`node ${process.version}`);
  await trustedDocuments();
  await retriedReads();
}

void main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
