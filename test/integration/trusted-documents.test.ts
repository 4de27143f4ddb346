import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { EVENTS_SUBSCRIPTION } from '../helpers/subscriber';
import { fourHseWebhookCertificate, markEvent, postWebhook } from '../helpers/webhooks';

/**
 * TRUSTED_DOCUMENTS (issue 11, item 2): a manifest in the client preset's
 * persisted-documents.json shape, `{ "<sha256>": "<document>" }`, built here
 * from the repository's example operations (examples/operations) plus the events
 * subscription. Only those run, by hash, by documentId or by their exact text.
 */
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const OPS_DIR = join(__dirname, '..', '..', 'examples', 'operations');
const operations = Object.fromEntries(readdirSync(OPS_DIR).map((f) => [f.replace(/\.graphql$/, ''), readFileSync(join(OPS_DIR, f), 'utf8')]));
const SOURCES = operations.Sources;
const manifest = Object.fromEntries([...Object.values(operations), EVENTS_SUBSCRIPTION].map((doc) => [sha256(doc), doc]));

const SECRET = 'whsec-' + randomUUID();
const UNLISTED = '{ certificates(first: 1) { totalCount } }';

let gw: TestGateway;
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trusted-'));
  const path = join(dir, 'persisted-documents.json');
  writeFileSync(path, JSON.stringify(manifest, null, 2));
  gw = await startTestGateway({ env: { TRUSTED_DOCUMENTS: path, FOURHSE_WEBHOOK_SECRET: SECRET } });
});
afterAll(async () => {
  await gw?.stop();
});
beforeEach(() => {
  gw.resetUpstreamCalls();
  gw.logs.length = 0;
});

async function post(body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${gw.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] } };
}

const noUpstreamCall = () => expect(Object.values(gw.upstreamCalls()).every((n) => n === 0)).toBe(true);
const lines = () => gw.logs.map((l) => JSON.parse(l) as { level: string; msg: string; code?: string });

describe('over HTTP', () => {
  it('refuses an operation that is not in the manifest (full text): 400 PERSISTED_QUERY_NOT_IN_LIST, no upstream call, one info line and no error', async () => {
    const r = await post({ query: UNLISTED });

    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([{ message: expect.stringContaining('trusted documents'), extensions: { code: 'PERSISTED_QUERY_NOT_IN_LIST' } }]);
    expect(r.body.data).toBeUndefined();
    noUpstreamCall();
    expect(lines().filter((l) => l.level === 'info' && l.msg === 'request refused')).toEqual([expect.objectContaining({ code: 'PERSISTED_QUERY_NOT_IN_LIST', client: expect.stringMatching(/^(ip|key):/), status: 400 })]);
    expect(lines().filter((l) => l.level === 'error' || l.level === 'warn')).toEqual([]);
  });

  it('refuses an unknown hash (APQ shape) and an unknown documentId', async () => {
    const byHash = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(UNLISTED) } } });
    const byId = await post({ documentId: sha256(UNLISTED) });

    for (const r of [byHash, byId]) {
      expect(r.status).toBe(400);
      expect(r.body.errors?.[0].extensions).toEqual({ code: 'PERSISTED_QUERY_NOT_IN_LIST' });
    }
    noUpstreamCall();
  });

  it('refuses a batch (JSON array), even of listed operations', async () => {
    const r = await post([{ query: SOURCES }]);

    expect(r.status).toBe(400);
    expect(r.body.errors?.[0].extensions).toEqual({ code: 'PERSISTED_QUERY_NOT_IN_LIST' });
  });

  it('does not register new documents through APQ: a query sent with its own hash is still refused', async () => {
    const r = await post({ query: UNLISTED, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(UNLISTED) } } });

    expect(r.status).toBe(400);
    expect(r.body.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    const again = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(UNLISTED) } } });
    expect(again.body.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
  });

  it('runs a listed operation by its full text', async () => {
    const r = await post({ query: SOURCES });

    expect(r.status).toBe(200);
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.sources.map((s: { name: string }) => s.name)).toEqual(['FOURHSE', 'SPRINGEST', 'ENSINIO', 'FALKOR']);
  });

  it('runs a listed operation by hash: extensions.persistedQuery (Apollo), documentId (client preset), with or without the sha256: prefix, and over GET', async () => {
    const hash = sha256(SOURCES);
    const apq = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
    const docId = await post({ documentId: hash });
    const prefixed = await post({ documentId: `sha256:${hash}` });
    const get = await fetch(`${gw.url}/graphql?documentId=${hash}`, { headers: { 'apollo-require-preflight': 'true' } });

    for (const r of [apq, docId, prefixed, { status: get.status, body: await get.json() }]) {
      expect(r.status).toBe(200);
      expect(r.body.errors).toBeUndefined();
      expect(r.body.data.sources).toHaveLength(4);
    }
  });

  it('runs a listed operation with variables and an operation name', async () => {
    const doc = operations.CertificatesPage;
    const r = await post({ documentId: sha256(doc), operationName: 'CertificatesPage', variables: { first: 2 } });

    expect(r.status).toBe(200);
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.certificates.edges).toHaveLength(2);
  });

  it('refuses a listed hash sent with another text (PERSISTED_QUERY_HASH_MISMATCH) and persistedQuery version 2 (PERSISTED_QUERY_VERSION_NOT_SUPPORTED), both 400', async () => {
    const mismatch = await post({ query: UNLISTED, documentId: sha256(SOURCES) });
    const v2 = await post({ extensions: { persistedQuery: { version: 2, sha256Hash: sha256(SOURCES) } } });

    expect(mismatch.status).toBe(400);
    expect(mismatch.body.errors?.[0].extensions).toEqual({ code: 'PERSISTED_QUERY_HASH_MISMATCH' });
    expect(v2.status).toBe(400);
    expect(v2.body.errors?.[0].extensions).toEqual({ code: 'PERSISTED_QUERY_VERSION_NOT_SUPPORTED' });
    noUpstreamCall();
    expect(lines().filter((l) => l.level === 'error')).toEqual([]);
  });
});

describe('over the websocket', () => {
  const leftovers: (() => unknown)[] = [];
  afterEach(async () => {
    for (const l of leftovers.splice(0)) await l();
  });

  /** Subscribes once and resolves with the first result, or the error the server sent. */
  function first(payload: { query: string; documentId?: string; extensions?: Record<string, unknown>; variables?: Record<string, unknown> }): Promise<{ data?: any; errors?: any[] }> {
    const client = createClient({ url: gw.url.replace(/^http/, 'ws') + '/graphql', webSocketImpl: WebSocket, retryAttempts: 0 });
    leftovers.push(() => client.dispose());
    return new Promise((resolve) => {
      client.subscribe(payload, {
        next: (r) => resolve(r as { data?: any; errors?: any[] }),
        error: (e) => resolve({ errors: e as any[] }),
        complete: () => undefined,
      });
    });
  }

  it('refuses an unlisted operation (query or subscription) with PERSISTED_QUERY_NOT_IN_LIST', async () => {
    const q = await first({ query: UNLISTED });
    const s = await first({ query: 'subscription { certificateEvents { eventId } }' });

    for (const r of [q, s]) expect(r.errors).toEqual([expect.objectContaining({ extensions: { code: 'PERSISTED_QUERY_NOT_IN_LIST' } })]);
    noUpstreamCall();
  });

  it('logs each websocket refusal once, at info, with its client', async () => {
    const from = gw.logs.length;
    await first({ query: UNLISTED });
    const refused = gw.logs.slice(from).map((l) => JSON.parse(l)).filter((l) => l.msg === 'request refused');
    expect(refused).toEqual([expect.objectContaining({ level: 'info', code: 'PERSISTED_QUERY_NOT_IN_LIST', client: expect.stringMatching(/^ip:/), transport: 'websocket' })]);
  });

  it('runs a listed query by its text, by hash (empty query with extensions.persistedQuery) and by documentId', async () => {
    const byText = await first({ query: SOURCES });
    const byHash = await first({ query: '', extensions: { persistedQuery: { version: 1, sha256Hash: sha256(SOURCES) } } });
    const byId = await first({ query: '', documentId: sha256(SOURCES) });

    for (const r of [byText, byHash, byId]) {
      expect(r.errors).toBeUndefined();
      expect(r.data.sources).toHaveLength(4);
    }
  });

  it('accepts the listed subscription by hash (it receives events)', async () => {
    // Resume after a recorded event, then record another: the subscription gets it whenever it attaches.
    const after = await markEvent(gw.url, SECRET, gw.sandbox);
    const got = first({ query: '', extensions: { persistedQuery: { version: 1, sha256Hash: sha256(EVENTS_SUBSCRIPTION) } }, variables: { after } });
    expect((await postWebhook(gw.url, SECRET, 'CERTIFICATE::CREATE', fourHseWebhookCertificate(gw.sandbox))).status).toBe(200);
    const r = await got;

    expect(r.errors).toBeUndefined();
    expect(r.data.certificateEvents).toMatchObject({ type: 'CREATED', source: 'FOURHSE' });
  });
});
