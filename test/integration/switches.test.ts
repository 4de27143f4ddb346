import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { startTestGateway, type TestGateway } from '../helpers/gateway';

/** INTROSPECTION and GRAPHIQL (issue 11, item 6), on HTTP and the websocket. */
const INTROSPECTION = '{ __schema { queryType { name } } }';
const TYPE = '{ __type(name: "Certificate") { name } }';

describe('INTROSPECTION=0 GRAPHIQL=0 (production guidance)', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { INTROSPECTION: '0', GRAPHIQL: '0' } });
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('/graphiql and its assets answer 404', async () => {
    for (const path of ['/graphiql', '/graphiql/', '/graphiql/assets/graphiql.min.js']) {
      const res = await fetch(`${gw.url}${path}`);
      expect([path, res.status]).toEqual([path, 404]);
    }
  });

  it('refuses __schema and __type over HTTP with GRAPHQL_VALIDATION_FAILED and a message naming the switch, and logs no error', async () => {
    for (const q of [INTROSPECTION, TYPE]) {
      const r = await gw.query(q);
      expect(r.status).toBe(400);
      expect(r.body.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('INTROSPECTION=0'), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })]);
    }
    expect(gw.logs.map((l) => JSON.parse(l) as { level: string }).filter((l) => l.level === 'error')).toEqual([]);
  });

  it('still answers __typename and ordinary queries', async () => {
    const r = await gw.query('{ __typename sources { name } }');
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({ __typename: 'Query' });
  });

  it('refuses introspection on the websocket too', async () => {
    const client = createClient({ url: gw.url.replace(/^http/, 'ws') + '/graphql', webSocketImpl: WebSocket, retryAttempts: 0 });
    try {
      const result = await new Promise<unknown>((resolve) => {
        client.subscribe({ query: INTROSPECTION }, { next: resolve, error: resolve, complete: () => undefined });
      });
      expect(result).toEqual([expect.objectContaining({ message: expect.stringContaining('INTROSPECTION=0'), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })]);
    } finally {
      await client.dispose();
    }
  });
});

describe('the sandbox defaults (both on)', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('serves GraphiQL and answers introspection', async () => {
    expect(gw.config).toMatchObject({ sandbox: true, introspection: true, graphiql: true });
    expect((await fetch(`${gw.url}/graphiql`)).status).toBe(200);
    const r = await gw.query(INTROSPECTION);
    expect(r.body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });

  it('no log line at info, warn or error carries a stack, whatever clients send', async () => {
    gw.logs.length = 0;
    const bodies = [
      '{',
      '{"query": 1}',
      '{"query": "{ nope }"}',
      '{"query": "{ certificates(first: -1) { totalCount } }"}',
      '{"query": "{ sources { name } }", "extensions": {"persistedQuery": {"version": 1, "sha256Hash": "abc"}}}',
      '{"query": "{ sources { name } }", "extensions": {"persistedQuery": {"version": 2, "sha256Hash": "abc"}}}',
      '{"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "abc"}}}',
      '{"query": "{ node(id: \\"eyJ4IjoxfQ\\") { id } }"}',
      '{"query": "subscription { certificateEvents { eventId } }"}',
      '[{"query": "{ __typename }"}]',
    ];
    for (const body of bodies) {
      const res = await fetch(`${gw.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(res.status).toBeLessThan(500);
    }
    const lines = gw.logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.level !== 'debug');
    expect(lines.filter((l) => 'stack' in l || /\n\s+at /.test(JSON.stringify(l)) || /\\n\s+at /.test(JSON.stringify(l)))).toEqual([]);
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
  });
});
