import type { SpringestConfig } from '../../src/connectors/springest';
import { startTestGateway, type TestGateway } from '../helpers/gateway';

/**
 * No secret may reach a response or a log line, whatever happens upstream:
 * every credential of the sandbox, the OAuth tokens 4HSE hands out, and a
 * wrong key that an upstream refuses and echoes back.
 */
describe('secrets never leak', () => {
  let gw: TestGateway;
  const WRONG_KEY = 'wrongkey' + 'a1b2c3d4e5f6a7b8';
  const responses: string[] = [];

  beforeAll(async () => {
    gw = await startTestGateway({
      env: { LOG_LEVEL: 'debug', GATEWAY_API_KEYS: 'gateway-key-0123456789abcdef' },
      mutateConfig: (c) => ({ ...c, sources: { ...c.sources, SPRINGEST: { ...(c.sources.SPRINGEST as SpringestConfig), certificationsApiKey: WRONG_KEY } } }),
    });
  });
  afterAll(() => gw?.stop());

  const q = async (query: string, vars?: Record<string, unknown>, auth = 'Bearer gateway-key-0123456789abcdef') => {
    const res = await gw.query(query, vars, { authorization: auth });
    responses.push(res.text);
    return res;
  };

  it('keeps them out of answers and logs through successes and every kind of failure', async () => {
    await q(`{ certificates(first: 50) { nodes { id name holder { name } certification { name } } } }`);
    // An upstream that echoes the credential and its URL in its error message.
    const c = gw.sandbox.credentials;
    gw.sandbox.ensinio.setFault({ kind: 'status', status: 400, body: JSON.stringify({ message: `bad token ${c.ensinio.token} at ${gw.sandbox.ensinio.url}/x?api_key=${c.springest.apiKey}` }) });
    const rejected = await q(`{ certificates(first: 5, filter: { sources: [ENSINIO] }) { totalCount } }`);
    gw.sandbox.ensinio.setFault(null);
    expect(rejected.body.errors![0].extensions).toMatchObject({ code: 'UPSTREAM_REJECTED', source: 'ENSINIO' });
    expect(rejected.body.errors![0].message).toContain('[REDACTED]');
    gw.sandbox.falkor.setFault({ kind: 'status', status: 500, body: `Basic ${c.falkor.token} failed` });
    await q(`{ certificates(first: 5, filter: { sources: [FALKOR] }) { totalCount } }`);
    gw.sandbox.falkor.setFault(null);
    gw.sandbox.fourhse.revokeTokens();
    await q(`{ certificates(first: 5, filter: { sources: [FOURHSE] }) { totalCount } }`);
    await q(`{ sources { name lastError } }`);
    await q(`{ sources { name } }`, undefined, 'Bearer wrong-key-wrong-key-wrong');

    const tokens = gw.sandbox.fourhse.requests
      .map((r) => String(r.headers.authorization ?? ''))
      .filter((h) => h.startsWith('Bearer '))
      .map((h) => h.slice(7));
    expect(new Set(tokens).size).toBeGreaterThanOrEqual(2); // revoked, then refreshed after the 401
    const secrets = [
      c.fourhse.accessToken,
      c.fourhse.oauth.password,
      c.springest.apiKey,
      c.springest.certificationsApiKey,
      c.ensinio.token,
      c.falkor.token,
      WRONG_KEY,
      'gateway-key-0123456789abcdef',
      ...tokens,
    ];
    const everything = [...responses, ...gw.logs].join('\n');
    expect(gw.logs.length).toBeGreaterThan(10);
    for (const s of secrets) expect(everything.includes(s)).toBe(false);
    expect(everything).not.toMatch(/api_key=(?!\[REDACTED\])/);
    expect(responses.join('\n')).not.toContain(gw.sandbox.ensinio.url);
  });

  it('names the refused certifications key as an upstream problem without the key', async () => {
    const res = await q(`{ certifications(sources: [SPRINGEST]) { name } }`);
    expect(res.body.errors![0].extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', source: 'SPRINGEST', status: 401 });
    expect(res.text).not.toContain(WRONG_KEY);
  });
});
