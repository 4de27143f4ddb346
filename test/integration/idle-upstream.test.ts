import { startTestGateway, type TestGateway } from '../helpers/gateway';

/**
 * Through the whole gateway (issue 11, item 10): an upstream that closes a
 * kept-alive connection as the gateway reuses it (the simulator's `reset`
 * fault destroys the socket without answering) costs one retried read, not
 * an UPSTREAM_UNAVAILABLE. (Writes are never retried: test/connectors/idle-sockets.test.ts.)
 */
let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw?.stop();
});

const QUERY = '{ certificates(first: 5, filter: { sources: [SPRINGEST] }) { totalCount nodes { name source } } }';

async function retriesOf(source: string): Promise<number> {
  const text = await (await fetch(`${gw.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`gateway_upstream_retries_total{source="${source}",reason="econnreset"}`));
  return line ? Number(line.split(' ').pop()) : 0;
}

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
