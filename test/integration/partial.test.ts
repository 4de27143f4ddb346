import type { Fault } from '../../src/sandbox';
import { startTestGateway, type TestGateway } from '../helpers/gateway';

let gw: TestGateway;
const Q = `{ certificates(first: 500) { totalCount nodes { id source } } }`;

beforeAll(async () => {
  // A short timeout so the slow-upstream case stays quick; the other sources answer in milliseconds.
  gw = await startTestGateway({ env: { UPSTREAM_TIMEOUT_MS: '400' } });
  await gw.query(Q); // warm the 4HSE token
});
afterAll(() => gw?.stop());

const sims = () => ({ FOURHSE: gw.sandbox.fourhse, SPRINGEST: gw.sandbox.springest, ENSINIO: gw.sandbox.ensinio, FALKOR: gw.sandbox.falkor });

describe('one source failing', () => {
  const cases: [string, keyof ReturnType<typeof sims>, Fault, Record<string, unknown>][] = [
    ['answers 503', 'SPRINGEST', { kind: 'status', status: 503, body: '{"error":"maintenance"}' }, { code: 'UPSTREAM_UNAVAILABLE', source: 'SPRINGEST', status: 503 }],
    ['answers 429', 'ENSINIO', { kind: 'status', status: 429, headers: { 'retry-after': '17' }, body: '{"message":"Too Many Attempts."}' }, { code: 'RATE_LIMITED', source: 'ENSINIO', retryAfter: 17 }],
    ['is slower than the timeout', 'FALKOR', { kind: 'delay', ms: 3000 }, { code: 'UPSTREAM_UNAVAILABLE', source: 'FALKOR', reason: 'TIMEOUT' }],
    ['answers malformed JSON', 'FOURHSE', { kind: 'malformed' }, { code: 'UPSTREAM_UNAVAILABLE', source: 'FOURHSE', reason: 'MALFORMED' }],
    ['answers an unexpected shape', 'SPRINGEST', { kind: 'shape' }, { code: 'UPSTREAM_UNAVAILABLE', source: 'SPRINGEST' }],
    ['answers 500 with an HTML page', 'ENSINIO', { kind: 'status', status: 500, body: '<html>Whoops</html>' }, { code: 'UPSTREAM_UNAVAILABLE', source: 'ENSINIO', status: 500 }],
  ];

  it.each(cases)('when %s (%s), the others still answer, with one error naming it', async (_what, failing, fault, extensions) => {
    const healthy = await gw.query(Q);
    const expectedOthers = healthy.body.data.certificates.nodes.filter((n: any) => n.source !== failing).map((n: any) => n.id);
    sims()[failing].setFault(fault);
    try {
      const res = await gw.query(Q);
      expect(res.status).toBe(200);
      expect(res.body.errors).toHaveLength(1);
      expect(res.body.errors![0]).toMatchObject({ path: ['certificates'], extensions });
      expect(res.body.errors![0].message).toContain(failing);
      expect(res.body.data.certificates.nodes.map((n: any) => n.id)).toEqual(expectedOthers);
      expect(res.body.data.certificates.totalCount).toBe(expectedOthers.length);

      const sources = await gw.query(`{ sources { name healthy lastError } }`);
      const state = sources.body.data.sources.find((s: any) => s.name === failing);
      expect(state.healthy).toBe(false);
      expect(state.lastError).toBeTruthy();
      const ready = await (await fetch(`${gw.url}/readyz`)).json();
      expect(ready.status).toBe('degraded');
    } finally {
      sims()[failing].setFault(null);
    }
    const after = await gw.query(Q);
    expect(after.body.errors).toBeUndefined();
    const sources = await gw.query(`{ sources { name healthy } }`);
    expect(sources.body.data.sources.every((s: any) => s.healthy)).toBe(true);
  });

  it('a page that missed a failing source resumes it on the next page', async () => {
    gw.sandbox.falkor.setFault({ kind: 'status', status: 502 });
    let first;
    try {
      first = await gw.query(`{ certificates(first: 5) { pageInfo { endCursor } nodes { source } } }`);
      expect(first.body.errors![0].extensions!.source).toBe('FALKOR');
    } finally {
      gw.sandbox.falkor.setFault(null);
    }
    const next = await gw.query(`query($after: String) { certificates(first: 500, after: $after) { nodes { source } } }`, {
      after: first.body.data.certificates.pageInfo.endCursor,
    });
    expect(next.body.errors).toBeUndefined();
    expect(next.body.data.certificates.nodes.some((n: any) => n.source === 'FALKOR')).toBe(true);
  });

  it('a field resolved from a failing source is null with its error; the rest of the query stands', async () => {
    const ids = (await gw.query(`{ certificates(first: 500, filter: { sources: [SPRINGEST] }) { nodes { id } } }`)).body.data.certificates.nodes;
    const fresh = await startTestGateway();
    try {
      fresh.sandbox.springest.setFault({ kind: 'status', status: 503, path: '/certifications' });
      const res = await fresh.query(`{ certificates(first: 3, filter: { sources: [SPRINGEST] }) { nodes { id certification { name } } } sources { name } }`);
      expect(res.body.data.certificates.nodes).toHaveLength(3);
      expect(res.body.data.certificates.nodes.every((n: any) => n.certification === null)).toBe(true);
      expect(res.body.errors!.every((e) => e.extensions!.code === 'UPSTREAM_UNAVAILABLE' && e.extensions!.source === 'SPRINGEST')).toBe(true);
      expect(res.body.data.sources).toHaveLength(4);
      expect(ids.length).toBeGreaterThan(3);
    } finally {
      await fresh.stop();
    }
  });

  it('all sources down: an empty page and one error per source, no hang', async () => {
    for (const s of Object.values(sims())) s.setFault({ kind: 'status', status: 503 });
    try {
      const res = await gw.query(Q);
      expect(res.body.data.certificates).toEqual({ totalCount: 0, nodes: [] });
      expect(res.body.errors!.map((e) => e.extensions!.source).sort()).toEqual(['ENSINIO', 'FALKOR', 'FOURHSE', 'SPRINGEST']);
      const ready = await fetch(`${gw.url}/readyz`);
      expect(ready.status).toBe(503);
    } finally {
      for (const s of Object.values(sims())) s.setFault(null);
    }
    await gw.query(Q);
  });
});
