/**
 * A fifth source that exists only in the tests: "Acme LMS", a read-only
 * JSON API (GET /api/certificates → { items: [...] }) with its own small
 * simulator. It is built from the same parts a real source module uses (the
 * shared HTTP client, health tracker, the local window of an unordered list)
 * and is registered only by the test: nothing under src/ names it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import DataLoader from 'dataloader';
import type { CertificateRecord, ResourceRecord } from '../../src/domain';
import { urlWith } from '../../src/env';
import { HealthTracker } from '../../src/connectors/health';
import { createHttpClient } from '../../src/connectors/http';
import { defineSource, type RunningSimulator } from '../../src/connectors/module';
import { windowOf } from '../../src/connectors/types';

export interface AcmeCertificate {
  id: string;
  title: string;
  learner: { email: string; name: string };
  issued: string;
  expires: string | null;
}

export const ACME_CERTIFICATES: AcmeCertificate[] = [
  { id: '1001', title: 'Acme Ladder Safety', learner: { email: 'ann.acme@example.com', name: 'Ann Acme' }, issued: '2026-01-10', expires: '2026-12-01' },
  { id: '1002', title: 'Acme Forklift Basics', learner: { email: 'bob.acme@example.com', name: 'Bob Acme' }, issued: '2025-05-02', expires: '2030-05-02' },
  { id: '1003', title: 'Acme Induction', learner: { email: 'ann.acme@example.com', name: 'Ann Acme' }, issued: '2024-03-03', expires: null },
];

interface AcmeConfig {
  baseUrl: string;
  token: string;
}

const toRecord = (c: AcmeCertificate): CertificateRecord => ({
  source: 'ACME',
  key: [c.id],
  sourceId: c.id,
  name: c.title,
  issuedOn: c.issued,
  expiresOn: c.expires,
  pending: false,
  revoked: false,
  url: null,
  note: null,
  actionType: null,
  validity: null,
  warning: null,
  grade: null,
  workloadHours: null,
  data: null,
  holder: { source: 'ACME', sourceId: c.learner.email, type: 'PERSON', name: c.learner.name, email: c.learner.email, photoUrl: null },
  certification: null,
  story: null,
});

/** The simulator: a real HTTP server; `failing` makes it answer 500 to everything. */
export interface AcmeSimulator extends RunningSimulator {
  failing: boolean;
}

async function startAcmeSimulator(token: string): Promise<AcmeSimulator> {
  const requests: { method: string; path: string }[] = [];
  const state = { failing: false };
  const server: Server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', path: req.url ?? '' });
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (state.failing) return send(500, { error: 'acme is down' });
    if (req.headers.authorization !== `Token ${token}`) return send(401, { error: 'bad token' });
    if (req.method === 'GET' && req.url === '/api/certificates') return send(200, { items: ACME_CERTIFICATES });
    send(404, { error: 'no such route' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    env: { ACME_BASE_URL: url, ACME_TOKEN: token },
    requests,
    get failing() {
      return state.failing;
    },
    set failing(v: boolean) {
      state.failing = v;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The last simulator started, so a test can make it fail. */
export let acmeSimulator: AcmeSimulator | undefined;

export const acme = defineSource<AcmeConfig>({
  name: 'ACME',
  label: 'Acme LMS',
  description: 'Acme LMS: a test-only fifth source (read only; polled)',
  readConfig(env) {
    const [baseUrl, token] = urlWith(env, 'ACME_BASE_URL', ['ACME_TOKEN']);
    return baseUrl ? { baseUrl, token: token! } : undefined;
  },
  secrets: (c) => [c.token],
  capabilities: { holderEmail: true, stories: false, actionTypes: false, certificationNamesByReference: false, writes: [], changes: 'polled' },
  ids: { Certificate: [/^\d{1,9}$/], Resource: [/^[^\s@/]+@[^\s@/]+$/] },
  createConnector(cfg, deps) {
    const health = new HealthTracker('ACME', true, deps.clock);
    const http = createHttpClient({
      source: 'ACME',
      baseUrl: cfg.baseUrl,
      fetch: deps.fetch,
      timeoutMs: deps.timeoutMs,
      headers: { authorization: `Token ${cfg.token}` },
      redact: deps.secrets.redact,
      logger: deps.logger,
      metrics: deps.metrics,
      health,
    });
    const all = async () => ((await http.request({ method: 'GET', path: '/api/certificates' }, { shared: true })).body as { items: AcmeCertificate[] }).items.map(toRecord);
    return {
      source: 'ACME',
      health,
      invalidate: () => undefined,
      createLoaders(status) {
        let list: Promise<CertificateRecord[]> | undefined;
        const once = () => (list ??= all());
        return {
          listCertificates: async (req) => windowOf(await once(), req, status),
          certificateByKey: new DataLoader<string, CertificateRecord | null>(async (keys) => {
            const byId = new Map((await once()).map((c) => [c.sourceId, c]));
            return keys.map((k) => byId.get((JSON.parse(k) as string[])[0]) ?? null);
          }),
          resourceById: new DataLoader<string, ResourceRecord | null>(async (emails) => {
            const byEmail = new Map((await once()).map((c) => [c.holder.sourceId, c.holder]));
            return emails.map((e) => byEmail.get(e) ?? null);
          }),
        };
      },
    };
  },
  async startSimulator() {
    acmeSimulator = await startAcmeSimulator('acme-test-token-0123456789');
    return acmeSimulator;
  },
});
