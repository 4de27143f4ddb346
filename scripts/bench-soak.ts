/**
 * `npm run bench:soak` (or `BENCH_ONLY=soak npm run bench`): does the
 * gateway's memory stay flat? Issue 9's soak, then a fuzz phase. Prints
 * figures; asserts nothing. Not among bench's default sections: it lasts
 * BENCH_SOAK_S plus the fuzz and the idle.
 *
 * Soak: mixed queries at BENCH_SOAK_RPS (open loop), Falkor flapping (503 for
 * 15 s of every 45 s), one change every 5 s (a signed 4HSE webhook, or a
 * Springest/Ensinio/Falkor change found by the 5 s poll), two websocket
 * subscribers on certificateEvents. RSS and heap each minute; growth from the
 * end of warm-up (minute 2, or a fifth of a shorter run) to the end.
 * Fuzz: BENCH_SOAK_FUZZ distinct documents (most valid, some not), then
 * BENCH_SOAK_IDLE_S of idle; RSS before, after and after the idle.
 *
 *   BENCH_SOAK_S (600)        length of the soak
 *   BENCH_SOAK_RPS (50)       queries per second
 *   BENCH_SOAK_FUZZ (10000)   distinct documents of the fuzz phase
 *   BENCH_SOAK_IDLE_S (60)    idle after the fuzz
 *   BENCH_LATENCY_MS (20)     simulated latency of every upstream call
 *
 * Processes: simulators, gateway (--expose-gc: the heap floor is read after a
 * full collection) and this load generator, each on its own event loop.
 */
import { randomBytes } from 'node:crypto';
import { signWebhook } from '../src/sandbox/live';
import { ask, post, startChild, type Child, type Msg } from './bench-kit';

const SOAK_S = Number(process.env.BENCH_SOAK_S ?? 600);
const RPS = Number(process.env.BENCH_SOAK_RPS ?? 50);
const FUZZ = Number(process.env.BENCH_SOAK_FUZZ ?? 10_000);
const IDLE_S = Number(process.env.BENCH_SOAK_IDLE_S ?? 60);
const LATENCY = Number(process.env.BENCH_LATENCY_MS ?? 20);

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const mib = (b: number) => (b / 2 ** 20).toFixed(1);

// ---------------------------------------------------------------- children

async function runSims(): Promise<void> {
  process.on('disconnect', () => process.exit(0));
  const [{ startSandbox }, { upstreamEnv }] = await Promise.all([import('../src/sandbox'), import('../src/sandbox/sandbox-config')]);
  const sandbox = await startSandbox({ latencyMs: LATENCY });
  // Recorded requests are tests' business; a long run must not keep them.
  const sims = [sandbox.fourhse, sandbox.springest, sandbox.ensinio, sandbox.falkor];
  setInterval(() => sims.forEach((s) => (s.requests.length = 0)), 5_000).unref();
  process.on('message', (m: Msg) => {
    if (m.type === 'change') process.send!({ type: 'changed', what: sandbox.change(m.source as string) });
    else if (m.type === 'flap') {
      sandbox.falkor.setFault(m.down ? { kind: 'status', status: 503 } : null);
      process.send!({ type: 'flapped' });
    }
  });
  process.send!({
    type: 'ready',
    env: upstreamEnv(sandbox),
    sample: { fourhseCertificate: sandbox.seed.fourhse.certificates[0], email: sandbox.seed.falkor.users[0].email },
  });
}

async function runGateway(): Promise<void> {
  process.on('disconnect', () => process.exit(0));
  const { loadConfig } = await import('../src/config');
  const { defaultRegistry } = await import('../src/connectors/registry');
  const { startGateway } = await import('../src/server');
  const gw = await startGateway(loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', RATE_LIMIT_PER_MIN: '0' }, defaultRegistry()), { logWrite: () => undefined });
  process.on('message', (m: Msg) => {
    if (m.type !== 'stats') return;
    const raw = process.memoryUsage();
    global.gc?.();
    global.gc?.();
    process.send!({ type: 'stats', raw, floor: process.memoryUsage() });
  });
  process.send!({ type: 'ready', url: gw.url });
}

// ---------------------------------------------------------------- load generator



const start = (mode: string, env: Record<string, string> = {}, execArgv: string[] = []): Promise<Child> => startChild(__filename, mode, env, execArgv);


/** The soak's mix: lists, a person, sources, reference data, a node; each with a few shapes of variables. */
function mixedQueries(email: string): string[] {
  return [
    JSON.stringify({ query: '{ certificates(first: 100) { totalCount edges { node { name holder { name email } certification { name } } } } }' }),
    JSON.stringify({ query: '{ certificates(filter: {sources: [FOURHSE]}, first: 100) { nodes { id name expiresOn holder { name } } } }' }),
    JSON.stringify({ query: 'query P($e: String!) { person(email: $e) { name certificates(first: 50) { totalCount nodes { name status } } } }', variables: { e: email } }),
    JSON.stringify({ query: 'query S { sources { name configured healthy } }' }),
    JSON.stringify({ query: '{ certificates(first: 20, filter: {status: [EXPIRING, EXPIRED]}, orderBy: {field: NAME, direction: DESC}) { nodes { id name status } pageInfo { endCursor } } }' }),
    JSON.stringify({ query: 'query C { certifications { id name } }' }),
  ];
}

/** Distinct documents as a generator of queries would send them: most valid (distinct aliases, names and shapes), one in five not. */
function fuzzDocument(i: number): string {
  const fields = ['name', 'configured', 'healthy'];
  const n = 5 + (i % 20);
  const sel = Array.from({ length: n }, (_, j) => `f${j}_${i.toString(36)}: sources { ${fields.slice(0, 1 + ((i + j) % 3)).join(' ')} }`).join(' ');
  if (i % 5 === 4) return JSON.stringify({ query: `query Fuzz${i} { ${sel} nope${i} }` });
  return JSON.stringify({ query: `query Fuzz${i} { ${sel} }` });
}

interface Sample {
  at: number;
  raw: NodeJS.MemoryUsage;
  floor: NodeJS.MemoryUsage;
}

async function orchestrate(): Promise<void> {
  console.log(`# memory soak: ${SOAK_S} s at ${RPS} queries/s, then ${FUZZ} distinct documents and ${IDLE_S} s idle (under load figures: the machine is shared)`);
  const sims = await start('sims');
  const secret = randomBytes(24).toString('base64url');
  const gw = await start('gateway', { ...sims.ready.env, FOURHSE_WEBHOOK_SECRET: secret, POLL_INTERVAL_S: '5' }, ['--expose-gc']);
  const url = `${gw.ready.url}/graphql`;
  const stats = async (): Promise<Sample> => {
    const m = await ask(gw.child, 'stats', 'stats');
    return { at: performance.now(), raw: m.raw as NodeJS.MemoryUsage, floor: m.floor as NodeJS.MemoryUsage };
  };

  // Two subscribers.
  const WebSocket = (await import('ws')).default;
  const events = [0, 0];
  const sockets = await Promise.all(
    [0, 1].map(
      (k) =>
        new Promise<InstanceType<typeof WebSocket>>((resolve, reject) => {
          const ws = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
          ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: {} })));
          ws.on('message', (data) => {
            const m = JSON.parse((data as Buffer).toString('utf8')) as Msg;
            if (m.type === 'connection_ack') {
              ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { certificateEvents { eventId type source certificateId certificate { id name } } }' } }));
              resolve(ws);
            } else if (m.type === 'next') events[k]++;
            else if (m.type === 'ping') ws.send(JSON.stringify({ type: 'pong' }));
          });
          ws.on('error', reject);
        }),
    ),
  );

  const queries = mixedQueries(sims.ready.sample.email as string);
  const template = sims.ready.sample.fourhseCertificate as Record<string, unknown>;
  const tag = randomBytes(4).toString('hex');
  const c = { sent: 0, ok: 0, partial: 0, failed: 0, skipped: 0, webhooks: 0, changes: 0 };
  let inflight = 0;
  const t0 = performance.now();
  const samples: Sample[] = [await stats()];
  console.log('\n| minute | RSS MiB | heapUsed MiB | after a full GC: RSS MiB | heapUsed MiB | queries ok / partial / failed | events received (2 subscribers) |');
  console.log('|---|---|---|---|---|---|---|');
  const row = (label: string, s: Sample) =>
    console.log(`| ${label} | ${mib(s.raw.rss)} | ${mib(s.raw.heapUsed)} | ${mib(s.floor.rss)} | ${mib(s.floor.heapUsed)} | ${c.ok} / ${c.partial} / ${c.failed} | ${events.join(' + ')} |`);
  row('0', samples[0]);

  const query = () => {
    // Open loop, but never more than 64 at once: a stalled gateway shows as skipped queries, not as a pile-up here.
    if (inflight >= 64) return void c.skipped++;
    inflight++;
    c.sent++;
    post(url, queries[c.sent % queries.length])
      .then((r) => {
        if (r.status !== 200) c.failed++;
        else if (r.text.includes('"errors"')) c.partial++;
        else c.ok++;
      })
      .catch(() => c.failed++)
      .finally(() => inflight--);
  };
  const queryTimer = setInterval(() => {
    for (let i = 0; i < RPS / 10; i++) query();
  }, 100);
  // One change every 5 s, in turn: a 4HSE webhook, then a change of each polled source.
  const polled = ['SPRINGEST', 'ENSINIO', 'FALKOR'];
  let turn = 0;
  const changeTimer = setInterval(() => {
    const k = turn++ % 4;
    if (k === 0) {
      const uuid = `${tag}-0000-4000-8000-${turn.toString(16).padStart(12, '0')}`;
      const body = JSON.stringify({ ...template, certificate_id: uuid, name: `soak #${turn}` });
      const headers = { 'x-signature-256': signWebhook(secret, body) };
      void post(`${gw.ready.url}/webhooks/4hse/CERTIFICATE::CREATE`, body, headers).then((r) => r.status === 200 && c.webhooks++, () => undefined);
    } else void ask(sims.child, 'change', 'changed', { source: polled[k - 1] }).then(() => c.changes++);
  }, 5_000);
  // Falkor flaps: down 15 s of every 45 s.
  let flap = 0;
  const flapTimer = setInterval(() => void ask(sims.child, 'flap', 'flapped', { down: flap++ % 3 === 2 }), 15_000);

  // A sample each minute (each fifth of a run shorter than 5 minutes); warm-up ends at minute 2 (the second sample).
  const everyS = SOAK_S >= 300 ? 60 : SOAK_S / 5;
  for (let k = 1; SOAK_S > 0 && k * everyS <= SOAK_S + 0.001; k++) {
    await sleep(Math.max(0, t0 + k * everyS * 1000 - performance.now()));
    const s = await stats();
    samples.push(s);
    row(((s.at - t0) / 60_000).toFixed(1), s);
  }
  const warmupS = 2 * everyS;
  const warm = samples[2] ?? null;
  clearInterval(queryTimer);
  clearInterval(changeTimer);
  clearInterval(flapTimer);
  await ask(sims.child, 'flap', 'flapped', { down: false });
  while (inflight > 0) await sleep(50);
  const end = samples[samples.length - 1];
  const pct = (a: number, b: number) => `${(((b - a) / a) * 100).toFixed(1)} %`;
  console.log(`\nqueries sent ${c.sent} (skipped at 64 in flight: ${c.skipped}); webhooks accepted ${c.webhooks}, polled changes ${c.changes}; events received ${events.join(' + ')}`);
  if (warm) {
    // RSS of one moment swings with the young generation; the trend is the least-squares slope over the samples after warm-up.
    const after = samples.slice(2);
    const growth = (value: (s: Sample) => number) => {
      const xs = after.map((s) => (s.at - warm.at) / 60_000);
      const ys = after.map(value);
      const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
      const my = ys.reduce((a, b) => a + b, 0) / ys.length;
      const slope = xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0) / Math.max(1e-9, xs.reduce((a, x) => a + (x - mx) ** 2, 0));
      const span = xs[xs.length - 1];
      return `${pct(value(warm), value(end))} end to end, trend ${((slope * span * 100) / value(warm)).toFixed(1)} % (${(slope / 2 ** 20).toFixed(2)} MiB/min)`;
    };
    console.log(`growth from the end of warm-up (${warmupS} s) to the end (target: RSS < 5 %):`);
    console.log(`  RSS: ${growth((s) => s.raw.rss)}`);
    console.log(`  RSS after a full GC: ${growth((s) => s.floor.rss)}`);
    console.log(`  heapUsed after a full GC: ${growth((s) => s.floor.heapUsed)}`);
  }

  // Fuzz: distinct documents, 16 at once, then idle.
  const before = await stats();
  const tf = performance.now();
  let next = 0;
  const statuses = new Map<number, number>();
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < FUZZ) {
        const r = await post(url, fuzzDocument(next++)).catch(() => ({ status: 0, text: '' }));
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      }
    }),
  );
  const afterFuzz = await stats();
  const fuzzS = (performance.now() - tf) / 1000;
  await sleep(IDLE_S * 1000);
  const afterIdle = await stats();
  console.log(`\n| fuzz: ${FUZZ} distinct documents in ${fuzzS.toFixed(0)} s (HTTP ${[...statuses].map(([s, n]) => `${s}: ${n}`).join(', ')}) | RSS MiB | heapUsed MiB | after a full GC: RSS MiB | heapUsed MiB |`);
  console.log('|---|---|---|---|---|');
  for (const [label, s] of [['before', before], ['after the fuzz', afterFuzz], [`after ${IDLE_S} s idle`, afterIdle]] as const) {
    console.log(`| ${label} | ${mib(s.raw.rss)} | ${mib(s.raw.heapUsed)} | ${mib(s.floor.rss)} | ${mib(s.floor.heapUsed)} |`);
  }
  for (const ws of sockets) ws.close();
  gw.child.kill();
  sims.child.kill();
  process.exit(0);
}

const mode = process.argv[2];
const run = mode === 'sims' ? runSims : mode === 'gateway' ? runGateway : orchestrate;
run().catch((e) => {
  console.error(e);
  process.exit(1);
});
