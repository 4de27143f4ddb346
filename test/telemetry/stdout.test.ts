import { startProcessGateway, type ProcessGateway } from '../helpers/process-gateway';
import { eventually } from '../helpers/eventually';

/**
 * The built gateway as `npm start` runs it, in sandbox mode (no source
 * configured): every line it writes on stdout is JSON, the banner for people
 * goes to stderr, and each request leaves one access log line at info.
 */
let p: ProcessGateway;
beforeAll(async () => {
  p = await startProcessGateway({ POLL_INTERVAL_S: '0', SANDBOX_CHANGE_EVERY_S: '0' });
});
afterAll(async () => {
  await p?.kill();
});

it('writes only JSON lines on stdout, the banner on stderr, and one access line per request', async () => {
  const res = await fetch(`${p.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': 'stdout-test-1' },
    body: JSON.stringify({ query: 'query Sandboxed($n: Int) { certificates(first: $n) { totalCount } }', variables: { n: 2 } }),
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('x-request-id')).toBe('stdout-test-1');
  const parsed = () => p.logs.flatMap((l) => {
    try {
      return [JSON.parse(l) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
  await eventually(() => parsed().some((l) => l.msg === 'graphql request' && l.request_id === 'stdout-test-1'), { what: 'the access log line' });
  const access = parsed().filter((l) => l.msg === 'graphql request');
  expect(access).toHaveLength(1);
  expect(access[0]).toMatchObject({ level: 'info', operationName: 'Sandboxed', operationType: 'query', outcome: 'ok', status: 200, client: 'ip:127.0.0.1' });
  expect(access[0].upstreamCalls).toBeGreaterThan(0);
  expect(JSON.stringify(access[0])).not.toContain('"n"');
  // The sandbox's banner is on stderr (kept in logs as raw chunks), and no stdout line failed to parse.
  expect(p.logs.some((l) => l.includes('GraphiQL:'))).toBe(true);
  expect(p.notJson).toEqual([]);
});
