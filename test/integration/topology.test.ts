import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { parse } from 'yaml';
import { startSandbox, type Sandbox } from '../../src/sandbox';
import { eventually } from '../helpers/eventually';
import { startOtlpReceiver, type OtlpReceiver } from '../helpers/otlp-receiver';
import { sandboxEnv, startProcessGateway, type ProcessGateway } from '../helpers/process-gateway';
import { subscribe, type Subscriber } from '../helpers/subscriber';
import { fourHseWebhookCertificate, isMarker, postWebhook, subscribed } from '../helpers/webhooks';

/**
 * compose.yaml without Docker: its two gateway replicas as built gateway
 * processes with the environment compose gives them (read from compose.yaml),
 * one Redis (the machine's, under a prefix of this run, as compose's `redis`),
 * secrets as files (X_FILE, as compose mounts them), and the sandbox's
 * simulators as the upstreams that deploy/gateway.env would name.
 * compose's collector (jaeger:4318) is an in-process OTLP/HTTP receiver here
 * (test/helpers/otlp-receiver.ts): both replicas export their spans to it.
 */
const ROOT = join(__dirname, '..', '..');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `test:${randomUUID()}:`;
const API_KEY = randomUUID().replace(/-/g, '');
const SECRET = 'whsec-' + randomUUID();
const PDF = readFileSync(join(ROOT, 'test', 'fixtures', 'pdf', 'certificate.pdf'));

interface ComposeService {
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  ports?: string[];
  secrets?: string[];
  profiles?: string[];
}
const compose = parse(readFileSync(join(ROOT, 'compose.yaml'), 'utf8'), { merge: true }) as { services: Record<string, ComposeService>; secrets: Record<string, { file: string }> };

let sandbox: Sandbox;
let secrets: string;
let redis: Redis;
let collector: OtlpReceiver;
let a: ProcessGateway;
let b: ProcessGateway;
const subs: Subscriber[] = [];
const auth = { Authorization: `Bearer ${API_KEY}` };

/** A replica's environment as compose.yaml sets it, with compose's hosts and mounts mapped to this test's. */
function replicaEnv(service: ComposeService): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(service.environment ?? {})) {
    if (k === 'OTEL_EXPORTER_OTLP_ENDPOINT') env[k] = v === 'http://jaeger:4318' ? collector.url : v;
    else if (k.startsWith('OTEL_')) env[k] = String(v);
    else if (k === 'REDIS_URL') env[k] = v === 'redis://redis:6379' ? REDIS_URL : v;
    else if (k === 'REDIS_KEY_PREFIX') env[k] = PREFIX;
    else if (v.startsWith('/run/secrets/')) env[k] = join(secrets, v.slice('/run/secrets/'.length));
    else env[k] = String(v);
  }
  // deploy/gateway.env: the upstreams (here the simulators), the webhook secret as a file too.
  const upstreams = sandboxEnv(sandbox);
  return { ...env, ...upstreams, FOURHSE_WEBHOOK_SECRET_FILE: join(secrets, 'fourhse_webhook_secret'), POLL_INTERVAL_S: '0' };
}

beforeAll(async () => {
  sandbox = await startSandbox();
  collector = await startOtlpReceiver();
  secrets = mkdtempSync(join(tmpdir(), 'certgw-secrets-'));
  // As compose mounts them: one file per secret, ending in a newline as `openssl rand -hex 24 > file` writes it.
  writeFileSync(join(secrets, 'gateway_api_keys'), `${API_KEY}\n`);
  writeFileSync(join(secrets, 'fourhse_webhook_secret'), `${SECRET}\n`);
  redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  [a, b] = await Promise.all([startProcessGateway(replicaEnv(compose.services['gateway-a'])), startProcessGateway(replicaEnv(compose.services['gateway-b']))]);
}, 30_000);

afterAll(async () => {
  await Promise.all([a?.kill('SIGKILL'), b?.kill('SIGKILL')]);
  for (const s of subs) void s.close().catch(() => undefined);
  const keys = await redis.keys(`${PREFIX}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  await sandbox?.stop();
  await collector?.stop();
  rmSync(secrets, { recursive: true, force: true });
}, 15_000);

async function gql(url: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = auth): Promise<{ status: number; body: { data?: any; errors?: any[] } }> {
  const r = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  return { status: r.status, body: (await r.json()) as { data?: any; errors?: any[] } };
}
const ISSUE = `mutation Issue($input: IssueCertificateInput!, $key: String) { issueCertificate(input: $input, idempotencyKey: $key) { id source name } }`;

describe('compose.yaml', () => {
  it('describes two replicas of one configuration, Redis and a collector, each with a health check', () => {
    const { services } = compose;
    expect(Object.keys(services).sort()).toEqual(['demo', 'gateway-a', 'gateway-b', 'jaeger', 'redis']);
    expect(services['gateway-a'].environment).toEqual(services['gateway-b'].environment);
    expect(services['gateway-a'].ports).not.toEqual(services['gateway-b'].ports);
    expect(services['gateway-a'].environment).toMatchObject({ REDIS_URL: 'redis://redis:6379', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318', GATEWAY_API_KEYS_FILE: '/run/secrets/gateway_api_keys' });
    for (const [name, s] of Object.entries(services)) expect([name, (s.healthcheck?.test.length ?? 0) > 0]).toEqual([name, true]);
    expect(services['gateway-a'].healthcheck!.test.join(' ')).toContain('/readyz');
    expect(services.demo.profiles).toEqual(['demo']);
    expect(compose.secrets.gateway_api_keys.file).toBe('deploy/secrets/gateway-api-keys');
  });
});

describe('the same topology as processes', () => {
  it('both replicas are ready, and both require the API key read from its file', async () => {
    for (const g of [a, b]) {
      expect((await fetch(`${g.url}/readyz`)).status).toBe(200);
      expect((await gql(g.url, '{ sources { name } }', {}, {})).status).toBe(401);
      const ok = await gql(g.url, '{ sources { name healthy } }');
      expect(ok.status).toBe(200);
      expect(ok.body.data.sources.every((s: { healthy: boolean }) => s.healthy)).toBe(true);
    }
  });

  it('a webhook received by replica A and a write made through A reach a subscriber of replica B', async () => {
    const onB = subscribe(b.url, {}, auth);
    subs.push(onB);
    // Markers posted to A until B's subscriber has one: already A → Redis → B.
    await subscribed(onB.events, a.url, SECRET, sandbox);

    const hook = await postWebhook(a.url, SECRET, 'CERTIFICATE::CREATE', fourHseWebhookCertificate(sandbox, { name: 'Topology Webhook' }));
    expect(hook.status).toBe(200);
    const written = await gql(a.url, ISSUE, {
      input: { ensinio: { groupId: sandbox.seed.ensinio.groups[0].id, userId: sandbox.seed.ensinio.users[3].id, conclusionDate: '2026-11-05' } },
    });
    expect(written.body.errors).toBeUndefined();
    const id = written.body.data.issueCertificate.id as string;

    const real = () => onB.events.filter((e) => !isMarker(e));
    await eventually(() => real().some((e) => e.certificateId === id), { timeoutMs: 10_000, what: "the write's CREATED event at B" });
    expect(real().map((e) => [e.type, e.source, e.certificate?.name ?? null])).toEqual(
      expect.arrayContaining([
        ['CREATED', 'FOURHSE', 'Topology Webhook'],
        ['CREATED', 'ENSINIO', expect.any(String)],
      ]),
    );
    expect(real().find((e) => e.eventId === hook.body.eventId)).toBeDefined();
  }, 30_000);

  it('an idempotency key used on A is honoured on B: one upstream write, the same certificate', async () => {
    const key = `topology-${randomUUID()}`;
    const input = { ensinio: { groupId: sandbox.seed.ensinio.groups[0].id, userId: sandbox.seed.ensinio.users[4].id, conclusionDate: '2026-11-06' } };
    const posts = () => sandbox.ensinio.requests.filter((r) => r.method === 'POST').length;
    const before = posts();
    const first = await gql(a.url, ISSUE, { input, key });
    expect(first.body.errors).toBeUndefined();
    const again = await gql(b.url, ISSUE, { input, key });
    expect(again.body.errors).toBeUndefined();
    expect(again.body.data.issueCertificate.id).toBe(first.body.data.issueCertificate.id);
    expect(posts() - before).toBe(1);
    // The same key with another input is refused on B too.
    const other = await gql(b.url, ISSUE, { input: { ...input, ensinio: { ...input.ensinio, conclusionDate: '2026-11-07' } }, key });
    expect(other.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey' });
    expect(posts() - before).toBe(1);
  });

  it("Springest's 30 uploads a minute are one budget for both replicas", async () => {
    const certification = sandbox.seed.springest.certifications.find((c) => c.requires_valid_until)!;
    const upload = (url: string, i: number) =>
      gql(url, ISSUE, {
        input: { springest: { certificationId: certification.id, email: 'maria.rossi@acme-construction.example', validFrom: '2026-11-01', validUntil: '2029-11-01', conversionId: 5000 + i, fileBase64: PDF.toString('base64'), fileName: 'topology.pdf' } },
      });
    const results = await Promise.all(Array.from({ length: 31 }, (_, i) => upload([a, b][i % 2].url, i)));
    const ok = results.filter((r) => r.body.data?.issueCertificate?.id);
    const limited = results.filter((r) => r.body.errors?.[0].extensions?.code === 'RATE_LIMITED');
    expect([ok.length, limited.length]).toEqual([30, 1]);
    expect(limited[0].body.errors![0].extensions).toMatchObject({ source: 'SPRINGEST', retryAfter: expect.any(Number) });
    expect(sandbox.springest.uploads).toHaveLength(30);
  }, 60_000);

  it("traces: each replica's query is one operation span in the client's trace, with one child span per upstream request", async () => {
    const upstreamRequests = () => [...sandbox.simulators.values()].reduce((n, sim) => n + sim.requests.length, 0);
    for (const [replica, g] of [['a', a], ['b', b]] as const) {
      const traceId = randomUUID().replace(/-/g, '');
      const before = upstreamRequests();
      const r = await gql(g.url, `query Traced${replica.toUpperCase()} { certificates(first: 5) { totalCount nodes { id } } }`, {}, { ...auth, traceparent: `00-${traceId}-${'b'.repeat(15)}1-01` });
      expect(r.body.errors).toBeUndefined();
      const sent = upstreamRequests() - before;
      expect(sent).toBeGreaterThanOrEqual(4);
      // The replicas export in batches (every 5 s): wait for this trace's spans.
      const inTrace = () => collector.spans.filter((s) => s.traceId === traceId);
      await eventually(() => inTrace().some((s) => s.kind === 2) && inTrace().filter((s) => s.kind === 3).length >= sent, { timeoutMs: 20_000, what: `replica ${replica}'s spans at the collector` });
      const servers = inTrace().filter((s) => s.kind === 2);
      expect(servers).toHaveLength(1);
      expect(servers[0]).toMatchObject({ parentSpanId: 'b'.repeat(15) + '1', resource: expect.objectContaining({ 'service.name': 'certificate-gateway' }) });
      // One CLIENT span per upstream request this query made, each below the operation span.
      const clients = inTrace().filter((s) => s.kind === 3);
      expect(clients).toHaveLength(sent);
      const byId = new Map(inTrace().map((s) => [s.spanId, s]));
      for (const c of clients) {
        let p = byId.get(c.parentSpanId);
        while (p && p.kind !== 2) p = byId.get(p.parentSpanId);
        expect(p?.spanId).toBe(servers[0].spanId);
      }
    }
    expect(collector.rejected).toEqual([]);
  }, 60_000);
});
