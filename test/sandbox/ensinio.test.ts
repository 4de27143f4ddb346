import { startEnsinioSimulator, type EnsinioSimulator } from '../../src/sandbox/ensinio.sim';
import { createSeed, type EnsinioCertificate } from '../../src/sandbox/seed';
import { TODAY, call } from './helpers';

const seed = createSeed({ today: TODAY });
const creds = { token: 'ensinio-token' };
const AUTH = { authorization: `Bearer ${creds.token}`, 'x-requested-with': 'XMLHttpRequest' };
const all = [...seed.ensinio.certificates].sort((a, b) => a.id - b.id);

describe('Ensinio simulator', () => {
  let sim: EnsinioSimulator;
  let base: string;
  const list = (query = '') => call('GET', `${base}${query ? `?${query}` : ''}`, { headers: AUTH });

  beforeAll(async () => {
    sim = await startEnsinioSimulator({ data: seed.ensinio, credentials: creds });
    base = `${sim.url}/public/api/v1/certificates`;
  });
  afterAll(() => sim.stop());
  afterEach(() => sim.setFault(null));

  it.each([
    ['no headers', {}],
    ['no X-Requested-With', { authorization: AUTH.authorization }],
    ['no token', { 'x-requested-with': 'XMLHttpRequest' }],
    ['a wrong token', { ...AUTH, authorization: 'Bearer wrong' }],
  ])('answers 401 with %s', async (_name, headers) => {
    const r = await call('GET', `${sim.url}/public/api/v1/certificates`, { headers: headers });
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ message: 'Unauthenticated.' });
  });

  it('pages by 15 by default with Laravel links and meta', async () => {
    const r = await list();
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual(all.slice(0, 15));
    expect(r.body.meta).toEqual({ current_page: 1, from: 1, last_page: Math.ceil(all.length / 15), path: base, per_page: 15, to: 15, total: all.length });
    expect(r.body.links).toEqual({ first: `${base}?page=1`, last: `${base}?page=${Math.ceil(all.length / 15)}`, prev: null, next: `${base}?page=2` });
  });

  it('answers a middle page, the last page and a page past the end', async () => {
    const mid = await list('page=2&per_page=20');
    expect(mid.body.data).toEqual(all.slice(20, 40));
    expect(mid.body.meta).toMatchObject({ current_page: 2, from: 21, to: 40, per_page: 20, last_page: 4 });
    expect(mid.body.links.prev).toBe(`${base}?per_page=20&page=1`);
    expect(mid.body.links.next).toBe(`${base}?per_page=20&page=3`);
    const last = await list('page=3&per_page=30');
    expect(last.body.data).toEqual(all.slice(60));
    expect(last.body.meta).toMatchObject({ from: 61, to: all.length, last_page: 3 });
    expect(last.body.links.next).toBeNull();
    const past = await list('page=9&per_page=30');
    expect(past.status).toBe(200);
    expect(past.body.data).toEqual([]);
    expect(past.body.meta).toMatchObject({ current_page: 9, from: null, to: null, total: all.length });
  });

  it('can be walked to the end by following links.next', async () => {
    const seen: EnsinioCertificate[] = [];
    let url: string | null = `${base}?per_page=25`;
    let calls = 0;
    while (url) {
      const r = await call('GET', url, { headers: AUTH });
      seen.push(...r.body.data);
      url = r.body.links.next;
      calls += 1;
    }
    expect(calls).toBe(Math.ceil(all.length / 25));
    expect(seen).toEqual(all);
  });

  it.each([
    ['per_page=0', 'per_page', 'The per page must be at least 1.'],
    ['per_page=101', 'per_page', 'The per page may not be greater than 100.'],
    ['per_page=abc', 'per_page', 'The per page must be an integer.'],
    ['per_page=2.5', 'per_page', 'The per page must be an integer.'],
    ['page=0', 'page', 'The page must be at least 1.'],
    ['user_id=abc', 'user_id', 'The user id must be an integer.'],
    ['group_id=1x', 'group_id', 'The group id must be an integer.'],
  ])('refuses %s with a Laravel-style 400', async (query, field, message) => {
    const r = await list(query);
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ message: 'The given data was invalid.', errors: { [field]: [message] } });
  });

  it('accepts per_page=100 and per_page=1', async () => {
    expect((await list('per_page=100')).body.data).toEqual(all);
    expect((await list('per_page=1&page=80')).body.data).toEqual([all[79]]);
  });

  it('filters by user_id and by group_id, and keeps the filters in the links', async () => {
    const userId = seed.people[0].ensinio!.userId;
    const mine = all.filter((c) => c.user_id === userId);
    expect(mine.length).toBeGreaterThan(0);
    expect((await list(`user_id=${userId}`)).body.data).toEqual(mine);
    const group = all[0].group_id;
    const inGroup = all.filter((c) => c.group_id === group);
    const r = await list(`group_id=${group}&per_page=2`);
    expect(r.body.data).toEqual(inGroup.slice(0, 2));
    expect(r.body.meta.total).toBe(inGroup.length);
    expect(r.body.links.next).toBe(`${base}?group_id=${group}&per_page=2&page=2`);
    const both = await list(`group_id=${group}&user_id=${all[0].user_id}`);
    expect(both.body.data).toEqual(all.filter((c) => c.group_id === group && c.user_id === all[0].user_id));
    expect((await list('user_id=1')).body).toMatchObject({ data: [], meta: { total: 0, last_page: 1, from: null } });
  });

  it('serves the documented quirks: ch as "40h" or 8, real nulls', async () => {
    const data: EnsinioCertificate[] = (await list('per_page=100')).body.data;
    expect(data.some((c) => typeof c.ch === 'string')).toBe(true);
    expect(data.some((c) => typeof c.ch === 'number')).toBe(true);
    expect(data.some((c) => c.average_grade === null && c.member_photo === null) || (data.some((c) => c.average_grade === null) && data.some((c) => c.member_photo === null))).toBe(true);
    expect(data.some((c) => c.conclusion_date === null)).toBe(true);
  });

  it('issues (201) and revokes (204) certificates', async () => {
    const user = seed.ensinio.users[0];
    const group = seed.ensinio.groups.find((g) => g.name === 'NR-35 Trabalho em Altura')!;
    const created = await call('POST', base, { headers: AUTH, json: { group_id: group.id, user_id: user.id, conclusion_date: '2025-05-20' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ user_id: user.id, group_id: group.id, group_name: group.name, member_name: user.name, conclusion_date: '2025-05-20', expiration_date: '2027-05-20' });
    expect(created.body.id).toBeGreaterThan(all.at(-1)!.id);
    expect((await list(`user_id=${user.id}&per_page=100`)).body.data.map((c: EnsinioCertificate) => c.id)).toContain(created.body.id);
    expect((await call('DELETE', `${base}/${created.body.id}`, { headers: AUTH })).status).toBe(204);
    expect((await call('DELETE', `${base}/${created.body.id}`, { headers: AUTH })).status).toBe(404);
    expect(sim.certificates).toHaveLength(all.length);
  });

  it('refuses invalid issues with 400 and unknown group or user with 404', async () => {
    const bad = await call('POST', base, { headers: AUTH, json: { group_id: 'x', conclusion_date: '20/05/2025' } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['conclusion_date', 'group_id', 'user_id']);
    expect((await call('POST', base, { headers: AUTH, json: { group_id: 999, user_id: seed.ensinio.users[0].id, conclusion_date: '2025-05-20' } })).status).toBe(404);
    expect((await call('POST', base, { headers: AUTH, json: { group_id: 12, user_id: 1, conclusion_date: '2025-05-20' } })).status).toBe(404);
  });

  it('injects faults (429 in Laravel form, malformed)', async () => {
    sim.setFault({ kind: 'status', status: 429, headers: { 'Retry-After': '60' } });
    const r = await list();
    expect(r.status).toBe(429);
    expect(r.body).toEqual({ message: 'Too Many Attempts.' });
    expect(r.headers.get('retry-after')).toBe('60');
    sim.setFault({ kind: 'malformed' });
    const m = await list();
    expect(m.status).toBe(200);
    expect(m.body).toBeUndefined();
  });
});
