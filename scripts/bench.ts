/**
 * `npm run bench`: the gateway on the sandbox with a fixed simulated upstream
 * latency, beside a bare node:http baseline that fetches the same upstreams
 * and returns the same JSON. Prints figures; asserts nothing.
 *
 * Processes: the simulators run in one child, the gateway (or the baseline) in
 * another, the load generator here, so no two of them share an event loop.
 *
 *   BENCH_LATENCY_MS (20)  simulated latency of every upstream call
 *   BENCH_CONCURRENCY (16) concurrent requests in the warm runs
 *   BENCH_DURATION_S (5)   length of each warm run
 *   BENCH_COLD_RUNS (30)   sequential cold requests per query
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createServer, request, Agent } from 'node:http';
import { cpus, totalmem } from 'node:os';
import type { AddressInfo } from 'node:net';

const LATENCY = Number(process.env.BENCH_LATENCY_MS ?? 20);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 5);
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 30);

type Msg = Record<string, any>;

// ---------------------------------------------------------------- children

async function runSims(): Promise<void> {
  const { startSandbox } = await import('../src/sandbox');
  const sandbox = await startSandbox({ latencyMs: LATENCY });
  const sims = { FOURHSE: sandbox.fourhse, SPRINGEST: sandbox.springest, ENSINIO: sandbox.ensinio, FALKOR: sandbox.falkor };
  process.on('message', (m: Msg) => {
    if (m.type === 'counts') {
      const counts = Object.fromEntries(Object.entries(sims).map(([k, s]) => [k, s.requests.length]));
      for (const s of Object.values(sims)) s.requests.length = 0; // keep memory flat during long runs
      process.send!({ type: 'counts', counts });
    }
  });
  const c = sandbox.credentials;
  process.send!({
    type: 'ready',
    env: {
      FOURHSE_BASE_URL: sandbox.fourhse.url,
      FOURHSE_ACCESS_TOKEN: c.fourhse.accessToken,
      SPRINGEST_BASE_URL: sandbox.springest.url,
      SPRINGEST_API_KEY: c.springest.apiKey,
      SPRINGEST_CERTIFICATIONS_API_KEY: c.springest.certificationsApiKey,
      ENSINIO_BASE_URL: sandbox.ensinio.url,
      ENSINIO_TOKEN: c.ensinio.token,
      FALKOR_BASE_URL: sandbox.falkor.url,
      FALKOR_TOKEN: c.falkor.token,
    },
    sample: {
      fourhseResourceId: sandbox.seed.fourhse.certificates[0].resource_id,
      email: sandbox.seed.falkor.users[0].email,
    },
  });
}

async function runGateway(): Promise<void> {
  process.on('SIGINT', () => process.exit(0)); // lets --cpu-prof write its profile
  const { loadConfig } = await import('../src/config');
  const { startGateway } = await import('../src/server');
  const gw = await startGateway(loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' }), {
    logWrite: () => undefined,
    shareInflight: process.env.BENCH_SHARE_INFLIGHT !== '0',
  });
  process.on('message', (m: Msg) => {
    if (m.type === 'invalidate') {
      gw.invalidateCaches();
      process.send!({ type: 'invalidated' });
    }
  });
  process.send!({ type: 'ready', url: gw.url });
}

/**
 * The baseline: what a hand-written service would do for the canonical
 * 100-certificate query, with the same upstream calls the gateway makes
 * (4HSE sorted page, Springest certificates with cached certification names,
 * Ensinio page, Falkor POST), merged by expiry, serialised to the same JSON.
 */
async function runBaseline(): Promise<void> {
  const env = process.env as Record<string, string>;
  // The same keep-alive client the gateway uses, so the comparison is of everything else.
  const { createNodeFetch } = await import('../src/connectors/node-fetch');
  const upstream = createNodeFetch();
  let certNames: Promise<Map<number, string>> | null = null;
  const getJson = async (url: string, init?: RequestInit) => {
    const r = await upstream(url, init);
    return { body: (await r.json()) as any, headers: r.headers };
  };
  const names = () =>
    (certNames ??= getJson(`${env.SPRINGEST_BASE_URL}/certifications.json?api_key=${env.SPRINGEST_CERTIFICATIONS_API_KEY}`).then(
      ({ body }) => new Map<number, string>(body.certifications.map((c: any) => [c.id, c.name])),
    ));
  type Row = { expiresOn: string | null; node: any };
  const server = createServer(async (_req, res) => {
    const [fourhse, springest, certifications, ensinio, falkor] = await Promise.all([
      getJson(`${env.FOURHSE_BASE_URL}/v2/certificate/index?access-token=${env.FOURHSE_ACCESS_TOKEN}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ 'per-page': 100, page: 1, sort: 'date_expire' }),
      }),
      getJson(`${env.SPRINGEST_BASE_URL}/users/certificates.json?api_key=${env.SPRINGEST_API_KEY}`),
      names(),
      getJson(`${env.ENSINIO_BASE_URL}/public/api/v1/certificates?page=1&per_page=100`, {
        headers: { authorization: `Bearer ${env.ENSINIO_TOKEN}`, 'x-requested-with': 'XMLHttpRequest' },
      }),
      getJson(`${env.FALKOR_BASE_URL}/v1/logs/story-certificates`, {
        method: 'POST',
        headers: { authorization: `Basic ${env.FALKOR_TOKEN}`, 'content-type': 'application/json' },
        body: '{}',
      }),
    ]);
    const rows: Row[] = [];
    for (const c of fourhse.body) rows.push({ expiresOn: c.date_expire ?? null, node: { name: c.name, holder: { name: c.resource_name, email: null }, certification: null } });
    for (const c of springest.body.certificates)
      rows.push({ expiresOn: c.valid_until ?? null, node: { name: c.name, holder: { name: null, email: c.user.email.toLowerCase() }, certification: { name: certifications.get(c.certification_id) ?? null } } });
    for (const c of ensinio.body.data)
      rows.push({ expiresOn: c.expiration_date ?? null, node: { name: c.alternative_name ?? c.group_name, holder: { name: c.member_name, email: null }, certification: { name: c.group_name } } });
    for (const g of falkor.body.data)
      for (const c of g.certificates)
        rows.push({ expiresOn: null, node: { name: g.story.name, holder: { name: `${c.firstname} ${c.lastname}`, email: c.email.toLowerCase() }, certification: null } });
    rows.sort((a, b) => (a.expiresOn === b.expiresOn ? 0 : a.expiresOn === null ? 1 : b.expiresOn === null ? -1 : a.expiresOn < b.expiresOn ? -1 : 1));
    const falkorCount = rows.length - fourhse.body.length - springest.body.certificates.length - ensinio.body.data.length;
    const total = Number(fourhse.headers.get('x-pagination-total-count')) + springest.body.certificates.length + ensinio.body.meta.total + falkorCount;
    const body = JSON.stringify({ data: { certificates: { totalCount: total, edges: rows.slice(0, 100).map((r) => ({ node: r.node })) } } });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  process.send!({ type: 'ready', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
}

// ---------------------------------------------------------------- load generator

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

function post(url: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function warmRun(url: string, body: string, check: (text: string) => void): Promise<{ rps: number; p50: number; p99: number; requests: number }> {
  const latencies: number[] = [];
  const end = performance.now() + DURATION_S * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        const res = await post(url, body);
        latencies.push(performance.now() - t);
        if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${res.text.slice(0, 200)}`);
        if (latencies.length % 50 === 1) check(res.text);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { rps: latencies.length / DURATION_S, p50: percentile(latencies, 50), p99: percentile(latencies, 99), requests: latencies.length };
}

function start(mode: string, env: Record<string, string> = {}): Promise<{ child: ChildProcess; ready: Msg }> {
  // BENCH_PROFILE=gateway writes a CPU profile of that child to ./bench-profile (for finding hot spots).
  const execArgv = process.env.BENCH_PROFILE === mode ? ['--cpu-prof', '--cpu-prof-dir=bench-profile'] : [];
  // NODE_ENV=production as in the Docker image (graphql-js skips its development checks).
  const child = fork(__filename, [mode], { env: { ...process.env, NODE_ENV: 'production', ...env }, execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (m: Msg) => resolve({ child, ready: m }));
    child.once('exit', (code) => reject(new Error(`${mode} exited with ${code}`)));
  });
}

function ask(child: ChildProcess, type: string, reply: string): Promise<Msg> {
  return new Promise((resolve) => {
    const on = (m: Msg) => {
      if (m.type === reply) {
        child.off('message', on);
        resolve(m);
      }
    };
    child.on('message', on);
    child.send({ type });
  });
}

const fmt = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');

async function orchestrate(): Promise<void> {
  console.log(`# certificate-gateway benchmark`);
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
  console.log(`upstream latency ${LATENCY} ms, warm concurrency ${CONCURRENCY}, ${DURATION_S} s per warm run, ${COLD_RUNS} cold requests per query\n`);
  const sims = await start('sims');
  const gw = await start('gateway', sims.ready.env);
  const url = `${gw.ready.url}/graphql`;
  const sample = sims.ready.sample;
  const resourceId = Buffer.from(JSON.stringify(['Resource', 'FOURHSE', sample.fourhseResourceId])).toString('base64url');

  const queries: { name: string; query: string; variables?: Record<string, unknown>; check: (d: any) => void }[] = [
    {
      name: '100 certificates + holder + certification',
      query: `{ certificates(first: 100) { totalCount edges { node { name holder { name email } certification { name } } } } }`,
      check: (d) => {
        if (d.certificates.edges.length !== 100) throw new Error('expected 100 edges');
      },
    },
    {
      name: 'person(email) with certificates',
      query: `query($e: String!) { person(email: $e) { name resources { source } certificates(first: 50) { totalCount nodes { name status } } } }`,
      variables: { e: sample.email },
      check: (d) => {
        if (!d.person) throw new Error('expected a person');
      },
    },
    {
      name: "a 4HSE resource's certificates",
      query: `query($id: ID!) { resource(id: $id) { name certificates(first: 20) { totalCount nodes { name expiresOn } } } }`,
      variables: { id: resourceId },
      check: (d) => {
        if (!d.resource) throw new Error('expected a resource');
      },
    },
  ];
  const checkText = (check: (d: any) => void) => (text: string) => {
    const body = JSON.parse(text);
    if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 300));
    check(body.data);
  };

  console.log('| query | cold p50 ms | cold p99 ms | warm sequential p50 ms | warm rps | warm p50 ms | warm p99 ms | upstream calls / request (4HSE, Springest, Ensinio, Falkor) |');
  console.log('|---|---|---|---|---|---|---|---|');
  let gatewayCanonical = 0;
  for (const q of queries) {
    const body = JSON.stringify({ query: q.query, variables: q.variables });
    await post(url, body); // token and connections established once; not part of any figure
    const cold: number[] = [];
    for (let i = 0; i < COLD_RUNS; i++) {
      await ask(gw.child, 'invalidate', 'invalidated');
      const t = performance.now();
      const res = await post(url, body);
      cold.push(performance.now() - t);
      checkText(q.check)(res.text);
    }
    cold.sort((a, b) => a - b);
    const seq: number[] = [];
    for (let i = 0; i < COLD_RUNS; i++) {
      const t = performance.now();
      await post(url, body);
      seq.push(performance.now() - t);
    }
    seq.sort((a, b) => a - b);
    await ask(sims.child, 'counts', 'counts');
    const warm = await warmRun(url, body, checkText(q.check));
    const counts = (await ask(sims.child, 'counts', 'counts')).counts;
    const per = ['FOURHSE', 'SPRINGEST', 'ENSINIO', 'FALKOR'].map((s) => fmt(counts[s] / warm.requests, 2)).join(', ');
    if (gatewayCanonical === 0) gatewayCanonical = warm.rps;
    console.log(`| ${q.name} | ${fmt(percentile(cold, 50))} | ${fmt(percentile(cold, 99))} | ${fmt(percentile(seq, 50))} | ${fmt(warm.rps, 0)} | ${fmt(warm.p50)} | ${fmt(warm.p99)} | ${per} |`);
  }
  gw.child.kill('SIGINT');

  // The same canonical query with in-flight sharing off: every request makes its own upstream calls, as the baseline does.
  const solo = await start('gateway', { ...sims.ready.env, BENCH_SHARE_INFLIGHT: '0' });
  const soloUrl = `${solo.ready.url}/graphql`;
  const canonical = JSON.stringify({ query: queries[0].query });
  await post(soloUrl, canonical);
  await ask(sims.child, 'counts', 'counts');
  const s1 = await warmRun(soloUrl, canonical, checkText(queries[0].check));
  const sc = (await ask(sims.child, 'counts', 'counts')).counts;
  console.log(
    `| ${queries[0].name}, in-flight sharing off | – | – | – | ${fmt(s1.rps, 0)} | ${fmt(s1.p50)} | ${fmt(s1.p99)} | ${['FOURHSE', 'SPRINGEST', 'ENSINIO', 'FALKOR'].map((x) => fmt(sc[x] / s1.requests, 2)).join(', ')} |`,
  );
  solo.child.kill('SIGINT');

  const base = await start('baseline', sims.ready.env);
  const baseUrl = base.ready.url;
  await post(baseUrl, '{}');
  const baseSeq: number[] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const t = performance.now();
    await post(baseUrl, '{}');
    baseSeq.push(performance.now() - t);
  }
  baseSeq.sort((a, b) => a - b);
  await ask(sims.child, 'counts', 'counts');
  const b = await warmRun(baseUrl, '{}', (text) => {
    if (JSON.parse(text).data.certificates.edges.length !== 100) throw new Error('baseline: expected 100 edges');
  });
  const bc = (await ask(sims.child, 'counts', 'counts')).counts;
  console.log(
    `| baseline: bare node:http, same upstreams, same JSON | – | – | ${fmt(percentile(baseSeq, 50))} | ${fmt(b.rps, 0)} | ${fmt(b.p50)} | ${fmt(b.p99)} | ${['FOURHSE', 'SPRINGEST', 'ENSINIO', 'FALKOR'].map((s) => fmt(bc[s] / b.requests, 2)).join(', ')} |`,
  );
  base.child.kill();
  sims.child.kill();
  console.log(`\nwarm throughput, gateway / baseline on the canonical query: ${fmt(gatewayCanonical / b.rps, 2)} (target ≥ 0.50); with in-flight sharing off: ${fmt(s1.rps / b.rps, 2)}`);
  console.log(`cold p50 target: within 5 ms of the ${LATENCY} ms upstream latency (≤ ${LATENCY + 5} ms)`);
  process.exit(0);
}

const mode = process.argv[2];
const run = mode === 'sims' ? runSims : mode === 'gateway' ? runGateway : mode === 'baseline' ? runBaseline : orchestrate;
run().catch((e) => {
  console.error(e);
  process.exit(1);
});
