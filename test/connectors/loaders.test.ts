import type { Clock } from '../../src/clock';
import { loadConfig, configSecrets, type Config } from '../../src/config';
import { DEFAULT_FIRST, DEFAULT_ORDER, statusContext, type CertificateCriteria } from '../../src/query';
import { createConnectors } from '../../src/connectors';
import { createUndiciFetch } from '../../src/connectors/undici-fetch';
import type { Connector, SourceLoaders } from '../../src/connectors/types';
import type { CertificateRecord, SourceName } from '../../src/domain';
import { createLogger, createSecrets } from '../../src/logger';
import { createMetrics } from '../../src/metrics';
import { startSandbox, type Sandbox } from '../../src/sandbox';
import { sandboxEnv } from '../../src/sandbox/sandbox-config';
import { defaultRegistry } from '../../src/connectors/registry';
import type { RecordedRequest } from '../../src/sandbox/sim-server';
import { createMemoryScheduler } from '../../src/connectors/slots';

/**
 * Which keys a source's per-request loaders (connector.createLoaders) put into
 * which upstream request, read from what the simulators (real HTTP servers)
 * recorded. Keys are the ones the connectors themselves produce.
 */
const TODAY = '2026-02-10';
const clock: Clock = { now: () => new Date(`${TODAY}T09:00:00Z`) };
const status = statusContext(TODAY, 30);

let sandbox: Sandbox;
let config: Config;
let connectors: Map<SourceName, Connector>;
const fetchImpl = createUndiciFetch();

beforeAll(async () => {
  sandbox = await startSandbox({ today: TODAY });
  config = loadConfig({ PORT: '0', HOST: '127.0.0.1', ...sandboxEnv(sandbox) }, defaultRegistry());
  const secrets = createSecrets(configSecrets(config));
  connectors = createConnectors(config.registry, config.sources, {
    fetch: fetchImpl,
    timeoutMs: config.upstreamTimeoutMs,
    secrets,
    logger: createLogger({ level: 'error', secrets, write: () => undefined }),
    metrics: createMetrics(),
    clock,
    slots: (_name, limit) => createMemoryScheduler(limit, clock),
  });
});
afterAll(async () => {
  fetchImpl.destroy();
  await sandbox?.stop();
});

const simOf = (s: SourceName) => ({ FOURHSE: sandbox.fourhse, SPRINGEST: sandbox.springest, ENSINIO: sandbox.ensinio, FALKOR: sandbox.falkor })[s]!;
/** Fresh loaders, as one GraphQL request gets them. */
const loadersOf = (s: SourceName): SourceLoaders => connectors.get(s)!.createLoaders(status);
const keyOf = (c: CertificateRecord) => JSON.stringify(c.key);

/** The upstream requests (the 4HSE token endpoint aside) made while `fn` ran. */
async function upstream<T>(s: SourceName, fn: () => Promise<T>): Promise<{ value: T; requests: RecordedRequest[] }> {
  const sim = simOf(s);
  const before = sim.requests.length;
  const value = await fn();
  return { value, requests: sim.requests.slice(before).filter((r) => !r.path.startsWith('/auth/')) };
}

/** Every certificate of a source, as its connector maps it (with fresh loaders, before any measured call). */
async function all(s: SourceName): Promise<CertificateRecord[]> {
  return (await loadersOf(s).listCertificates({ criteria: {}, order: DEFAULT_ORDER, offset: 0, limit: 10_000 })).items;
}

/** Two certificates of one holder (and a third of another holder), optionally in different certifications. */
function twoOfOneHolder(records: CertificateRecord[], differentCertification = false): { a: CertificateRecord; b: CertificateRecord; other: CertificateRecord } {
  for (const a of records) {
    const b = records.find((x) => x !== a && x.holder.sourceId === a.holder.sourceId && (!differentCertification || x.certification?.sourceId !== a.certification?.sourceId));
    const other = records.find((x) => x.holder.sourceId !== a.holder.sourceId);
    if (b && other) return { a, b, other };
  }
  throw new Error('the seed has no holder with two certificates');
}

/** Concurrent requests reach a simulator in no fixed order: compare them as a multiset. */
const anyOrder = <T>(xs: T[]): T[] => [...xs].sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));

const holderCriteria = (c: CertificateRecord): CertificateCriteria => ({ holder: { source: c.source, sourceId: c.holder.sourceId } });
const defaultPage = (criteria: CertificateCriteria) => ({ criteria, order: DEFAULT_ORDER, offset: 0, limit: DEFAULT_FIRST });

describe('4HSE loaders', () => {
  let records: CertificateRecord[];
  beforeAll(async () => {
    records = await all('FOURHSE');
  });
  const viewed = (rs: RecordedRequest[]) => rs.map((r) => {
    expect(r).toMatchObject({ method: 'GET' });
    return decodeURIComponent(r.path.replace(/^\/v2\/certificate\/view\//, ''));
  });

  it('certificateByKey: one view per distinct certificate (4HSE reads one at a time), a duplicate key asked once', async () => {
    const { a, b, other } = twoOfOneHolder(records);
    const loaders = loadersOf('FOURHSE');
    const { value, requests } = await upstream('FOURHSE', () => loaders.certificateByKey.loadMany([keyOf(a), keyOf(b), keyOf(a), keyOf(other)]));
    expect((value as CertificateRecord[]).map((c) => c.sourceId)).toEqual([a.sourceId, b.sourceId, a.sourceId, other.sourceId]);
    expect(anyOrder(viewed(requests))).toEqual(anyOrder([a.sourceId, b.sourceId, other.sourceId]));
    // Within the request, asked again: from the loader's cache.
    expect((await upstream('FOURHSE', () => loaders.certificateByKey.load(keyOf(b)))).requests).toEqual([]);
  });

  it('resourceById: one index call per distinct resource, filtered by it; the holder\'s default certificates page is that same call', async () => {
    const { a, other } = twoOfOneHolder(records);
    const loaders = loadersOf('FOURHSE');
    const { value, requests } = await upstream('FOURHSE', () =>
      Promise.all([
        loaders.resourceById.loadMany([a.holder.sourceId, other.holder.sourceId, a.holder.sourceId]),
        loaders.listCertificates(defaultPage(holderCriteria(a))),
      ]),
    );
    const [resources, page] = value;
    expect((resources as { sourceId: string }[]).map((r) => r.sourceId)).toEqual([a.holder.sourceId, other.holder.sourceId, a.holder.sourceId]);
    expect(page.items.map((c) => c.holder.sourceId)).toContain(a.holder.sourceId);
    expect(anyOrder(requests.map((r) => [r.path, (r.body as { filter: unknown }).filter]))).toEqual(anyOrder([
      ['/v2/certificate/index', { resource_id: a.holder.sourceId }],
      ['/v2/certificate/index', { resource_id: other.holder.sourceId }],
    ]));
  });

  it('has neither certificationById nor storyById', () => {
    const loaders = loadersOf('FOURHSE');
    expect(loaders.certificationById).toBeUndefined();
    expect(loaders.storyById).toBeUndefined();
  });
});

describe('Springest loaders', () => {
  let records: CertificateRecord[];
  beforeAll(async () => {
    records = await all('SPRINGEST');
  });
  /** What each /users/certificates.json call asked for (the api key aside). */
  const asked = (rs: RecordedRequest[]) => rs.map((r) => {
    expect(r).toMatchObject({ method: 'GET', path: '/users/certificates.json' });
    const { api_key: _k, ...q } = r.query;
    return q;
  });

  it('certificateByKey: certificates of different holders, one call each (narrowed to holder and certification); a duplicate key asked once', async () => {
    const { a, other } = twoOfOneHolder(records);
    const loaders = loadersOf('SPRINGEST');
    const { value, requests } = await upstream('SPRINGEST', () => loaders.certificateByKey.loadMany([keyOf(a), keyOf(other), keyOf(a)]));
    expect((value as CertificateRecord[]).map((c) => c.sourceId)).toEqual([a.sourceId, other.sourceId, a.sourceId]);
    expect(anyOrder(asked(requests))).toEqual(anyOrder([
      { email: a.holder.sourceId, certification_id: a.certification!.sourceId },
      { email: other.holder.sourceId, certification_id: other.certification!.sourceId },
    ]));
  });

  it('certificateByKey: two certificates of one holder cost one call', async () => {
    // In the seed a holder's certificates are all of different certifications.
    const { a, b } = twoOfOneHolder(records, true);
    const loaders = loadersOf('SPRINGEST');
    const { value, requests } = await upstream('SPRINGEST', () => loaders.certificateByKey.loadMany([keyOf(a), keyOf(b)]));
    expect((value as CertificateRecord[]).map((c) => c.sourceId)).toEqual([a.sourceId, b.sourceId]);
    expect(asked(requests)).toHaveLength(1);
    expect(asked(requests)[0]).toMatchObject({ email: a.holder.sourceId });
  });

  it('resourceById: one call per distinct holder (by email), shared with that holder\'s certificates', async () => {
    const { a, other } = twoOfOneHolder(records);
    const loaders = loadersOf('SPRINGEST');
    const { value, requests } = await upstream('SPRINGEST', () =>
      Promise.all([
        loaders.resourceById.loadMany([a.holder.sourceId, other.holder.sourceId, a.holder.sourceId]),
        loaders.listCertificates(defaultPage(holderCriteria(a))),
      ]),
    );
    expect((value[0] as { sourceId: string }[]).map((r) => r.sourceId)).toEqual([a.holder.sourceId, other.holder.sourceId, a.holder.sourceId]);
    expect(value[1].items.every((c) => c.holder.sourceId === a.holder.sourceId)).toBe(true);
    expect(anyOrder(asked(requests))).toEqual(anyOrder([{ email: a.holder.sourceId }, { email: other.holder.sourceId }]));
  });

  it('certificationById: all ids from one certifications call, cached by the connector for the next request', async () => {
    connectors.get('SPRINGEST')!.invalidate();
    const ids = [...new Set(records.map((c) => c.certification!.sourceId))].slice(0, 3);
    expect(ids).toHaveLength(3);
    const { value, requests } = await upstream('SPRINGEST', () => loadersOf('SPRINGEST').certificationById!.loadMany([...ids, ids[0]]));
    expect((value as { sourceId: string }[]).map((c) => c.sourceId)).toEqual([...ids, ids[0]]);
    expect(requests.map((r) => [r.method, r.path])).toEqual([['GET', '/certifications.json']]);
    // Another request within the TTL: no call.
    expect((await upstream('SPRINGEST', () => loadersOf('SPRINGEST').certificationById!.load(ids[1]))).requests).toEqual([]);
  });
});

describe('Ensinio loaders', () => {
  let records: CertificateRecord[];
  beforeAll(async () => {
    records = await all('ENSINIO');
  });
  /** The filter of each certificates list call; every one asks for page 1 of 100 here (no holder or group has more). */
  const asked = (rs: RecordedRequest[]) => rs.map((r) => {
    expect(r).toMatchObject({ method: 'GET', path: '/public/api/v1/certificates', query: { page: '1', per_page: '100' } });
    const { page: _p, per_page: _pp, ...q } = r.query;
    return q;
  });
  const userOf = (c: CertificateRecord) => c.key[1];
  const groupOf = (c: CertificateRecord) => c.key[2];

  it('certificateByKey: certificates of different holders, one call each (narrowed to user and group); a duplicate key asked once', async () => {
    const { a, other } = twoOfOneHolder(records);
    const loaders = loadersOf('ENSINIO');
    const { value, requests } = await upstream('ENSINIO', () => loaders.certificateByKey.loadMany([keyOf(a), keyOf(other), keyOf(a)]));
    expect((value as CertificateRecord[]).map((c) => c.sourceId)).toEqual([a.sourceId, other.sourceId, a.sourceId]);
    expect(anyOrder(asked(requests))).toEqual(anyOrder([
      { user_id: userOf(a), group_id: groupOf(a) },
      { user_id: userOf(other), group_id: groupOf(other) },
    ]));
  });

  it('certificateByKey: two certificates of one holder cost one call', async () => {
    // In the seed a holder's certificates are all of different groups.
    const { a, b } = twoOfOneHolder(records, true);
    const loaders = loadersOf('ENSINIO');
    const { value, requests } = await upstream('ENSINIO', () => loaders.certificateByKey.loadMany([keyOf(a), keyOf(b)]));
    expect((value as CertificateRecord[]).map((c) => c.sourceId)).toEqual([a.sourceId, b.sourceId]);
    expect(asked(requests)).toHaveLength(1);
    expect(asked(requests)[0]).toMatchObject({ user_id: userOf(a) });
  });

  it('resourceById and certificationById: one call per distinct user or group, shared with the matching certificates list', async () => {
    const { a, other } = twoOfOneHolder(records);
    const loaders = loadersOf('ENSINIO');
    const { value, requests } = await upstream('ENSINIO', () =>
      Promise.all([
        loaders.resourceById.loadMany([userOf(a), userOf(other), userOf(a)]),
        loaders.certificationById!.loadMany([groupOf(a), groupOf(a)]),
        loaders.listCertificates(defaultPage(holderCriteria(a))),
        loaders.listCertificates(defaultPage({ certification: { source: 'ENSINIO', sourceId: groupOf(a) } })),
      ]),
    );
    const [resources, certifications, byHolder, byGroup] = value;
    expect((resources as { sourceId: string }[]).map((r) => r.sourceId)).toEqual([userOf(a), userOf(other), userOf(a)]);
    expect((certifications as { sourceId: string }[]).map((c) => c.sourceId)).toEqual([groupOf(a), groupOf(a)]);
    expect(byHolder.items.every((c) => userOf(c) === userOf(a))).toBe(true);
    expect(byGroup.items.every((c) => groupOf(c) === groupOf(a))).toBe(true);
    expect(anyOrder(asked(requests))).toEqual(anyOrder([{ user_id: userOf(a) }, { user_id: userOf(other) }, { group_id: groupOf(a) }]));
  });
});

describe('Falkor loaders', () => {
  let records: CertificateRecord[];
  beforeAll(async () => {
    records = await all('FALKOR');
  });
  /** The body of each story-certificates POST. */
  const asked = (rs: RecordedRequest[]) => rs.map((r) => {
    expect(r).toMatchObject({ method: 'POST', path: '/v1/logs/story-certificates' });
    return r.body;
  });
  const storyOf = (c: CertificateRecord) => c.story!.sourceId;

  it('certificateByKey: one POST for the whole tick, every holder once in its users', async () => {
    const { a, b, other } = twoOfOneHolder(records);
    const loaders = loadersOf('FALKOR');
    const { value, requests } = await upstream('FALKOR', () => loaders.certificateByKey.loadMany([keyOf(a), keyOf(b), keyOf(other), keyOf(a)]));
    expect((value as CertificateRecord[]).map((c) => c.sourceId)).toEqual([a.sourceId, b.sourceId, other.sourceId, a.sourceId]);
    expect(asked(requests)).toEqual([{ users: [a.holder.sourceId, other.holder.sourceId] }]); // in the order asked
  });

  it('resourceById with certificateByKey and a holder\'s certificates in one tick: one POST with every holder', async () => {
    const { a, other } = twoOfOneHolder(records);
    const third = records.find((c) => c.holder.sourceId !== a.holder.sourceId && c.holder.sourceId !== other.holder.sourceId)!;
    const loaders = loadersOf('FALKOR');
    const { value, requests } = await upstream('FALKOR', () =>
      Promise.all([
        loaders.resourceById.loadMany([a.holder.sourceId, other.holder.sourceId]),
        loaders.certificateByKey.load(keyOf(third)),
        loaders.listCertificates(defaultPage(holderCriteria(a))),
      ]),
    );
    expect((value[0] as { sourceId: string }[]).map((r) => r.sourceId)).toEqual([a.holder.sourceId, other.holder.sourceId]);
    expect(value[1]?.sourceId).toBe(third.sourceId);
    expect(value[2].items.every((c) => c.holder.sourceId === a.holder.sourceId)).toBe(true);
    expect(asked(requests)).toHaveLength(1);
    expect([...(asked(requests)[0] as { users: string[] }).users].sort()).toEqual([a.holder.sourceId, other.holder.sourceId, third.holder.sourceId].sort());
  });

  it('storyById: one POST per distinct story (Falkor filters by one story), a duplicate asked once', async () => {
    const stories = [...new Set(records.map(storyOf))].slice(0, 2);
    expect(stories).toHaveLength(2);
    const { value, requests } = await upstream('FALKOR', () => loadersOf('FALKOR').storyById!.loadMany([stories[0], stories[1], stories[0]]));
    expect((value as { sourceId: string }[]).map((s) => s.sourceId)).toEqual([stories[0], stories[1], stories[0]]);
    expect(anyOrder(asked(requests))).toEqual(anyOrder([{ story: stories[0] }, { story: stories[1] }]));
  });

  it('a story and then its certificates (story(id) { certificates }) cost one POST', async () => {
    const story = storyOf(records[0]);
    const loaders = loadersOf('FALKOR');
    const { value, requests } = await upstream('FALKOR', async () => {
      const s = await loaders.storyById!.load(story);
      return { s, page: await loaders.listCertificates(defaultPage({ storyId: story })) };
    });
    expect(value.s?.sourceId).toBe(story);
    expect(value.page.items.length).toBeGreaterThan(0);
    expect(value.page.items.every((c) => storyOf(c) === story)).toBe(true);
    expect(asked(requests)).toEqual([{ story }]);
  });
});
