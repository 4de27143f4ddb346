import type { FourHseConfig } from '../../src/connectors/fourhse';
import type { Clock } from '../../src/clock';
import { startTestGateway } from '../helpers/gateway';

const Q = `{ certificates(first: 3, filter: { sources: [FOURHSE] }) { totalCount } }`;

describe('4HSE authentication', () => {
  it('OAuth2: one token for many requests, refreshed before it expires, fetched once by concurrent requests', async () => {
    let now = Date.parse('2026-11-23T10:00:00Z');
    const clock: Clock = { now: () => new Date(now) };
    const gw = await startTestGateway({ clock, sandbox: { fourhseTokenTtlS: 100, today: '2026-11-23' } });
    try {
      await Promise.all([gw.query(Q), gw.query(Q), gw.query(Q)]);
      expect(gw.sandbox.fourhse.tokensIssued).toBe(1);
      await gw.query(Q);
      expect(gw.sandbox.fourhse.tokensIssued).toBe(1);
      const form = gw.sandbox.fourhse.requests.find((r) => r.path === '/auth/token')!;
      expect(String(form.headers['content-type'])).toMatch(/application\/x-www-form-urlencoded/);
      expect(form.body).toEqual(expect.stringContaining('grant_type=password'));
      now += 81_000; // past 80% of the 100 s lifetime
      const res = await gw.query(Q);
      expect(res.body.errors).toBeUndefined();
      expect(gw.sandbox.fourhse.tokensIssued).toBe(2);
      const index = gw.sandbox.fourhse.requests.filter((r) => r.path === '/v2/certificate/index');
      expect(index.every((r) => String(r.headers.authorization).startsWith('Bearer '))).toBe(true);
      expect(index.every((r) => r.query['access-token'] === undefined)).toBe(true);
    } finally {
      await gw.stop();
    }
  });

  it('OAuth2: a token revoked early is replaced once, transparently', async () => {
    const gw = await startTestGateway();
    try {
      await gw.query(Q);
      gw.sandbox.fourhse.revokeTokens();
      const res = await gw.query(Q);
      expect(res.body.errors).toBeUndefined();
      expect(gw.sandbox.fourhse.tokensIssued).toBe(2);
    } finally {
      await gw.stop();
    }
  });

  it('access token: sent as the access-token query parameter', async () => {
    const token = 'static-token-for-this-test-0001';
    const gw = await startTestGateway({
      sandbox: { credentials: { fourhse: { accessToken: token, oauth: { clientId: 'c', username: 'u', password: 'p' } } } },
      mutateConfig: (c) => ({ ...c, sources: { ...c.sources, FOURHSE: { baseUrl: (c.sources.FOURHSE as FourHseConfig).baseUrl, accessToken: token } } }),
    });
    try {
      const res = await gw.query(Q);
      expect(res.body.errors).toBeUndefined();
      const r = gw.sandbox.fourhse.requests[0];
      expect(r.path).toBe('/v2/certificate/index');
      expect(r.query['access-token']).toBe(token);
      expect(gw.sandbox.fourhse.tokensIssued).toBe(0);
      expect(gw.logs.join('\n')).not.toContain(token);
    } finally {
      await gw.stop();
    }
  });
});
