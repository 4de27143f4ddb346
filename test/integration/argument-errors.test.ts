import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { startTestGateway, type TestGateway } from '../helpers/gateway';

/**
 * One error shape for a bad argument (issue 10, item 5): the same mistake
 * written in the document or given as a variable answers the same code
 * (BAD_USER_INPUT), the same `field` (the argument path) and HTTP 400, over
 * HTTP and the websocket, with no upstream call.
 */
let gw: TestGateway;
let ws: Client;

beforeAll(async () => {
  gw = await startTestGateway();
  ws = createClient({ url: gw.url.replace(/^http/, 'ws') + '/graphql', webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
});
afterAll(async () => {
  await ws?.dispose();
  await gw?.stop();
});

const NO_CALLS = { FOURHSE: 0, SPRINGEST: 0, ENSINIO: 0, FALKOR: 0 };
const FOURHSE = { name: 'Working at Height', issuedOn: '2026-11-20', actionType: 'TRAINING', resourceId: '3f2b8c1e-0000-4000-8000-000000000001', tenantId: '3f2b8c1e-0000-4000-8000-000000000002' };
const FOURHSE_LITERAL = `{ name: "Working at Height", issuedOn: "2026-11-20", actionType: TRAINING, resourceId: "3f2b8c1e-0000-4000-8000-000000000001", tenantId: "3f2b8c1e-0000-4000-8000-000000000002" }`;
const ENSINIO = { groupId: 12, userId: 9001, conclusionDate: '2026-11-20' };
const ENSINIO_LITERAL = `{ groupId: 12, userId: 9001, conclusionDate: "2026-11-20" }`;

/** [what, the value written in the document, the same value as a variable (document, variables), the field named, the message]. */
const cases: [string, string, string, Record<string, unknown>, string, RegExp][] = [
  [
    'Date',
    `{ certificates(first: 1, filter: { expiresBefore: "2025-02-30" }) { totalCount } }`,
    `query($f: CertificateFilter) { certificates(first: 1, filter: $f) { totalCount } }`,
    { f: { expiresBefore: '2025-02-30' } },
    'filter.expiresBefore',
    /^Invalid argument filter\.expiresBefore: Date must be a calendar date as YYYY-MM-DD, got "2025-02-30"$/,
  ],
  [
    'Date variable inside a literal object',
    `{ certificates(first: 1, filter: { issuedAfter: "01/02/2025" }) { totalCount } }`,
    `query($d: Date) { certificates(first: 1, filter: { issuedAfter: $d }) { totalCount } }`,
    { d: '01/02/2025' },
    'filter.issuedAfter',
    /YYYY-MM-DD, got "01\/02\/2025"/,
  ],
  [
    'enum',
    `{ certificates(first: 1, orderBy: { field: COLOUR }) { totalCount } }`,
    `query($o: CertificateOrder) { certificates(first: 1, orderBy: $o) { totalCount } }`,
    { o: { field: 'COLOUR' } },
    'orderBy.field',
    /^Invalid argument orderBy\.field: orderBy\.field must be one of EXPIRES_ON, ISSUED_ON, NAME, got "?COLOUR"?$/,
  ],
  [
    'enum in a list',
    `{ certificates(first: 1, filter: { status: [VALID, NOPE] }) { totalCount } }`,
    `query($s: [CertificateStatus!]) { certificates(first: 1, filter: { status: $s }) { totalCount } }`,
    { s: ['VALID', 'NOPE'] },
    'filter.status[1]',
    /must be one of VALID, EXPIRING, EXPIRED, REVOKED, PENDING/,
  ],
  [
    'Int out of range',
    `{ certificates(first: 99999999999) { totalCount } }`,
    `query($n: Int!) { certificates(first: $n) { totalCount } }`,
    { n: 99999999999 },
    'first',
    /^Invalid argument first: first must be an integer from -2147483648 to 2147483647, got 99999999999$/,
  ],
  [
    'Int that is not a number',
    `{ certificates(first: "ten") { totalCount } }`,
    `query($n: Int!) { certificates(first: $n) { totalCount } }`,
    { n: 'ten' },
    'first',
    /first must be an integer/,
  ],
  [
    'unknown field of a nested input',
    `{ certificates(first: 1, filter: { colour: "red" }) { totalCount } }`,
    `query($f: CertificateFilter) { certificates(first: 1, filter: $f) { totalCount } }`,
    { f: { colour: 'red' } },
    'filter.colour',
    /filter\.colour is not a field of CertificateFilter \(its fields: sources, holderId/,
  ],
  [
    'required field of a nested input missing',
    `{ certificates(first: 1, orderBy: { direction: DESC }) { totalCount } }`,
    `query($o: CertificateOrder) { certificates(first: 1, orderBy: $o) { totalCount } }`,
    { o: { direction: 'DESC' } },
    'orderBy.field',
    /orderBy\.field is required \(CertificateOrderField!\)/,
  ],
  [
    'null for a required argument',
    `{ person(email: null) { email } }`,
    `query($e: String!) { person(email: $e) { email } }`,
    { e: null },
    'email',
    /email cannot be null \(String!\)/,
  ],
  [
    'a Date deep in a @oneOf branch',
    `mutation { issueCertificate(input: { fourhse: { name: "x", issuedOn: "2026-13-01", actionType: TRAINING, resourceId: "r", tenantId: "t" } }) { id } }`,
    `mutation($i: IssueCertificateInput!) { issueCertificate(input: $i) { id } }`,
    { i: { fourhse: { ...FOURHSE, name: 'x', resourceId: 'r', tenantId: 't', issuedOn: '2026-13-01' } } },
    'input.fourhse.issuedOn',
    /Date must be a calendar date/,
  ],
  [
    '@oneOf with two branches',
    `mutation { issueCertificate(input: { fourhse: ${FOURHSE_LITERAL}, ensinio: ${ENSINIO_LITERAL} }) { id } }`,
    `mutation($i: IssueCertificateInput!) { issueCertificate(input: $i) { id } }`,
    { i: { fourhse: FOURHSE, ensinio: ENSINIO } },
    'input',
    /^Invalid argument input: input must give exactly one of fourhse, ensinio, springest \(@oneOf\), got 2: fourhse, ensinio$/,
  ],
  [
    '@oneOf with no branch',
    `mutation { issueCertificate(input: {}) { id } }`,
    `mutation($i: IssueCertificateInput!) { issueCertificate(input: $i) { id } }`,
    { i: {} },
    'input',
    /input must give exactly one of fourhse, ensinio, springest \(@oneOf\), got none/,
  ],
  [
    '@oneOf with a null branch',
    `mutation { issueCertificate(input: { fourhse: null }) { id } }`,
    `mutation($i: IssueCertificateInput!) { issueCertificate(input: $i) { id } }`,
    { i: { fourhse: null } },
    'input.fourhse',
    /input\.fourhse must not be null/,
  ],
];

describe('a bad argument: the same answer written in the document or as a variable', () => {
  it.each(cases)('%s, over HTTP', async (_what, literal, query, variables, field, message) => {
    gw.resetUpstreamCalls();
    for (const res of [await gw.query(literal), await gw.query(query, variables)]) {
      expect(res.status).toBe(400);
      expect(res.body.errors).toHaveLength(1);
      const [err] = res.body.errors!;
      expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(err.message).toMatch(message);
      expect(res.body.data).toBeUndefined();
    }
    expect(gw.upstreamCalls()).toEqual(NO_CALLS);
  });

  it.each(cases)('%s, over the websocket', async (_what, literal, query, variables, field, message) => {
    gw.resetUpstreamCalls();
    for (const errors of [await wsErrors(literal), await wsErrors(query, variables)]) {
      expect(errors).toHaveLength(1);
      expect(errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(errors[0].message).toMatch(message);
    }
    expect(gw.upstreamCalls()).toEqual(NO_CALLS);
  });

  it('a missing required argument, or a required variable not given, names the argument', async () => {
    const written = await gw.query(`{ person { email } }`);
    const notGiven = await gw.query(`query($e: String!) { person(email: $e) { email } }`, {});
    for (const res of [written, notGiven]) {
      expect(res.status).toBe(400);
      expect(res.body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'email' });
      expect(res.body.errors![0].message).toMatch(/email is required \(String!\)/);
    }
  });

  it('lists every bad value of the variables in violations, the first in field', async () => {
    const res = await gw.query(`query($f: CertificateFilter, $n: Int!) { certificates(first: $n, filter: $f) { totalCount } }`, { f: { expiresBefore: 'soon', status: ['NOPE'] }, n: 1.5 });
    expect(res.status).toBe(400);
    const ext = res.body.errors![0].extensions!;
    expect(ext.violations.map((v: { field: string }) => v.field).sort()).toEqual(['filter.expiresBefore', 'filter.status[0]', 'first']);
    expect(ext.violations.map((v: { field: string }) => v.field)).toContain(ext.field);
  });

  it('keeps GRAPHQL_VALIDATION_FAILED for a document that does not match the schema, on both transports', async () => {
    const documents = [
      `{ certificates(first: 1) { colour } }`, // unknown field
      `{ certificates(first: 1, colour: RED) { totalCount } }`, // unknown argument
      `query($d: String) { certificates(first: 1, filter: { expiresBefore: $d }) { totalCount } }`, // a variable of the wrong type
    ];
    for (const doc of documents) {
      const res = await gw.query(doc, { d: '2026-01-01' });
      expect(res.status).toBe(400);
      expect(res.body.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
      const errors = await wsErrors(doc, { d: '2026-01-01' });
      expect(errors[0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    }
  });

  it('shows at most a short part of a long bad value, written or as a variable', async () => {
    const long = 'x'.repeat(5000);
    for (const res of [
      await gw.query(`{ certificates(first: 1, filter: { expiresBefore: "${long}" }) { totalCount } }`),
      await gw.query(`query($f: CertificateFilter) { certificates(first: 1, filter: $f) { totalCount } }`, { f: { expiresBefore: long, status: [long] } }),
    ]) {
      expect(res.body.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
      expect(res.body.errors![0].extensions!.field).toMatch(/^filter\.(expiresBefore|status\[0\])$/);
      expect(res.text.length).toBeLessThan(1000);
    }
  });

  it('lists at most 50 problems of the variables and says there were more, over HTTP and the websocket (100,000 bad values)', async () => {
    const query = `query Q($s: [Source!]) { certificates(filter: { sources: $s }) { totalCount } }`;
    const variables = { s: Array.from({ length: 100_000 }, () => 'X') };
    gw.resetUpstreamCalls();
    const res = await gw.query(query, variables);
    expect(res.status).toBe(400);
    expect(res.text.length).toBeLessThan(16 * 1024);
    // A websocket message is at most 64 KiB: 10,000 bad values there.
    const errors = await wsErrors(query, { s: variables.s.slice(0, 10_000) });
    expect(JSON.stringify(errors).length).toBeLessThan(16 * 1024);
    for (const err of [res.body.errors![0], errors[0]]) {
      expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.sources[0]', violationsTruncated: true });
      expect(err.extensions!.violations).toHaveLength(50);
      expect(err.extensions!.violations[49].field).toBe('filter.sources[49]');
      expect(err.message).toMatch(/^Invalid argument filter\.sources\[0\]: .*\(and more: only the first 50 problems are listed/);
    }
    expect(gw.upstreamCalls()).toEqual(NO_CALLS);
  });

  it('a good variable still runs', async () => {
    const res = await gw.query(`query($d: Date) { certificates(first: 1, filter: { expiresBefore: $d }) { totalCount } }`, { d: '2030-01-01' });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.certificates.totalCount).toBeGreaterThan(0);
  });
});

/** The errors a websocket operation ends with (none when it succeeds). */
function wsErrors(query: string, variables?: Record<string, unknown>): Promise<{ message: string; extensions?: Record<string, any> }[]> {
  return new Promise((resolve, reject) => {
    let done = false;
    ws.subscribe(
      { query, variables },
      {
        next: (r) => {
          if (r.errors && !done) {
            done = true;
            resolve(r.errors as any);
          }
        },
        error: (e) => {
          if (done) return;
          done = true;
          if (Array.isArray(e)) resolve(e);
          else reject(e instanceof Error ? e : new Error(`websocket closed: ${JSON.stringify(e)}`));
        },
        complete: () => {
          if (!done) resolve([]);
        },
      },
    );
  });
}
