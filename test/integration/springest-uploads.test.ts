import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { startSandbox, type Sandbox } from '../../src/sandbox';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { sandboxEnv, startProcessGateway, type ProcessGateway } from '../helpers/process-gateway';

const PDF = readFileSync(join(__dirname, '..', 'fixtures', 'pdf', 'certificate.pdf'));
const ISSUE = `mutation Issue($input: IssueCertificateInput!, $key: String) {
  issueCertificate(input: $input, idempotencyKey: $key) { id source name issuedOn expiresOn status holder { email } certification { id name } }
}`;

function springestInput(sandbox: Sandbox, over: Record<string, unknown> = {}) {
  const certification = sandbox.seed.springest.certifications.find((c) => c.requires_valid_until)!;
  return {
    springest: { certificationId: certification.id, email: 'Maria.Rossi@acme-construction.example', validFrom: '2026-11-01', validUntil: '2029-11-01', conversionId: 77, fileBase64: PDF.toString('base64'), fileName: 'rossi-itil.pdf', ...over },
  };
}

describe('issueCertificate on Springest', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(() => gw?.stop());
  const posts = () => gw.sandbox.springest.requests.filter((r) => r.method === 'POST').length;

  it('uploads the PDF bytes as a real file part with the form fields, and the certificate can be read', async () => {
    const res = await gw.query(ISSUE, { input: springestInput(gw.sandbox) });
    expect(res.body.errors).toBeUndefined();
    const c = res.body.data.issueCertificate;
    expect(c).toMatchObject({ source: 'SPRINGEST', issuedOn: '2026-11-01', expiresOn: '2029-11-01', holder: { email: 'maria.rossi@acme-construction.example' } });
    const post = gw.sandbox.springest.requests.filter((r) => r.method === 'POST').pop()!;
    expect(post.path).toBe('/users/certificates.json');
    expect(post.query.api_key).toBe(gw.sandbox.credentials.springest.apiKey);
    expect(String(post.headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/);
    const upload = gw.sandbox.springest.uploads[gw.sandbox.springest.uploads.length - 1];
    expect(upload.file.filename).toBe('rossi-itil.pdf');
    expect(upload.file.contentType).toBe('application/pdf');
    expect(Buffer.compare(upload.file.bytes, PDF)).toBe(0);
    expect(upload.fields).toMatchObject({ certification_id: String(springestInput(gw.sandbox).springest.certificationId), email: 'maria.rossi@acme-construction.example', valid_from: '2026-11-01', valid_until: '2029-11-01', conversion_id: '77' });
    const read = await gw.query(`query($id: ID!) { certificate(id: $id) { id name } }`, { id: c.id });
    expect(read.body.data.certificate.id).toBe(c.id);
  });

  it.each([
    ['a file that is not a PDF', { fileBase64: Buffer.from('GIF89a not a pdf').toString('base64') }, 'input.springest.fileBase64', /PDF/],
    ['text that is not base64', { fileBase64: 'this is *not* base64!' }, 'input.springest.fileBase64', /base64/],
    ['a PDF over 10 MiB', { fileBase64: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(10 * 1024 * 1024)]).toString('base64') }, 'input.springest.fileBase64', /10 MiB/],
    ['a file name that is not a .pdf', { fileName: '../etc/passwd' }, 'input.springest.fileName', /\.pdf/],
    ['a bad email', { email: 'maria' }, 'input.springest.email', /email/],
    ['valid until before valid from', { validUntil: '2020-01-01' }, 'input.springest.validUntil', /on or after validFrom/],
  ])('refuses %s before sending anything', async (_n, over, field, message) => {
    const before = posts();
    const res = await gw.query(ISSUE, { input: springestInput(gw.sandbox, over) });
    expect(res.body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(res.body.errors![0].message).toMatch(message);
    expect(posts()).toBe(before);
  });

  it("passes Springest's own refusal on as UPSTREAM_REJECTED with its message", async () => {
    const res = await gw.query(ISSUE, { input: springestInput(gw.sandbox, { validUntil: null }) });
    expect(res.body.errors![0].extensions).toMatchObject({ code: 'UPSTREAM_REJECTED', source: 'SPRINGEST' });
    expect(res.body.errors![0].message).toMatch(/valid_until/);
  });
});

describe('Springest upload budget in one process', () => {
  it('queues uploads past the limit and sends each in its own slot, never more than the limit per window', async () => {
    const gw = await startTestGateway({ springestUploadLimit: { limit: 3, windowMs: 1000, maxWaitMs: 5000, marginMs: 200 } });
    try {
      const results = await Promise.all(Array.from({ length: 7 }, (_, i) => gw.query(ISSUE, { input: springestInput(gw.sandbox, { conversionId: 100 + i }) })));
      expect(results.every((r) => r.body.errors === undefined)).toBe(true);
      const at = gw.sandbox.springest.uploads.map((u) => u.at).sort((a, b) => a - b);
      expect(at).toHaveLength(7);
      // As the upstream counts them on arrival: no window of 1 s holds more than 3 uploads. The
      // scheduler's 200 ms margin absorbs the jitter of the hop from gateway to simulator.
      for (let i = 3; i < at.length; i++) expect(at[i] - at[i - 3]).toBeGreaterThanOrEqual(1000);
    } finally {
      await gw.stop();
    }
  });

  it('answers RATE_LIMITED with retryAfter when the wait would be too long, and sends nothing for it', async () => {
    const gw = await startTestGateway({ springestUploadLimit: { limit: 2, windowMs: 60_000, maxWaitMs: 1000 } });
    try {
      const results = await Promise.all(Array.from({ length: 5 }, (_, i) => gw.query(ISSUE, { input: springestInput(gw.sandbox, { conversionId: 200 + i }) })));
      const limited = results.filter((r) => r.body.errors?.[0].extensions?.code === 'RATE_LIMITED');
      expect(limited).toHaveLength(3);
      for (const r of limited) expect(r.body.errors![0].extensions).toMatchObject({ source: 'SPRINGEST', retryAfter: expect.any(Number) });
      expect(limited.every((r) => r.body.errors![0].extensions!.retryAfter >= 1 && r.body.errors![0].extensions!.retryAfter <= 60)).toBe(true);
      expect(gw.sandbox.springest.uploads).toHaveLength(2);
    } finally {
      await gw.stop();
    }
  });
});

describe('Springest upload budget shared by two gateway processes through Redis', () => {
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  let sandbox: Sandbox;
  const replicas: ProcessGateway[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox();
    const env = {
      ...sandboxEnv(sandbox),
      REDIS_URL: redisUrl,
      // A namespace of this run only: the budget starts empty and other runs do not interfere.
      REDIS_KEY_PREFIX: `test:${randomUUID()}:`,
      // Uploads only here: change polling and expiry scans are tested in shutdown.test.ts.
      POLL_INTERVAL_S: '0',
    };
    replicas.push(await startProcessGateway(env), await startProcessGateway(env));
  });
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.kill()));
    await sandbox?.stop();
  });

  it('40 uploads issued together: at most 30 reach Springest, the rest answer RATE_LIMITED, none is lost', async () => {
    const send = (url: string, i: number) =>
      fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: ISSUE, variables: { input: springestInput(sandbox, { conversionId: 1000 + i }) } }),
      }).then((r) => r.json() as Promise<{ data?: any; errors?: any[] }>);
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => send(replicas[i % 2].url, i)));
    const ok = results.filter((r) => r.data?.issueCertificate?.id);
    const limited = results.filter((r) => r.errors?.[0]?.extensions?.code === 'RATE_LIMITED');
    expect(ok.length + limited.length).toBe(40);
    expect(ok.length).toBe(30);
    expect(limited.every((r) => r.errors![0].extensions.retryAfter >= 1)).toBe(true);
    // What Springest saw: 30 accepted uploads, no refusal from its own limiter, each conversion id once.
    const posts = sandbox.springest.requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(30);
    expect(sandbox.springest.uploads).toHaveLength(30);
    const conversions = sandbox.springest.uploads.map((u) => u.fields.conversion_id);
    expect(new Set(conversions).size).toBe(30);
    // Both replicas took part.
    const byReplica = [0, 1].map((k) => results.filter((r, i) => i % 2 === k && r.data?.issueCertificate?.id).length);
    expect(byReplica.every((n) => n > 0)).toBe(true);
  });
});
