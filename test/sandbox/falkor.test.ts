import { createHash } from 'node:crypto';
import { startFalkorSimulator, type FalkorSimulator } from '../../src/sandbox/falkor.sim';
import { createSeed, type FalkorCertificateItem } from '../../src/sandbox/seed';
import { TODAY, call } from './helpers';

const seed = createSeed({ today: TODAY });
const creds = { token: Buffer.from('falkor-user:falkor-secret').toString('base64') };
const AUTH = { authorization: `Basic ${creds.token}` };

interface Entry { story: { name: string; type: string; ID: string }; certificates: FalkorCertificateItem[] }

describe('Falkor simulator', () => {
  let sim: FalkorSimulator;
  let url: string;
  const post = (body: unknown) => call('POST', url, { headers: AUTH, json: body });
  const count = (data: Entry[]) => data.reduce((n, e) => n + e.certificates.length, 0);

  beforeAll(async () => {
    sim = await startFalkorSimulator({ data: seed.falkor, credentials: creds });
    url = `${sim.url}/v1/logs/story-certificates`;
  });
  afterAll(() => sim.stop());
  afterEach(() => sim.setFault(null));

  it('refuses missing or wrong Basic credentials', async () => {
    for (const headers of [{}, { authorization: 'Basic d3Jvbmc=' }, { authorization: `Bearer ${creds.token}` }] as Record<string, string>[]) {
      const r = await call('POST', url, { headers, json: {} });
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ status: 'error', message: 'Invalid credentials' });
    }
  });

  it('answers the documented envelope: every story with its certificates, md5 hash, response_time', async () => {
    const r = await post({});
    expect(r.status).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual(['data', 'hash', 'response_time', 'status']);
    expect(r.body.status).toBe('success');
    expect(r.body.hash).toBe(createHash('md5').update(JSON.stringify(r.body.data)).digest('hex'));
    expect(typeof r.body.response_time).toBe('number');
    expect(r.body.response_time).toBeGreaterThanOrEqual(0);
    const data: Entry[] = r.body.data;
    expect(count(data)).toBe(60);
    for (const entry of data) {
      expect(Object.keys(entry.story)).toEqual(['name', 'type', 'ID']);
      expect(entry.certificates.length).toBeGreaterThan(0);
      for (const c of entry.certificates) {
        expect(Object.keys(c)).toEqual(['firstname', 'lastname', 'email', 'telephone', 'country', 'city', 'certificate']);
        expect(['pending', 'delivered']).toContain(c.certificate.state);
      }
    }
    // Types arrive in any case, exactly as stored.
    expect(data.map((e) => e.story.type)).toEqual(expect.arrayContaining(['Story', 'story', 'SURVEY', 'Scorm']));
  });

  it('also accepts an empty body and a JSON body sent as form (curl -d)', async () => {
    expect(count((await call('POST', url, { headers: AUTH })).body.data)).toBe(60);
    const form = await call('POST', url, { headers: { ...AUTH, 'content-type': 'application/x-www-form-urlencoded' }, body: JSON.stringify({ story: seed.falkor.stories[0].ID }) });
    expect(form.status).toBe(200);
    expect(form.body.data.map((e: Entry) => e.story.ID)).toEqual([seed.falkor.stories[0].ID]);
  });

  it('filters by story ID or by name, case-insensitively on the name', async () => {
    const story = seed.falkor.stories[2];
    const expected = seed.falkor.certificates.filter((c) => c.storyId === story.ID).map((c) => c.item);
    expect(expected.length).toBeGreaterThan(0);
    for (const value of [story.ID, story.name, story.name.toUpperCase()]) {
      const r = await post({ story: value });
      expect(r.body.data).toEqual([{ story, certificates: expected }]);
    }
    expect((await post({ story: 'No Such Story' })).body.data).toEqual([]);
  });

  it('filters by users: email or "First Last", case-insensitively, omitting stories without matches', async () => {
    const maria = seed.people[0];
    const expected = seed.falkor.certificates.filter((c) => c.item.email === maria.email);
    expect(expected.length).toBeGreaterThan(0);
    for (const users of [[maria.email], [maria.email.toUpperCase()], ['maria rossi'], [maria.fullName]]) {
      const data: Entry[] = (await post({ users })).body.data;
      expect(count(data)).toBe(expected.length);
      expect(data.length).toBe(new Set(expected.map((c) => c.storyId)).size);
      expect(data.every((e) => e.certificates.every((c) => c.email === maria.email))).toBe(true);
    }
    const two = [maria.email, seed.people[1].email];
    expect(count((await post({ users: two })).body.data)).toBe(seed.falkor.certificates.filter((c) => two.includes(c.item.email)).length);
  });

  it('filters by groups', async () => {
    const members = new Set(seed.falkor.users.filter((u) => u.groups.includes('Warehouse')).map((u) => u.email));
    const expected = seed.falkor.certificates.filter((c) => members.has(c.item.email)).length;
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(60);
    const data: Entry[] = (await post({ groups: ['Warehouse'] })).body.data;
    expect(count(data)).toBe(expected);
    expect(data.every((e) => e.certificates.every((c) => members.has(c.email)))).toBe(true);
  });

  it('matches the app by ID or name; another app matches nothing', async () => {
    expect(count((await post({ app: seed.falkor.app.ID })).body.data)).toBe(60);
    expect(count((await post({ app: seed.falkor.app.name.toLowerCase() })).body.data)).toBe(60);
    expect((await post({ app: 'Other App' })).body.data).toEqual([]);
  });

  it('shows pending certificates without a URL', async () => {
    const all: Entry[] = (await post({})).body.data;
    const pending = all.flatMap((e) => e.certificates).filter((c) => c.certificate.state === 'pending');
    expect(pending.length).toBe(5);
    expect(pending.every((c) => c.certificate.url === '')).toBe(true);
  });

  it('refuses a non-JSON body and wrongly typed filters with 400', async () => {
    const bad = await call('POST', url, { headers: { ...AUTH, 'content-type': 'application/json' }, body: 'story=Story A' });
    expect(bad.status).toBe(400);
    expect(bad.body.status).toBe('error');
    expect((await post({ groups: 'Sales' })).status).toBe(400);
    expect((await post({ users: [1, 2] })).status).toBe(400);
    expect((await post({ story: 5 })).status).toBe(400);
    expect((await post([1])).status).toBe(400);
  });

  it('knows only POST on its one path', async () => {
    expect((await call('GET', url, { headers: AUTH })).status).toBe(405);
    expect((await call('POST', `${sim.url}/v1/logs/other`, { headers: AUTH, json: {} })).status).toBe(404);
  });

  it('injects faults in its own error form', async () => {
    sim.setFault({ kind: 'status', status: 502 });
    const r = await post({});
    expect(r.status).toBe(502);
    expect(r.body).toEqual({ status: 'error', message: 'Bad Gateway' });
    sim.setFault({ kind: 'shape' });
    expect((await post({})).body).toEqual({ unexpected: true });
    sim.setFault({ kind: 'malformed' });
    expect((await post({})).body).toBeUndefined();
  });
});
