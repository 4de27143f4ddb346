/** The 4HSE client's view of the server's quirks, against the real simulator over HTTP. */
import { systemClock } from '../../src/clock';
import type { ConnectorDeps } from '../../src/connectors/deps';
import { createFourHseClient, type FourHseClient } from '../../src/connectors/fourhse/client';
import { HealthTracker } from '../../src/connectors/health';
import { createUndiciFetch } from '../../src/connectors/undici-fetch';
import { createLogger, createSecrets } from '../../src/logger';
import { createMetrics } from '../../src/metrics';
import { startFourHseSimulator, type FourHseSimulator } from '../../src/sandbox/fourhse.sim';
import { createSeed } from '../../src/sandbox/seed';

const seed = createSeed({ today: '2026-01-10' });
const creds = { accessToken: 'static-token-for-client-tests', oauth: { clientId: 'c', username: 'u', password: 'p' } };
const fetchImpl = createUndiciFetch();
afterAll(() => fetchImpl.destroy());

let sim: FourHseSimulator;
beforeAll(async () => {
  sim = await startFourHseSimulator({ data: seed.fourhse, credentials: creds });
});
afterAll(() => sim.stop());
afterEach(() => {
  sim.nulls = 'largest';
  sim.paginationHeaders = true;
});

function client(): { client: FourHseClient; logs: string[] } {
  const secrets = createSecrets([creds.accessToken]);
  const logs: string[] = [];
  const deps = {
    fetch: fetchImpl,
    timeoutMs: 5000,
    secrets,
    logger: createLogger({ level: 'debug', secrets, write: (l) => logs.push(l) }),
    metrics: createMetrics(),
    clock: systemClock,
  } as unknown as ConnectorDeps; // springestUploads is not used by 4HSE
  return { client: createFourHseClient({ baseUrl: sim.url, accessToken: creds.accessToken }, deps, new HealthTracker('FOURHSE', true, systemClock)), logs };
}

describe('4HSE client: what it learns about the server', () => {
  it.each(['smallest', 'largest'] as const)('probes where nulls sort (%s) with two parallel per-page 1 requests, once', async (nulls) => {
    sim.nulls = nulls;
    const { client: c } = client();
    expect(c.traits.nulls).toBeNull();
    const before = sim.requests.length;
    const [a, b] = await Promise.all([c.probeNulls(), c.probeNulls()]);
    expect([a, b]).toEqual([nulls, nulls]);
    expect(c.traits.nulls).toBe(nulls);
    const probes = sim.requests.slice(before);
    expect(probes.map((r) => r.body)).toEqual(expect.arrayContaining([{ sort: 'date_expire', 'per-page': 1, page: 1 }, { sort: '-date_expire', 'per-page': 1, page: 1 }]));
    expect(probes).toHaveLength(2);
    await c.probeNulls(); // known: no request
    expect(sim.requests.length).toBe(before + 2);
  });

  it('stays undecided while no certificate has a null date_expire, and probes again later', async () => {
    const noNulls = await startFourHseSimulator({ data: { ...seed.fourhse, certificates: seed.fourhse.certificates.filter((x) => x.date_expire !== null) }, credentials: creds, nulls: 'smallest' });
    try {
      const secrets = createSecrets([]);
      const deps = { fetch: fetchImpl, timeoutMs: 5000, secrets, logger: createLogger({ level: 'error', secrets }), metrics: createMetrics(), clock: systemClock } as unknown as ConnectorDeps;
      const c = createFourHseClient({ baseUrl: noNulls.url, accessToken: creds.accessToken }, deps, new HealthTracker('FOURHSE', true, systemClock));
      expect(await c.probeNulls()).toBeNull();
      noNulls.insertCertificates([{ ...seed.fourhse.certificates[0], certificate_id: '00000000-0000-4000-8000-00000000f001', date_expire: null }]);
      expect(await c.probeNulls()).toBe('smallest');
      expect(noNulls.requests).toHaveLength(4);
    } finally {
      await noNulls.stop();
    }
  });

  it('reports a page without pagination headers as such (no made-up total), and warns once', async () => {
    const { client: c, logs } = client();
    const withHeaders = await c.index({ 'per-page': 40, page: 2 });
    expect(withHeaders).toMatchObject({ total: seed.fourhse.certificates.length, pageCount: Math.ceil(seed.fourhse.certificates.length / 40), perPage: 40 });
    expect(c.traits.paginationHeaders).toBe(true);
    sim.paginationHeaders = false;
    const without = await c.index({ 'per-page': 40, page: 2 });
    expect(without.items).toHaveLength(40);
    expect(without).toMatchObject({ total: null, pageCount: null, perPage: 40 });
    expect(c.traits.paginationHeaders).toBe(false);
    await c.index({ 'per-page': 40, page: 3 });
    const warnings = logs.map((l) => JSON.parse(l)).filter((l) => l.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0].msg).toMatch(/X-Pagination/);
  });
});
