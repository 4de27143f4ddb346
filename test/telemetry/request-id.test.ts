import { randomUUID } from 'node:crypto';
import { routeTemplate } from '../../src/connectors/http';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { startOtlpReceiver } from '../helpers/otlp-receiver';
import { eventually } from '../helpers/eventually';
import { fourHseWebhookCertificate } from '../helpers/webhooks';

const SECRET = 'whsec-' + randomUUID();
let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ env: { FOURHSE_WEBHOOK_SECRET: SECRET, GATEWAY_API_KEYS: 'k'.repeat(24) } });
});
afterAll(async () => {
  await gw?.stop();
});
const lines = () => gw.logs.map((l) => JSON.parse(l) as Record<string, unknown>);

describe('request ids', () => {
  it('a refused request (401) still gets its id, and one access line with the client', async () => {
    const res = await fetch(`${gw.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'refused-1' }, body: '{"query":"{ __typename }"}' });
    expect(res.status).toBe(401);
    expect(res.headers.get('x-request-id')).toBe('refused-1');
    const access = lines().filter((l) => l.msg === 'graphql request' && l.request_id === 'refused-1');
    expect(access).toHaveLength(1);
    expect(access[0]).toMatchObject({ level: 'info', status: 401, outcome: 'error', operationName: null, upstreamCalls: 0, client: 'ip:127.0.0.1' });
  });

  it('the client of an authenticated request is a digest of its key, never the key', async () => {
    const res = await gw.query('query Who { __typename }', undefined, { authorization: `Bearer ${'k'.repeat(24)}` });
    expect(res.status).toBe(200);
    const access = lines().find((l) => l.msg === 'graphql request' && l.operationName === 'Who')!;
    expect(access.client).toMatch(/^key:[A-Za-z0-9_-]{16}$/);
    expect(gw.logs.join('\n')).not.toContain('k'.repeat(24));
  });

  it('webhook requests get an id too, in their answer and their log lines', async () => {
    const res = await fetch(`${gw.url}/webhooks/4hse/CERTIFICATE::CREATE`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${SECRET}`, 'x-request-id': 'hook-1' },
      body: JSON.stringify(fourHseWebhookCertificate(gw.sandbox)),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('hook-1');
    expect(lines().find((l) => l.msg === 'webhook')).toMatchObject({ request_id: 'hook-1' });
  });
});

describe('route templates of upstream spans', () => {
  it.each([
    ['/v2/certificate/view/123', '/v2/certificate/view/{id}'],
    ['/v2/certificate/update/5f0c7d2e-0b1a-4c55-9d7e-2a8c0e6b9f10', '/v2/certificate/update/{id}'],
    ['/certificates/42', '/certificates/{id}'],
    ['/users/a%40b.example', '/users/{id}'],
    ['/users/certificates.json', '/users/certificates.json'],
    ['/v1/logs/story-certificates', '/v1/logs/story-certificates'],
    ['/certifications.json?api_key=secret', '/certifications.json'],
    ['', '/'],
  ])('%s → %s', (path, template) => {
    expect(routeTemplate({ method: 'GET', path })).toBe(template);
  });
});

describe('a collector that is down', () => {
  it('costs the requests nothing: they answer, and one warning says spans were dropped', async () => {
    const otlp = await startOtlpReceiver();
    const url = otlp.url;
    await otlp.stop(); // nothing listens there any more
    const dark = await startTestGateway({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: url } });
    try {
      for (let i = 0; i < 3; i++) expect((await dark.query('query Dark { certificates(first: 2) { totalCount } }')).body.errors).toBeUndefined();
      await dark.gateway.flushTraces();
      await eventually(() => dark.logs.some((l) => l.includes('trace export failed')), { what: 'the export warning' });
      const warnings = dark.logs.map((l) => JSON.parse(l)).filter((l) => l.msg === 'trace export failed; spans dropped');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({ level: 'warn', endpoint: `${url}/v1/traces` });
    } finally {
      await dark.stop();
    }
  });
});
