/**
 * `npm run bench`: the gateway on the sandbox with a fixed simulated upstream
 * latency, beside a bare node:http baseline that fetches the same upstreams
 * and returns the same JSON. Prints figures; asserts nothing.
 *
 * Processes: the simulators run in one child, the gateway (or the baseline) in
 * another, the load generator here, so no two of them share an event loop.
 * The fan-out section adds a third child holding the websocket subscribers.
 *
 *   BENCH_ONLY (all)        comma-separated sections to run: http, fanout, limits, compliance (read: the end of http alone, CPU
 *                           per request; soak: the memory soak alone, never by default, see bench-soak.ts)
 *   BENCH_LATENCY_MS (20)   simulated latency of every upstream call
 *   BENCH_CONCURRENCY (16)  concurrent requests in the warm runs
 *   BENCH_DURATION_S (5)    length of each warm run
 *   BENCH_COLD_RUNS (30)    sequential cold requests per query
 *   BENCH_CPU_CONCURRENCY (32)  connections of the CPU-per-request runs (issue 9's warm read)
 *   BENCH_REDIS_URL (unset) adds a row: reads with the response cache in this Redis
 *
 * Fan-out: 4HSE CREATE webhooks (HMAC-signed) into one gateway process, each
 * event delivered over graphql-transport-ws to every subscriber; then the same
 * schedule against a bare `ws` broadcast (same sockets, same message size),
 * and the ratios gateway / baseline.
 *
 *   BENCH_SUBSCRIBERS (1000)   websocket subscribers, one subscription each
 *   BENCH_FANOUT_EVENTS (200)  webhooks per run (distinct certificates)
 *   BENCH_FANOUT_RATE (5)      webhooks per second in the steady runs (below saturation here; the burst runs show the ceiling)
 *   BENCH_FANOUT_BURST (1)     0 skips the burst runs (every webhook at once)
 *   BENCH_FANOUT_PROBES (40)   in each burst run, webhooks sent one by one while the burst is fanned out
 *   BENCH_FANOUT_PROBE_MS (50) the probe's interval (their answer time is what a source sees during a burst)
 *
 * Compliance (issue 12): the compliance view for BENCH_PEOPLE (1000) people ×
 * 3 requirements (a people file of the seeded people plus synthetic ones),
 * cold and warm, with its upstream calls per request.
 */
import { randomBytes } from 'node:crypto';
import { createServer, Agent, type ServerResponse } from 'node:http';
import { signWebhook } from '../src/sandbox/live';
import { ask, post, startChild, type Child, type Msg } from './bench-kit';
import { cpus, totalmem } from 'node:os';
import type { AddressInfo } from 'node:net';

const LATENCY = Number(process.env.BENCH_LATENCY_MS ?? 20);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 5);
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 30);
const ONLY = new Set((process.env.BENCH_ONLY ?? 'http,fanout,limits,compliance').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean));
const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 1000);
const FANOUT_EVENTS = Number(process.env.BENCH_FANOUT_EVENTS ?? 200);
const FANOUT_RATE = Number(process.env.BENCH_FANOUT_RATE ?? 5);
const FANOUT_BURST = process.env.BENCH_FANOUT_BURST !== '0';
const FANOUT_PROBES = Number(process.env.BENCH_FANOUT_PROBES ?? 40);
const FANOUT_PROBE_MS = Number(process.env.BENCH_FANOUT_PROBE_MS ?? 50);
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 1000);
const REDIS_URL = process.env.BENCH_REDIS_URL;

/** One clock for every process: wall-clock milliseconds with sub-millisecond resolution (hrtime differences do not compare across processes). */
const now = () => performance.timeOrigin + performance.now();


/**
 * Before a memory reading (children started with --expose-gc): fills the young generation once
 * with short-lived objects, so its pages are resident from the first reading on, then collects
 * fully. Without it, whichever process happens to allocate more between two readings (the
 * gateway validates and executes, the baseline does not) shows the young generation's pages
 * being touched for the first time (up to its 32 MiB, once) as RSS per connection. The same in
 * both the gateway and the baseline.
 */
function collect(): void {
  if (typeof global.gc !== 'function') return;
  let keep: { i: number; next: unknown } | null = null;
  for (let i = 0; i < 4_000_000; i++) keep = { i, next: i % 64 === 0 ? null : keep };
  global.gc();
  global.gc();
}

// ---------------------------------------------------------------- children

async function runSims(): Promise<void> {
  process.on('disconnect', () => process.exit(0)); // never outlives the orchestrator
  const [{ startSandbox }, { upstreamEnv }] = await Promise.all([import('../src/sandbox'), import('../src/sandbox/sandbox-config')]);
  const sandbox = await startSandbox({ latencyMs: LATENCY });
  const sims = { FOURHSE: sandbox.fourhse, SPRINGEST: sandbox.springest, ENSINIO: sandbox.ensinio, FALKOR: sandbox.falkor };
  process.on('message', (m: Msg) => {
    if (m.type === 'counts') {
      const counts = Object.fromEntries(Object.entries(sims).map(([k, s]) => [k, s.requests.length]));
      for (const s of Object.values(sims)) s.requests.length = 0; // keep memory flat during long runs
      process.send!({ type: 'counts', counts });
    }
  });
  process.send!({
    type: 'ready',
    env: upstreamEnv(sandbox),
    sample: {
      fourhseResourceId: sandbox.seed.fourhse.certificates[0].resource_id,
      email: sandbox.seed.falkor.users[0].email,
      /** A certificate as 4HSE sends it: the template of the fan-out's CREATE webhooks. */
      fourhseCertificate: sandbox.seed.fourhse.certificates[0],
      /** The seeded people and their holder ids: the compliance section's people file. */
      people: sandbox.seed.people.map((p) => ({ email: p.email, name: p.fullName, fourhse: p.fourhse?.resourceId ?? '', ensinio: p.ensinio ? String(p.ensinio.userId) : '' })),
    },
  });
}

async function runGateway(): Promise<void> {
  process.on('SIGINT', () => process.exit(0)); // lets --cpu-prof write its profile
  process.on('disconnect', () => process.exit(0));
  const { loadConfig } = await import('../src/config');
  const { defaultRegistry } = await import('../src/connectors/registry');
  const { startGateway } = await import('../src/server');
  // Rate limits off unless asked for: the load generator is one client sending thousands of requests.
  const gw = await startGateway(loadConfig({ RATE_LIMIT_PER_MIN: '0', ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' }, defaultRegistry()), {
    logWrite: () => undefined,
    shareInflight: process.env.BENCH_SHARE_INFLIGHT !== '0',
  });
  process.on('message', (m: Msg) => {
    if (m.type === 'invalidate') {
      gw.invalidateCaches();
      process.send!({ type: 'invalidated' });
    } else if (m.type === 'stats') {
      // Started with --expose-gc by the fan-out section: collect first, so heapUsed is what is live.
      if (m.gc) collect();
      process.send!({ type: 'stats', memory: process.memoryUsage(), cpu: process.cpuUsage() });
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
  const { createUndiciFetch } = await import('../src/connectors/undici-fetch');
  const upstream = createUndiciFetch();
  let certNames: Promise<Map<number, string>> | null = null;
  const getJson = async (url: string, init?: RequestInit) => {
    const r = await upstream(url, init);
    return { body: (await r.json()), headers: r.headers };
  };
  const names = () =>
    (certNames ??= getJson(`${env.SPRINGEST_BASE_URL}/certifications.json?api_key=${env.SPRINGEST_CERTIFICATIONS_API_KEY}`).then(
      ({ body }) => new Map<number, string>(body.certifications.map((c: any) => [c.id, c.name])),
    ));
  type Row = { expiresOn: string | null; node: any };
  const server = createServer((_req, res) => void answer(res));
  async function answer(res: ServerResponse): Promise<void> {
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
  }
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  process.send!({ type: 'ready', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
}

/** The warm read of issue 9, item 4: the gateway's CPU per request beside a bare node:http service answering the same JSON. */
const ISSUE_READ = `{ certificates(filter: {sources: [FOURHSE]}, first: 100) { nodes { id name expiresOn holder { name } } } }`;

/** Answers IPC `stats` with this process's CPU and memory (the CPU-per-request runs read it before and after). */
function answerStats(): void {
  process.on('message', (m: Msg) => {
    if (m.type === 'stats') process.send!({ type: 'stats', memory: process.memoryUsage(), cpu: process.cpuUsage() });
  });
}

/**
 * The baseline of ISSUE_READ: one 4HSE index call per request (sorted by
 * expiry, 100 per page) with the same keep-alive client the gateway uses,
 * mapped to the same JSON (global ids included).
 */
async function runReadBaseline(): Promise<void> {
  const env = process.env as Record<string, string>;
  const { createUndiciFetch } = await import('../src/connectors/undici-fetch');
  const upstream = createUndiciFetch();
  const server = createServer((_req, res) => {
    void (async () => {
      const r = await upstream(`${env.FOURHSE_BASE_URL}/v2/certificate/index?access-token=${env.FOURHSE_ACCESS_TOKEN}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ 'per-page': 100, page: 1, sort: 'date_expire' }),
      });
      const rows = (await r.json()) as { certificate_id: string; name: string; date_expire: string | null; resource_name: string | null }[];
      const nodes = rows.map((c) => ({
        id: Buffer.from(JSON.stringify(['Certificate', 'FOURHSE', c.certificate_id])).toString('base64url'),
        name: c.name,
        expiresOn: c.date_expire ?? null,
        holder: { name: c.resource_name ?? null },
      }));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: { certificates: { nodes } } }));
    })();
  });
  answerStats();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  process.send!({ type: 'ready', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
}

/**
 * The fan-out's baseline: a bare `ws` server speaking just enough
 * graphql-transport-ws (connection_ack, pong) and an HTTP endpoint taking the
 * same webhook bodies. Each webhook is answered at once, then broadcast as one
 * `next` message of the gateway's shape and size, serialized once and sent to
 * every subscribed socket: what a hand-written broadcaster would do.
 */
async function runWsBaseline(): Promise<void> {
  process.on('disconnect', () => process.exit(0));
  const { WebSocketServer } = await import('ws');
  const { encodeId } = await import('../src/ids');
  let n = 0;
  let lastMs = 0;
  /** Subscribed sockets, with the subscription id and whether its selection has the certificate. */
  const subscribed = new Map<import('ws').WebSocket, { id: string; certificate: boolean }>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const ms = Date.now();
      n = ms === lastMs ? n + 1 : 0;
      lastMs = ms;
      const eventId = `${ms}-${n}`;
      const certificateId = encodeId('Certificate', 'FOURHSE', [body.certificate_id]);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ received: true, duplicate: false, eventId }));
      const base = { eventId, type: 'CREATED', source: 'FOURHSE', certificateId, occurredAt: new Date(ms).toISOString() };
      const texts = new Map<string, string>();
      for (const [ws, sub] of subscribed) {
        const k = `${sub.id}:${sub.certificate}`;
        let text = texts.get(k);
        if (text === undefined) {
          const ev = sub.certificate ? { ...base, certificate: { id: certificateId, name: body.name } } : base;
          text = JSON.stringify({ id: sub.id, type: 'next', payload: { data: { certificateEvents: ev } } });
          texts.set(k, text);
        }
        ws.send(text);
      }
    });
  });
  // As the gateway's (server.ts): the webhooks' kept-alive connections are not closed under the load generator.
  server.keepAliveTimeout = 65_000;
  const wss = new WebSocketServer({ server, path: '/graphql', handleProtocols: (p: Set<string>) => (p.has('graphql-transport-ws') ? 'graphql-transport-ws' : false) });
  wss.on('connection', (ws) => {
    ws.on('close', () => subscribed.delete(ws));
    ws.on('message', (data) => {
      const m = JSON.parse((data as Buffer).toString('utf8'));
      if (m.type === 'connection_init') ws.send('{"type":"connection_ack"}');
      else if (m.type === 'ping') ws.send('{"type":"pong"}');
      else if (m.type === 'subscribe') subscribed.set(ws, { id: m.id, certificate: /certificate\s*\{/.test(m.payload.query) });
      else if (m.type === 'complete') subscribed.delete(ws);
    });
  });
  process.on('message', (m: Msg) => {
    if (m.type === 'stats') {
      if (m.gc) collect();
      process.send!({ type: 'stats', memory: process.memoryUsage(), cpu: process.cpuUsage() });
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  process.send!({ type: 'ready', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
}

/**
 * The fan-out's subscribers: BENCH_SUBSCRIBERS websockets speaking
 * graphql-transport-ws (the `ws` package directly, no client library in the
 * way), each with one subscription. Records when each event of the armed set
 * reached each socket; the orchestrator sends the webhooks' send times and
 * gets the figures back, so neither side ships 200,000 timestamps over IPC.
 */
async function runSubscribers(): Promise<void> {
  process.on('disconnect', () => process.exit(0));
  const WebSocket = (await import('ws')).default;
  const sockets: InstanceType<typeof WebSocket>[] = [];
  let closing = false;
  // The armed run: certificateId -> event index, and per event the receipt time at each socket (NaN: not yet).
  let ids = new Map<string, number>();
  let recv: Float64Array[] = [];
  let expectCertificate = false;
  let received = 0;
  let lastProgress = 0;
  let lastMessage = 0;
  const c = { duplicates: 0, other: 0, outOfOrder: 0, missingCertificate: 0, errors: 0, closedEarly: 0 };
  let firstError: string | null = null;
  let cpu = process.cpuUsage();
  let warm = new Uint8Array(0);
  let lastMs = new Float64Array(0);
  let lastN = new Float64Array(0);
  const fail = (why: string) => {
    c.errors++;
    firstError ??= why.slice(0, 300);
  };

  const open = (url: string, i: number) =>
    new Promise<void>((resolve, reject) => {
      const ws = new WebSocket(url, 'graphql-transport-ws', { perMessageDeflate: false });
      sockets[i] = ws;
      let acked = false;
      ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: {} })));
      ws.on('error', (e) => (acked ? fail(`socket ${i}: ${e.message}`) : reject(e)));
      ws.on('close', (code, reason) => {
        if (!acked) reject(new Error(`socket ${i} closed before connection_ack: ${code} ${reason.toString()}`));
        else if (!closing) {
          c.closedEarly++;
          fail(`socket ${i} closed by the gateway: ${code} ${reason.toString()}`);
        }
      });
      ws.on('message', (data) => {
        const t = now();
        lastMessage = t;
        const m = JSON.parse((data as Buffer).toString('utf8'));
        if (m.type === 'next') {
          if (m.payload?.errors) fail(JSON.stringify(m.payload.errors));
          const ev = m.payload?.data?.certificateEvents;
          if (!ev) return;
          warm[i] = 1;
          const [ms, n] = String(ev.eventId).split('-').map(Number);
          if (ms < lastMs[i] || (ms === lastMs[i] && n <= lastN[i])) c.outOfOrder++;
          lastMs[i] = ms;
          lastN[i] = n;
          const idx = ids.get(ev.certificateId);
          if (idx === undefined) {
            c.other++; // warm-up, or a straggler of an earlier run
            return;
          }
          if (expectCertificate && !ev.certificate?.name) c.missingCertificate++;
          const row = recv[idx];
          if (!Number.isNaN(row[i])) {
            c.duplicates++;
            return;
          }
          row[i] = t;
          received++;
          lastProgress = t;
        } else if (m.type === 'ping') {
          ws.send(JSON.stringify({ type: 'pong' }));
        } else if (m.type === 'connection_ack') {
          acked = true;
          resolve();
        } else if (m.type === 'error') {
          fail(JSON.stringify(m.payload));
        } else if (m.type === 'complete') {
          fail(`subscription ${m.id} completed by the gateway`);
        }
      });
    });

  const until = (done: () => boolean) =>
    new Promise<void>((resolve) => {
      const check = () => (done() ? resolve() : setTimeout(check, 20));
      check();
    });

  process.on('message', (m: Msg) => void onMessage(m));
  async function onMessage(m: Msg): Promise<void> {
    if (m.type === 'open') {
      const t = now();
      warm = new Uint8Array(m.n);
      lastMs = new Float64Array(m.n);
      lastN = new Float64Array(m.n);
      // In waves, so the listen backlog does not overflow into SYN retransmits.
      for (let i = 0; i < m.n; i += 100) await Promise.all(Array.from({ length: Math.min(100, m.n - i) }, (_, k) => open(m.url, i + k)));
      process.send!({ type: 'opened', ms: now() - t });
    } else if (m.type === 'subscribe' || m.type === 'unsubscribe') {
      // Sockets the gateway closed (e.g. as too slow) are opened again, so every query starts with all subscribers.
      let reopened = 0;
      if (m.type === 'subscribe')
        for (const [i, ws] of sockets.entries())
          if (ws.readyState !== ws.OPEN) {
            await open(m.url, i);
            reopened++;
          }
      const text = JSON.stringify(m.type === 'subscribe' ? { id: m.id, type: 'subscribe', payload: { query: m.query } } : { id: m.id, type: 'complete' });
      for (const ws of sockets) ws.send(text);
      warm.fill(0);
      process.send!({ type: `${m.type}d`, reopened });
    } else if (m.type === 'warm') {
      process.send!({ type: 'warm', count: warm.reduce((a, b) => a + b, 0), open: sockets.filter((ws) => ws.readyState === ws.OPEN).length, closedEarly: c.closedEarly, errors: c.errors, firstError });
    } else if (m.type === 'quiet') {
      await until(() => now() - lastMessage >= m.ms);
      process.send!({ type: 'quiet' });
    } else if (m.type === 'arm') {
      ids = new Map((m.ids as string[]).map((id, i) => [id, i]));
      recv = (m.ids as string[]).map(() => new Float64Array(sockets.length).fill(NaN));
      expectCertificate = m.expectCertificate;
      received = 0;
      for (const k of Object.keys(c) as (keyof typeof c)[]) c[k] = 0;
      firstError = null;
      cpu = process.cpuUsage();
      lastProgress = now();
      process.send!({ type: 'armed' });
    } else if (m.type === 'wait') {
      // Every delivery, or no progress for idleMs: what is missing then counts as lost.
      await until(() => received >= m.expected || now() - lastProgress > m.idleMs);
      process.send!({ type: 'waited', received });
    } else if (m.type === 'report') {
      const used = process.cpuUsage(cpu);
      const sent = m.sent as number[];
      /** Events [0, main) are the run's own webhooks; any after them, the probe's. */
      const main = (m.main as number | undefined) ?? recv.length;
      const delays: number[] = [];
      let last = -Infinity;
      let lastMain = -Infinity;
      for (let e = 0; e < recv.length; e++)
        for (const t of recv[e])
          if (!Number.isNaN(t)) {
            delays.push(t - sent[e]);
            if (t > last) last = t;
            if (e < main && t > lastMain) lastMain = t;
          }
      delays.sort((a, b) => a - b);
      process.send!({
        cpuUs: used.user + used.system,
        type: 'report',
        received,
        lastDelivery: last,
        lastMainDelivery: lastMain,
        p50: percentile(delays, 50),
        p99: percentile(delays, 99),
        max: delays.length ? delays[delays.length - 1] : NaN,
        ...c,
        firstError,
      });
    } else if (m.type === 'close') {
      closing = true;
      const closed = sockets.map((ws) => (ws.readyState === ws.CLOSED ? Promise.resolve() : new Promise<void>((r) => ws.once('close', () => r()))));
      for (const ws of sockets) ws.close(1000);
      const cut = setTimeout(() => sockets.forEach((ws) => ws.terminate()), 3_000);
      await Promise.all(closed);
      clearTimeout(cut);
      process.send!({ type: 'closed' });
    }
  }
  process.send!({ type: 'ready' });
}

// ---------------------------------------------------------------- load generator


function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function warmRun(url: string, body: string, check: (text: string) => void, concurrency = CONCURRENCY): Promise<{ rps: number; p50: number; p99: number; requests: number }> {
  const latencies: number[] = [];
  const end = performance.now() + DURATION_S * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
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


function start(mode: string, env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<Child> {
  // BENCH_PROFILE=gateway writes a CPU profile of that child to ./bench-profile (for finding hot spots).
  return startChild(__filename, mode, env, [...nodeArgs, ...(process.env.BENCH_PROFILE === mode ? ['--cpu-prof', '--cpu-prof-dir=bench-profile'] : [])]);
}


const fmt = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');

async function orchestrate(): Promise<void> {
  if (ONLY.has('soak')) {
    // The memory soak lasts BENCH_SOAK_S (10 minutes) and more: alone, never by default (scripts/bench-soak.ts, `npm run bench:soak`).
    if (ONLY.size > 1) throw new Error('BENCH_ONLY=soak runs alone');
    await import('./bench-soak');
    return;
  }
  const unknown = [...ONLY].filter((s) => s !== 'http' && s !== 'fanout' && s !== 'limits' && s !== 'read' && s !== 'compliance');
  if (unknown.length > 0 || ONLY.size === 0) throw new Error(`BENCH_ONLY: expected a comma-separated list of http, fanout, limits, read, compliance; got "${process.env.BENCH_ONLY}"`);
  console.log(`# certificate-gateway benchmark`);
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
  console.log(`upstream latency ${LATENCY} ms, warm concurrency ${CONCURRENCY}, ${DURATION_S} s per warm run, ${COLD_RUNS} cold requests per query\n`);
  const sims = await start('sims');
  if (ONLY.has('http')) await httpSection(sims);
  // `read`: only the CPU-per-request runs that end the http section.
  else if (ONLY.has('read')) await cpuPerRequest(sims);
  if (ONLY.has('fanout')) await fanoutSection(sims);
  if (ONLY.has('limits')) await limitsSection(sims);
  if (ONLY.has('compliance')) await complianceSection(sims);
  sims.child.kill();
  process.exit(0);
}

/** Queries over HTTP: cold, warm sequential and warm concurrent, against the bare node:http baseline. */
async function httpSection(sims: Child): Promise<void> {
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
  const cached = await cachedReads(sims, `${queries[0].name}, response cache on`, canonical, checkText(queries[0].check));
  // With BENCH_REDIS_URL: the store replicas share (one MGET per lookup).
  if (REDIS_URL) {
    const env = { REDIS_URL, REDIS_KEY_PREFIX: `bench:${process.pid}:${Date.now()}:` };
    await cachedReads(sims, `${queries[0].name}, response cache on, in Redis`, canonical, checkText(queries[0].check), env);
  }
  console.log(`\nwarm throughput, gateway / baseline on the canonical query: ${fmt(gatewayCanonical / b.rps, 2)} (target ≥ 0.50); with in-flight sharing off: ${fmt(s1.rps / b.rps, 2)}`);
  console.log(`reads with the response cache on / baseline: ${fmt(cached / b.rps, 2)} (target ≥ 2); cache on / cache off: ${fmt(cached / gatewayCanonical, 2)}`);
  console.log(`cold p50 target: within 5 ms of the ${LATENCY} ms upstream latency (≤ ${LATENCY + 5} ms)`);
  await cpuPerRequest(sims);
}

/**
 * Issue 9's warm read (ISSUE_READ, BENCH_CPU_CONCURRENCY connections) against
 * the gateway (response cache off) and against a bare node:http service
 * making one 4HSE call per request: requests per second and each process's
 * own CPU (process.cpuUsage, user + system) per request, and their ratios.
 */
async function cpuPerRequest(sims: Child): Promise<void> {
  const concurrency = Number(process.env.BENCH_CPU_CONCURRENCY ?? 32);
  const check = (text: string) => {
    const body = JSON.parse(text) as { errors?: unknown; data?: { certificates: { nodes: unknown[] } } };
    if (body.errors || body.data?.certificates.nodes.length !== 100) throw new Error(`expected 100 nodes, got ${text.slice(0, 200)}`);
  };
  const measure = async (c: Child, url: string, body: string) => {
    await post(url, body);
    const before = (await ask(c.child, 'stats', 'stats')).cpu as NodeJS.CpuUsage;
    const r = await warmRun(url, body, check, concurrency);
    const after = (await ask(c.child, 'stats', 'stats')).cpu as NodeJS.CpuUsage;
    return { ...r, cpuUs: (after.user - before.user + after.system - before.system) / r.requests };
  };
  const gw = await start('gateway', { ...sims.ready.env, POLL_INTERVAL_S: '0', RESPONSE_CACHE: '0' });
  const g = await measure(gw, `${gw.ready.url}/graphql`, JSON.stringify({ query: ISSUE_READ }));
  gw.child.kill('SIGINT');
  const base = await start('read-baseline', sims.ready.env);
  const b = await measure(base, base.ready.url, '{}');
  base.child.kill();
  console.log(`\n| issue 9 warm read: 100 4HSE certificates { id name expiresOn holder { name } }, ${concurrency} connections | rps | p50 ms | p99 ms | CPU µs / request |`);
  console.log('|---|---|---|---|---|');
  console.log(`| gateway, response cache off | ${fmt(g.rps, 0)} | ${fmt(g.p50)} | ${fmt(g.p99)} | ${fmt(g.cpuUs, 0)} |`);
  console.log(`| baseline: bare node:http, one 4HSE call per request, same JSON | ${fmt(b.rps, 0)} | ${fmt(b.p50)} | ${fmt(b.p99)} | ${fmt(b.cpuUs, 0)} |`);
  console.log(`\nissue 9 warm read, gateway / baseline: throughput ${fmt(g.rps / b.rps, 2)}, CPU per request ${fmt(g.cpuUs / b.cpuUs, 2)} (target ≤ 1.5)`);
}

/**
 * The compliance view (issue 12) for BENCH_PEOPLE people × 3 requirements:
 * one whole list per source per request, whatever the number of people.
 * Cold: the connectors' caches dropped before each request.
 */
async function complianceSection(sims: Child): Promise<void> {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'bench-compliance-'));
  const seeded: { email: string; name: string; fourhse: string; ensinio: string }[] = sims.ready.sample.people;
  const rows = seeded.slice(0, PEOPLE).map((p) => `${p.email},"${p.name}",team:all,${p.fourhse},${p.ensinio}`);
  for (let i = rows.length; i < PEOPLE; i++) rows.push(`worker${i}@bench.example,Worker ${i},team:all,,`);
  writeFileSync(join(dir, 'people.csv'), ['email,name,tags,fourhse,ensinio', ...rows].join('\n') + '\n');
  writeFileSync(
    join(dir, 'requirements.yaml'),
    'requirementSets:\n  bench:\n    assignTo: [team:all]\n    requirements:\n' +
      ['first-aid: "first aid|primeiros socorros|EHBO"', 'safety: "general safety|VCA"', 'height: "height|altura"']
        .map((r) => `      - id: ${r.split(':')[0]}\n        namePattern: ${r.slice(r.indexOf(':') + 2)}\n`)
        .join(''),
  );
  const gw = await start('gateway', { ...sims.ready.env, PEOPLE_FILE: join(dir, 'people.csv'), REQUIREMENTS_FILE: join(dir, 'requirements.yaml') });
  const url = `${gw.ready.url}/graphql`;
  const body = JSON.stringify({
    query: `{ compliance(first: 50) { totalCount summary { byRequirementSet { key valid expiring expired missing } } nodes { person { email } requirement { id } status daysLeft certificate { source name } } } }`,
  });
  const check = (text: string) => {
    const r = JSON.parse(text);
    if (r.errors || r.data.compliance.totalCount !== PEOPLE * 3) throw new Error(`compliance: ${text.slice(0, 300)}`);
  };
  check((await post(url, body)).text);
  const timed = async (cold: boolean) => {
    const t: number[] = [];
    for (let i = 0; i < COLD_RUNS; i++) {
      if (cold) await ask(gw.child, 'invalidate', 'invalidated');
      const s0 = performance.now();
      check((await post(url, body)).text);
      t.push(performance.now() - s0);
    }
    return t.sort((a, b) => a - b);
  };
  const cold = await timed(true);
  await ask(sims.child, 'counts', 'counts');
  const warm = await timed(false);
  const counts = (await ask(sims.child, 'counts', 'counts')).counts;
  const per = ['FOURHSE', 'SPRINGEST', 'ENSINIO', 'FALKOR'].map((x) => fmt(counts[x] / COLD_RUNS, 2)).join(', ');
  console.log(`\n## compliance view: ${PEOPLE} people × 3 requirements, first 50 rows with the summary`);
  console.log('| cold p50 ms | cold p99 ms | warm sequential p50 ms | warm p99 ms | upstream calls / request (4HSE, Springest, Ensinio, Falkor) |');
  console.log('|---|---|---|---|---|');
  console.log(`| ${fmt(percentile(cold, 50))} | ${fmt(percentile(cold, 99))} | ${fmt(percentile(warm, 50))} | ${fmt(percentile(warm, 99))} | ${per} |`);
  gw.child.kill('SIGINT');
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Reads with the response cache on (issue 9 item 3): the canonical query
 * against a gateway with RESPONSE_CACHE=1 (in memory; polling off, so the TTL
 * is 60 s and nothing invalidates during the run). One row of the table; its
 * warm requests per second.
 */
async function cachedReads(sims: Child, name: string, body: string, check: (text: string) => void, env: Record<string, string> = {}): Promise<number> {
  const gw = await start('gateway', { ...sims.ready.env, RESPONSE_CACHE: '1', POLL_INTERVAL_S: '0', ...env });
  const url = `${gw.ready.url}/graphql`;
  await post(url, body); // stores the answer
  const seq: number[] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const t = performance.now();
    const res = await post(url, body);
    seq.push(performance.now() - t);
    if (!JSON.parse(res.text).extensions?.responseCache?.hit) throw new Error('cache on: expected a hit');
  }
  seq.sort((a, b) => a - b);
  await ask(sims.child, 'counts', 'counts');
  const w = await warmRun(url, body, check);
  const c = (await ask(sims.child, 'counts', 'counts')).counts;
  console.log(
    `| ${name} | – | – | ${fmt(percentile(seq, 50))} | ${fmt(w.rps, 0)} | ${fmt(w.p50)} | ${fmt(w.p99)} | ${['FOURHSE', 'SPRINGEST', 'ENSINIO', 'FALKOR'].map((x) => fmt(c[x] / w.requests, 2)).join(', ')} |`,
  );
  gw.child.kill('SIGINT');
  return w.rps;
}

/**
 * What refusing the issue's heaviest documents costs the gateway: its own CPU
 * (process.cpuUsage of the gateway child) per refusal, the status and the
 * upstream calls they caused (none expected).
 */
async function limitsSection(sims: Child): Promise<void> {
  // No pollers: the upstream calls counted are the refused requests' own.
  const gw = await start('gateway', { ...sims.ready.env, POLL_INTERVAL_S: '0' });
  const url = `${gw.ready.url}/graphql`;
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  const docs = [
    { name: '60,000 repeated __typename (644 KiB)', query: `{ ${'__typename '.repeat(60_000)}}` },
    {
      name: '40 aliases of certificates(first: 500) nested through holder { certificates(first: 500) }',
      query: `{ ${range(40).map((i) => `a${i}: certificates(first: 500) { nodes { holder { certificates(first: 500) { nodes { id name holder { name } } } } } }`).join(' ')} }`,
    },
    { name: 'the same nesting without aliases (refused by the cost estimate)', query: `{ certificates(first: 500) { nodes { holder { certificates(first: 500) { nodes { id name holder { name } } } } } } }` },
    { name: 'a chain of 7,800 fragments', query: `{ ...F0 } ${range(7800).map((i) => `fragment F${i} on Query { ${i < 7799 ? `...F${i + 1}` : 'sources { name }'} }`).join(' ')}` },
  ];
  const RUNS = 20;
  console.log('\n| refused document | status, code (limit) | gateway CPU ms per refusal | upstream calls |');
  console.log('|---|---|---|---|');
  for (const d of docs) {
    const body = JSON.stringify({ query: d.query });
    const first = await post(url, body);
    await ask(sims.child, 'counts', 'counts');
    const before = (await ask(gw.child, 'stats', 'stats')).cpu as NodeJS.CpuUsage;
    for (let i = 0; i < RUNS; i++) await post(url, body);
    const after = (await ask(gw.child, 'stats', 'stats')).cpu as NodeJS.CpuUsage;
    const counts = (await ask(sims.child, 'counts', 'counts')).counts as Record<string, number>;
    const calls = Object.values(counts).reduce((a, b) => a + b, 0);
    const cpuMs = (after.user - before.user + after.system - before.system) / 1000 / RUNS;
    const ext = (JSON.parse(first.text) as { errors?: { extensions?: { code?: string; limit?: string } }[] }).errors?.[0]?.extensions;
    console.log(`| ${d.name} | ${first.status}, ${ext?.code ?? '–'} (${ext?.limit ?? '–'}) | ${fmt(cpuMs, 2)} | ${calls} |`);
  }
  gw.child.kill('SIGINT');
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Kills a child and waits for it to be gone (SIGKILL if it has not exited after 5 s). */
function stop(c: Child, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (c.child.exitCode !== null || c.child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const hard = setTimeout(() => c.child.kill('SIGKILL'), 5_000);
    c.child.once('exit', () => {
      clearTimeout(hard);
      resolve();
    });
    c.child.kill(signal);
  });
}

const FANOUT_QUERIES = [
  {
    name: 'with certificate { id name }',
    query: 'subscription { certificateEvents { eventId type source certificateId occurredAt certificate { id name } } }',
    certificate: true,
  },
  { name: 'without certificate', query: 'subscription { certificateEvents { eventId type source certificateId occurredAt } }', certificate: false },
];

/**
 * Fan-out: one gateway process, SUBSCRIBERS websockets (in their own child)
 * subscribed to certificateEvents, FANOUT_EVENTS signed 4HSE CREATE webhooks
 * per run from here. Delay is from the webhook's send (here) to the `next`
 * message's arrival (in the subscribers' child), on one wall clock.
 */
async function fanoutSection(sims: Child): Promise<void> {
  const { encodeId } = await import('../src/ids');
  // Printed at the end, so what the children write to stderr meanwhile does not split the tables.
  const out: string[] = [];
  const print = (line: string) => out.push(line);
  const secret = randomBytes(24).toString('base64url');
  const template = sims.ready.sample.fourhseCertificate;
  const tag = randomBytes(4).toString('hex');
  let serial = 0;
  /** A signed CREATE of a certificate no earlier webhook named (CREATEs are deduplicated by certificate). */
  const webhook = () => {
    const n = ++serial;
    const uuid = `${tag}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
    const body = JSON.stringify({ ...template, certificate_id: uuid, name: `fan-out #${n}` });
    const headers = { 'x-signature-256': signWebhook(secret, body) };
    return { certificateId: encodeId('Certificate', 'FOURHSE', [uuid]), body, headers };
  };

  print(`\n## fan-out: ${SUBSCRIBERS} websocket subscribers (graphql-transport-ws), ${FANOUT_EVENTS} signed 4HSE CREATE webhooks per run, gateway beside a bare \`ws\` broadcast\n`);
  // --expose-gc: memory is read after a full collection. POLL_INTERVAL_S=0: no pollers, so upstream calls are the fan-out's own.
  // WS_MAX_CONNECTIONS_PER_CLIENT=0, RATE_LIMIT_PER_MIN=0: every subscriber here is this one client (one IP).
  const gwChild = await start('gateway', { ...sims.ready.env, FOURHSE_WEBHOOK_SECRET: secret, POLL_INTERVAL_S: '0', WS_MAX_CONNECTIONS_PER_CLIENT: '0', RATE_LIMIT_PER_MIN: '0' }, ['--expose-gc']);
  const gateway = await fanoutTarget('gateway', gwChild, sims, webhook);
  await stop(gwChild, 'SIGINT');
  const baseChild = await start('ws-baseline', {}, ['--expose-gc']);
  const baseline = await fanoutTarget('baseline', baseChild, null, webhook);
  await stop(baseChild);

  print(
    '| target | run | webhooks | deliveries/s | webhook→delivery p50 ms | p99 ms | max ms | answer of the run’s own webhooks p50 ms (burst: all sent at once, queued behind each other) | p99 ms | lost | duplicated | sockets dropped | upstream calls / event (4HSE, Springest, Ensinio, Falkor) | CPU µs / delivery | CPU, target / subscribers (% of a core) |',
  );
  print('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const t of [gateway, baseline])
    for (const r of t.runs)
      print(
        `| ${t.name} | ${r.label} | ${FANOUT_EVENTS}${r.probe ? ` + ${r.probe.n} probe` : ''} | ${fmt(r.deliveriesPerS, 0)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.max)} | ${fmt(r.answerP50)} | ${fmt(r.answerP99)} | ${r.lost} | ${r.duplicates} | ${r.closedEarly} | ${r.upstream} | ${fmt(r.cpuPerDelivery, 1)} | ${r.cpuPct} |`,
      );
  print('\n| ratio gateway / baseline | deliveries/s | p99 delay | CPU / delivery | target |');
  print('|---|---|---|---|---|');
  for (const [i, g] of gateway.runs.entries()) {
    const b = baseline.runs[i];
    print(
      `| ${g.label} | ${fmt(g.deliveriesPerS / b.deliveriesPerS, 2)}× | ${fmt(g.p99 / b.p99, 2)}× | ${fmt(g.cpuPerDelivery / b.cpuPerDelivery, 2)}× | ${g.burst ? 'deliveries/s ≥ 0.6×, CPU ≤ 2×' : 'p99 ≤ 1.5×, CPU ≤ 2×'} |`,
    );
  }
  print(
    `| memory per subscribed connection (RSS) | | | | ${fmt(gateway.perConnRss / baseline.perConnRss, 2)}× (gateway ${fmt(gateway.perConnRss / 1024, 1)} KiB, baseline ${fmt(baseline.perConnRss / 1024, 1)} KiB; target ≤ 2×) |`,
  );
  const burstAnswers = gateway.runs.filter((r) => r.burst).map((r) => r.answerP99);
  if (burstAnswers.length > 0)
    print(`\ngateway answer p99 of the burst's own ${FANOUT_EVENTS} webhooks, all sent at once (their own queueing included): ${burstAnswers.map((v) => `${fmt(v)} ms`).join(', ')}`);
  if (gateway.runs.some((r) => r.probe)) {
    print(
      `\n| webhook answer while fanning out (probe: one signed, distinct webhook every ${FANOUT_PROBE_MS} ms from the burst's start; counted while the burst's deliveries were still going out) | probes counted | p50 ms | p99 ms | max ms | of those, sent after the burst's own webhooks were all answered: n, p50 / p99 / max ms | target |`,
    );
    print('|---|---|---|---|---|---|---|');
    for (const t of [gateway, baseline])
      for (const r of t.runs)
        if (r.probe) print(`| ${t.name}, ${r.label} | ${r.probe.during} of ${r.probe.n} | ${fmt(r.probe.p50)} | ${fmt(r.probe.p99)} | ${fmt(r.probe.max)} | ${r.probe.afterAnswers.n}: ${fmt(r.probe.afterAnswers.p50)} / ${fmt(r.probe.afterAnswers.p99)} / ${fmt(r.probe.afterAnswers.max)} | ${t === gateway ? 'p99 ≤ 50 ms' : ''} |`);
  }
  const bad = [gateway, baseline].flatMap((t) => t.runs.map((r) => r.lost + r.duplicates + r.closedEarly)).reduce((a, b) => a + b, 0);
  print(`lost + duplicated + sockets dropped, all runs: ${bad} (target 0)`);
  for (const t of [gateway, baseline]) for (const n of t.notes) print(`\n${t.name}: ${n}`);
  print(`\n| gateway memory, after a full GC | RSS MiB | heapUsed MiB | RSS KiB / connection | heapUsed KiB / connection |`);
  print('|---|---|---|---|---|');
  for (const r of gateway.memRows) print(r);
  print(`\n| baseline memory, after a full GC | RSS MiB | heapUsed MiB | RSS KiB / connection | heapUsed KiB / connection |`);
  print('|---|---|---|---|---|');
  for (const r of baseline.memRows) print(r);
  print(
    `\n${SUBSCRIBERS} sockets connected in ${fmt(gateway.openedMs, 0)} ms (gateway), ${fmt(baseline.openedMs, 0)} ms (baseline); deliveries/s = deliveries ÷ (last delivery − first webhook sent); delay from the webhook's send (orchestrator) to the \`next\` message's arrival (subscribers' child), on one wall clock. The gateway shares one execution per event among identical subscriptions (gateway_subscription_executions_total).`,
  );
  console.log(out.join('\n'));
}

interface FanoutRun {
  label: string;
  burst: boolean;
  deliveriesPerS: number;
  p50: number;
  p99: number;
  max: number;
  answerP50: number;
  answerP99: number;
  /** Burst runs: the probe's webhooks, sent one every FANOUT_PROBE_MS while the burst is fanned out. */
  probe: { n: number; during: number; p50: number; p99: number; max: number; afterAnswers: { n: number; p50: number; p99: number; max: number } } | null;
  lost: number;
  duplicates: number;
  closedEarly: number;
  upstream: string;
  cpuPerDelivery: number;
  cpuPct: string;
}

/**
 * One target of the fan-out (the gateway, or the bare `ws` baseline): a fresh
 * subscribers' child connects SUBSCRIBERS sockets, subscribes each query in
 * turn and takes a steady and a burst run of webhooks; memory after full GCs.
 */
async function fanoutTarget(
  name: string,
  target: Child,
  sims: Child | null,
  webhook: () => { certificateId: string; body: string; headers: Record<string, string> },
): Promise<{ name: string; runs: FanoutRun[]; notes: string[]; memRows: string[]; perConnRss: number; openedMs: number }> {
  const subs = await start('subscribers');
  const hookUrl = `${target.ready.url}/webhooks/4hse/CERTIFICATE::CREATE`;
  const wsUrl = `${target.ready.url.replace(/^http/, 'ws')}/graphql`;
  // A fresh keep-alive pool per run: a connection left idle by an earlier run can hit the gateway's keep-alive
  // timeout while its event loop is busy fanning out, and be reset under the next request.
  let hookAgent = new Agent({ keepAlive: true, maxSockets: 256 });
  const fire = async (h: ReturnType<typeof webhook>) => {
    const res = await post(hookUrl, h.body, h.headers, hookAgent).catch((e: Error) => {
      throw new Error(`webhook: ${e.message}`);
    });
    if (res.status !== 200) throw new Error(`webhook: HTTP ${res.status}: ${res.text.slice(0, 200)}`);
  };
  const stats = (gc = false) => ask(target.child, 'stats', 'stats', { gc });
  const memory = async () => {
    await sleep(500); // closes and completions settle
    return (await stats(true)).memory as NodeJS.MemoryUsage;
  };
  const notes: string[] = [];
  const runs: FanoutRun[] = [];
  /** graphql-ws does not acknowledge a subscribe: a subscription is live once an event reached it, so warm-up webhooks until every socket had one. */
  const subscribe = async (id: string, query: string) => {
    const { reopened } = await ask(subs.child, 'subscribe', 'subscribed', { id, query, url: wsUrl });
    if (reopened > 0) notes.push(`${reopened} sockets closed by the ${name} were opened again before subscribing ${id}`);
    const deadline = performance.now() + 60_000;
    for (;;) {
      await fire(webhook());
      await sleep(200);
      const w = await ask(subs.child, 'warm', 'warm');
      if (w.count === SUBSCRIBERS) break;
      if (performance.now() > deadline)
        throw new Error(`fan-out (${name}): only ${w.count} of ${SUBSCRIBERS} subscriptions received an event within 60 s (${w.open} sockets open, ${w.errors} errors; first: ${w.firstError})`);
    }
    await ask(subs.child, 'quiet', 'quiet', { ms: 500 });
  };

  const run = async (label: string, burst: boolean, certificate: boolean) => {
    process.stderr.write(`fan-out (${name}): ${label} …\n`);
    hookAgent.destroy();
    hookAgent = new Agent({ keepAlive: true, maxSockets: 256 });
    const hooks = Array.from({ length: FANOUT_EVENTS }, webhook);
    // The probe (burst runs): distinct signed webhooks, one every FANOUT_PROBE_MS from the burst's start, on a
    // keep-alive pool of their own; they are events like the others (armed, counted, delivered to everyone).
    const probes = burst ? Array.from({ length: FANOUT_PROBES }, webhook) : [];
    const probeAgent = new Agent({ keepAlive: true, maxSockets: 4 });
    await ask(subs.child, 'arm', 'armed', { ids: [...hooks, ...probes].map((h) => h.certificateId), expectCertificate: certificate });
    if (sims) await ask(sims.child, 'counts', 'counts');
    const cpu0 = (await stats()).cpu as NodeJS.CpuUsage;
    const sent: number[] = new Array(FANOUT_EVENTS + probes.length);
    const answered: number[] = [];
    const probeAnswered: { sent: number; ms: number }[] = [];
    let lastAnswer = -Infinity;
    const t0 = now();
    await Promise.all([
      ...hooks.map(async (h, i) => {
        const wait = burst ? 0 : t0 + (i * 1000) / FANOUT_RATE - now();
        if (wait > 0) await sleep(wait);
        sent[i] = now();
        await fire(h);
        answered.push(now() - sent[i]);
        lastAnswer = Math.max(lastAnswer, now());
      }),
      ...probes.map(async (h, i) => {
        const wait = t0 + (i + 1) * FANOUT_PROBE_MS - now();
        if (wait > 0) await sleep(wait);
        const k = FANOUT_EVENTS + i;
        sent[k] = now();
        const res = await post(hookUrl, h.body, h.headers, probeAgent);
        if (res.status !== 200) throw new Error(`probe webhook: HTTP ${res.status}: ${res.text.slice(0, 200)}`);
        probeAnswered.push({ sent: sent[k], ms: now() - sent[k] });
      }),
    ]);
    probeAgent.destroy();
    const expected = (FANOUT_EVENTS + probes.length) * SUBSCRIBERS;
    await ask(subs.child, 'wait', 'waited', { expected, idleMs: 5_000 });
    const cpu1 = (await stats()).cpu as NodeJS.CpuUsage;
    const counts = sims ? (await ask(sims.child, 'counts', 'counts')).counts : null;
    const r = await ask(subs.child, 'report', 'report', { sent, main: FANOUT_EVENTS });
    answered.sort((a, b) => a - b);
    // A probe counts as "while fanning out" when it was sent before the burst's last delivery.
    const during = probeAnswered.filter((p) => p.sent < r.lastMainDelivery);
    const ms = (ps: typeof probeAnswered) => ps.map((p) => p.ms).sort((a, b) => a - b);
    const summary = (sorted: number[]) => ({ n: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.length ? sorted[sorted.length - 1] : NaN });
    // Those sent once the burst's own webhooks were all answered: waiting behind the fan-out alone, not behind the burst's arrival.
    const afterAnswers = summary(ms(during.filter((p) => p.sent > lastAnswer)));
    const elapsedS = (r.lastDelivery - Math.min(...sent)) / 1000;
    const cpuUs = cpu1.user - cpu0.user + (cpu1.system - cpu0.system);
    runs.push({
      label,
      burst,
      deliveriesPerS: r.received / elapsedS,
      p50: r.p50,
      p99: r.p99,
      max: r.max,
      answerP50: percentile(answered, 50),
      answerP99: percentile(answered, 99),
      probe: burst ? { ...summary(ms(during)), n: probes.length, during: during.length, afterAnswers } : null,
      lost: expected - r.received,
      duplicates: r.duplicates,
      closedEarly: r.closedEarly,
      upstream: counts ? ['FOURHSE', 'SPRINGEST', 'ENSINIO', 'FALKOR'].map((s) => fmt(counts[s] / (FANOUT_EVENTS + probes.length), 2)).join(', ') : '–',
      cpuPerDelivery: cpuUs / Math.max(1, r.received),
      cpuPct: `${fmt(cpuUs / 1e4 / elapsedS, 0)} % / ${fmt(r.cpuUs / 1e4 / elapsedS, 0)} %`,
    });
    const odd = ['duplicates', 'outOfOrder', 'missingCertificate', 'errors', 'closedEarly'].filter((k) => r[k] > 0).map((k) => `${k} ${r[k]}`);
    if (odd.length > 0) notes.push(`${label}: ${odd.join(', ')}${r.firstError ? `; first error: ${r.firstError}` : ''}`);
  };

  const m0 = await memory();
  const opened = await ask(subs.child, 'open', 'opened', { url: wsUrl, n: SUBSCRIBERS });
  const m1 = await memory();
  let m2: NodeJS.MemoryUsage | null = null;
  for (const [i, q] of FANOUT_QUERIES.entries()) {
    const id = `s${i}`;
    await subscribe(id, q.query);
    m2 ??= await memory();
    await run(`${q.name}, steady ${FANOUT_RATE}/s`, false, q.certificate);
    if (FANOUT_BURST) await run(`${q.name}, burst (all at once)`, true, q.certificate);
    await ask(subs.child, 'unsubscribe', 'unsubscribed', { id });
  }
  const m3 = await memory();
  hookAgent.destroy();
  await ask(subs.child, 'close', 'closed');
  const m4 = await memory();
  // A subscription ended while waiting for its next event may hold on until one is published: publish one.
  await fire(webhook());
  const m5 = await memory();
  hookAgent.destroy();
  await stop(subs);

  const memRows: string[] = [];
  const mib = (b: number) => fmt(b / 2 ** 20);
  const per = (b: number) => fmt(b / SUBSCRIBERS / 1024, 1);
  const mem = (label: string, m: NodeJS.MemoryUsage) => memRows.push(`| ${label} | ${mib(m.rss)} | ${mib(m.heapUsed)} | ${per(m.rss - m0.rss)} | ${per(m.heapUsed - m0.heapUsed)} |`);
  mem('before any connection', m0);
  mem(`${SUBSCRIBERS} connected (connection_ack), no subscription`, m1);
  mem(`${SUBSCRIBERS} connected and subscribed (${FANOUT_QUERIES[0].name})`, m2!);
  mem(`${SUBSCRIBERS} connected, after the runs, subscriptions completed`, m3);
  mem('after every socket closed', m4);
  mem('after every socket closed, and one more event published', m5);
  return { name, runs, notes, memRows, perConnRss: (m2!.rss - m0.rss) / SUBSCRIBERS, openedMs: opened.ms };
}

const mode = process.argv[2];
const run =
  mode === 'sims'
    ? runSims
    : mode === 'gateway'
      ? runGateway
      : mode === 'baseline'
        ? runBaseline
        : mode === 'read-baseline'
          ? runReadBaseline
          : mode === 'ws-baseline'
            ? runWsBaseline
            : mode === 'subscribers'
              ? runSubscribers
              : orchestrate;
run().catch((e) => {
  console.error(e);
  process.exit(1);
});
