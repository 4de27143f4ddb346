import { startSandbox, type Sandbox } from '../../src/sandbox';
import { TODAY, call } from './helpers';

describe('startSandbox', () => {
  let sb: Sandbox;
  let other: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ today: TODAY });
    other = await startSandbox({ today: TODAY, seed: 42, credentials: { ensinio: { token: 'fixed-ensinio-token' } } });
  });
  afterAll(async () => {
    await sb.stop();
    await other.stop();
  });

  it('starts four servers on distinct ports, seeded from seed 42 and today', () => {
    const urls = [sb.fourhse.url, sb.springest.url, sb.ensinio.url, sb.falkor.url];
    expect(new Set(urls).size).toBe(4);
    for (const u of urls) expect(u).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sb.seed.seed).toBe(42);
    expect(sb.seed.today).toBe(TODAY);
    expect(sb.fourhse.tokenUrl).toBe(`${sb.fourhse.url}/auth/token`);
  });

  it('generates random 32-hex credentials per start, with overrides applied whole per source', () => {
    const values = [
      sb.credentials.fourhse.accessToken, sb.credentials.fourhse.oauth.password, sb.credentials.springest.apiKey,
      sb.credentials.springest.certificationsApiKey, sb.credentials.ensinio.token, sb.credentials.falkor.token,
    ];
    for (const v of values) expect(v).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(values).size).toBe(values.length);
    expect(sb.credentials.springest.apiKey).not.toBe(sb.credentials.springest.certificationsApiKey);
    expect(other.credentials.fourhse.accessToken).not.toBe(sb.credentials.fourhse.accessToken);
    expect(other.credentials.ensinio).toEqual({ token: 'fixed-ensinio-token' });
  });

  it('defaults today to the current UTC date', async () => {
    const now = await startSandbox();
    try {
      expect(now.seed.today).toBe(new Date().toISOString().slice(0, 10));
    } finally {
      await now.stop();
    }
  });

  it('serves the same person in all four sources, each identified its own way', async () => {
    const maria = sb.seed.people[0];
    const c = sb.credentials;
    const fourhse = await call('POST', `${sb.fourhse.url}/v2/certificate/index?access-token=${c.fourhse.accessToken}`, { json: { filter: { resource_id: maria.fourhse!.resourceId } } });
    expect(fourhse.body.length).toBeGreaterThan(0);
    expect(fourhse.body.every((x: { resource_name: string }) => x.resource_name === 'Rossi Maria')).toBe(true);

    const springest = await call('GET', `${sb.springest.url}/users/certificates.json?api_key=${c.springest.apiKey}&email=${encodeURIComponent(maria.email)}`);
    expect(springest.body.certificates.length).toBeGreaterThan(0);
    expect(springest.body.certificates.every((x: { user: { email: string } }) => x.user.email === maria.email)).toBe(true);

    const ensinio = await call('GET', `${sb.ensinio.url}/public/api/v1/certificates?user_id=${maria.ensinio!.userId}`, {
      headers: { authorization: `Bearer ${c.ensinio.token}`, 'x-requested-with': 'XMLHttpRequest' },
    });
    expect(ensinio.body.data.length).toBeGreaterThan(0);
    expect(ensinio.body.data.every((x: { member_name: string }) => x.member_name === 'Maria Rossi')).toBe(true);

    const falkor = await call('POST', `${sb.falkor.url}/v1/logs/story-certificates`, { headers: { authorization: `Basic ${c.falkor.token}` }, json: { users: [maria.email] } });
    expect(falkor.body.data.length).toBeGreaterThan(0);
  });

  it('applies the initial latency to every simulator, mutable afterwards', async () => {
    const slow = await startSandbox({ today: TODAY, latencyMs: 120 });
    try {
      for (const s of [slow.fourhse, slow.springest, slow.ensinio, slow.falkor]) expect(s.latencyMs).toBe(120);
      const t0 = Date.now();
      await call('POST', `${slow.falkor.url}/v1/logs/story-certificates`, { headers: { authorization: `Basic ${slow.credentials.falkor.token}` }, json: {} });
      expect(Date.now() - t0).toBeGreaterThanOrEqual(110);
      slow.falkor.latencyMs = 0;
      expect(slow.falkor.latencyMs).toBe(0);
      const again = await call('POST', `${slow.falkor.url}/v1/logs/story-certificates`, { headers: { authorization: `Basic ${slow.credentials.falkor.token}` }, json: {} });
      expect(again.status).toBe(200);
    } finally {
      await slow.stop();
    }
  });

  it('passes the 4HSE token lifetime and clock through', async () => {
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const sb2 = await startSandbox({ today: TODAY, fourhseTokenTtlS: 10, now: () => clock });
    try {
      const { oauth } = sb2.credentials.fourhse;
      const form = new URLSearchParams({ grant_type: 'password', client_id: oauth.clientId, username: oauth.username, password: oauth.password });
      const t = await call('POST', sb2.fourhse.tokenUrl, { body: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(t.body.expires_in).toBe(10);
      const auth = { authorization: `Bearer ${t.body.access_token}` };
      expect((await call('POST', `${sb2.fourhse.url}/v2/certificate/index`, { headers: auth, json: {} })).status).toBe(200);
      clock += 10_000;
      expect((await call('POST', `${sb2.fourhse.url}/v2/certificate/index`, { headers: auth, json: {} })).status).toBe(401);
    } finally {
      await sb2.stop();
    }
  });

  it('stops every server', async () => {
    const tmp = await startSandbox({ today: TODAY });
    const urls = [tmp.fourhse.url, tmp.springest.url, tmp.ensinio.url, tmp.falkor.url];
    await tmp.stop();
    for (const u of urls) await expect(fetch(u)).rejects.toThrow();
  });
});
