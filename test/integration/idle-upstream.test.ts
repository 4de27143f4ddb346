import { startTestGateway, type TestGateway } from '../helpers/gateway';

/**
 * Through the whole gateway (issue 11, item 10): an upstream that closes a
 * kept-alive connection as the gateway reuses it (the simulator's `reset`
 * fault destroys the socket without answering) costs one retried read, not
 * an UPSTREAM_UNAVAILABLE, whether the read is a GET (Springest) or a POST
 * (4HSE's list read, its OAuth token fetch); a write is never sent twice.
 */
let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw?.stop();
});

const QUERY = '{ certificates(first: 5, filter: { sources: [SPRINGEST] }) { totalCount nodes { name source } } }';

/** The value of one metric series (0 when absent), e.g. `gateway_upstream_retries_total{source="FOURHSE",reason="econnreset"}`. */
async function metric(series: string): Promise<number> {
  const text = await (await fetch(`${gw.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.split(' ').pop()) : 0;
}

const retriesOf = (source: string) => metric(`gateway_upstream_retries_total{source="${source}",reason="econnreset"}`);

it('a Springest read on a reused connection that Springest resets is retried once and the query answers in full', async () => {
  // Opens (and keeps alive) the gateway's connections to Springest.
  gw.resetUpstreamCalls();
  const first = await gw.query(QUERY);
  expect(first.body.errors).toBeUndefined();
  const callsOfOne = gw.upstreamCalls().SPRINGEST;
  expect(callsOfOne).toBeGreaterThan(0);
  gw.gateway.invalidateCaches();
  gw.resetUpstreamCalls();
  gw.sandbox.springest.setFault({ kind: 'reset', times: 1 });

  const again = await gw.query(QUERY);

  expect(again.body.errors).toBeUndefined();
  expect(again.body.data).toEqual(first.body.data);
  // The reset request was sent again: one Springest call more than the first query needed.
  expect(gw.upstreamCalls().SPRINGEST).toBe(callsOfOne + 1);
  expect(await retriesOf('SPRINGEST')).toBe(1);
  const sources = await gw.query('{ sources { name healthy } }');
  expect(sources.body.data.sources.find((s: { name: string }) => s.name === 'SPRINGEST').healthy).toBe(true);
});

const FOURHSE_QUERY = '{ certificates(first: 5, filter: { sources: [FOURHSE] }) { totalCount nodes { name source } } }';
const failedFourhse = () => metric('gateway_upstream_requests_total{source="FOURHSE",status="network"}');

/** 4HSE calls of one FOURHSE_QUERY, once the token is fetched and the connections are open (kept alive). */
async function fourhseCallsOfOneQuery(): Promise<{ calls: number; data: unknown }> {
  await gw.query(FOURHSE_QUERY);
  gw.gateway.invalidateCaches();
  gw.resetUpstreamCalls();
  const res = await gw.query(FOURHSE_QUERY);
  expect(res.body.errors).toBeUndefined();
  gw.gateway.invalidateCaches();
  return { calls: gw.upstreamCalls().FOURHSE, data: res.body.data };
}

it('a 4HSE list read (POST /v2/certificate/index) on a reused connection that 4HSE resets is retried once and the query answers in full', async () => {
  const one = await fourhseCallsOfOneQuery();
  expect(one.calls).toBeGreaterThan(0);
  const before = { retries: await retriesOf('FOURHSE'), failed: await failedFourhse() };
  gw.resetUpstreamCalls();
  const mark = gw.sandbox.fourhse.requests.length;
  gw.sandbox.fourhse.setFault({ kind: 'reset', times: 1, path: '/v2/certificate/index' });

  const again = await gw.query(FOURHSE_QUERY);

  expect(again.body.errors).toBeUndefined();
  expect(again.body.data).toEqual(one.data);
  // The reset POST was sent again: one 4HSE call more than the query needs, all of them list reads.
  expect(gw.upstreamCalls().FOURHSE).toBe(one.calls + 1);
  expect(gw.sandbox.fourhse.requests.slice(mark).every((r) => r.method === 'POST' && r.path === '/v2/certificate/index')).toBe(true);
  expect(await retriesOf('FOURHSE')).toBe(before.retries + 1);
  // The reset send counts as the failed request it was; the retry as a request of its own.
  expect(await failedFourhse()).toBe(before.failed + 1);
  const sources = await gw.query('{ sources { name healthy } }');
  expect(sources.body.data.sources.find((s: { name: string }) => s.name === 'FOURHSE').healthy).toBe(true);
});

it("4HSE's OAuth token fetch (a form POST) on a reused connection that 4HSE resets is retried once: the query answers in full", async () => {
  const one = await fourhseCallsOfOneQuery();
  const before = { retries: await retriesOf('FOURHSE'), tokens: gw.sandbox.fourhse.tokensIssued };
  // The next list read is refused (401), so the gateway fetches a new token, on a kept-alive socket that 4HSE resets.
  gw.sandbox.fourhse.revokeTokens();
  gw.resetUpstreamCalls();
  const mark = gw.sandbox.fourhse.requests.length;
  gw.sandbox.fourhse.setFault({ kind: 'reset', times: 1, path: '/auth/token' });

  const again = await gw.query(FOURHSE_QUERY);

  expect(again.body.errors).toBeUndefined();
  expect(again.body.data).toEqual(one.data);
  const tokenPosts = gw.sandbox.fourhse.requests.slice(mark).filter((r) => r.path === '/auth/token');
  expect(tokenPosts.map((r) => r.method)).toEqual(['POST', 'POST']);
  expect(gw.sandbox.fourhse.tokensIssued).toBe(before.tokens + 1);
  expect(await retriesOf('FOURHSE')).toBe(before.retries + 1);
});

it('a 4HSE write (issueCertificate: POST /v2/certificate/create) on a reused connection that 4HSE resets is sent once and fails UPSTREAM_UNAVAILABLE', async () => {
  await fourhseCallsOfOneQuery();
  const before = await retriesOf('FOURHSE');
  const person = gw.sandbox.seed.fourhse.resources.find((x) => x.resource_type === 'PERSON')!;
  const creates = () => gw.sandbox.fourhse.requests.filter((r) => r.path === '/v2/certificate/create').length;
  const createsBefore = creates();
  gw.sandbox.fourhse.setFault({ kind: 'reset', times: 1, path: '/v2/certificate/create' });

  const res = await gw.query(
    `mutation Issue($input: IssueCertificateInput!) { issueCertificate(input: $input) { id } }`,
    { input: { fourhse: { name: 'Reset write', issuedOn: '2026-10-01', expiresOn: '2028-10-01', actionType: 'TRAINING', resourceId: person.resource_id, tenantId: person.tenant_id, validity: 2, validityUnit: 'YEAR' } } },
  );

  expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', source: 'FOURHSE', reason: 'NETWORK' });
  expect(creates()).toBe(createsBefore + 1);
  expect(await retriesOf('FOURHSE')).toBe(before);
});
