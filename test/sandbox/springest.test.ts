import { createSeed, type SpringestCertificate } from '../../src/sandbox/seed';
import { startSpringestSimulator, type SpringestSimulator, type SpringestStoredCertificate } from '../../src/sandbox/springest.sim';
import { TODAY, call } from './helpers';

const seed = createSeed({ today: TODAY });
const creds = { apiKey: 'certificates-key', certificationsApiKey: 'certifications-key' };
const verified = seed.springest.certificates.filter((c) => c.status === 'verified').sort((a, b) => a.id - b.id);

describe('Springest simulator', () => {
  let sim: SpringestSimulator;
  const certificates = (params: Record<string, string> = {}, suffix = '.json') =>
    call('GET', `${sim.url}/users/certificates${suffix}?${new URLSearchParams({ api_key: creds.apiKey, ...params })}`);

  beforeAll(async () => {
    sim = await startSpringestSimulator({ data: seed.springest, credentials: creds });
  });
  afterAll(() => sim.stop());
  afterEach(() => sim.setFault(null));

  it('refuses a missing, wrong or other endpoint key with 401', async () => {
    const urls = [
      `${sim.url}/users/certificates.json`,
      `${sim.url}/users/certificates.json?api_key=nope`,
      `${sim.url}/users/certificates.json?api_key=${creds.certificationsApiKey}`,
      `${sim.url}/certifications.json?api_key=${creds.apiKey}`,
    ];
    for (const url of urls) {
      const r = await call('GET', url);
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ error: 'Invalid API key' });
    }
  });

  it('lists only verified certificates, by id, under a "certificates" root, with nested user', async () => {
    const r = await certificates();
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(['certificates']);
    expect(r.body.certificates).toEqual(verified);
    expect(r.body.certificates.length).toBeLessThan(seed.springest.certificates.length);
    const c: SpringestCertificate = r.body.certificates[0];
    expect(Object.keys(c).sort()).toEqual(['certification_id', 'created_at', 'description', 'id', 'name', 'status', 'user', 'valid_from', 'valid_until']);
    expect(Object.keys(c.user).sort()).toEqual(['email', 'external_id']);
  });

  it('answers JSON without a suffix too', async () => {
    expect((await certificates({}, '')).body.certificates).toEqual(verified);
  });

  it('answers Rails-style XML for .xml', async () => {
    const r = await certificates({ email: seed.people[0].email }, '.xml');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/application\/xml/);
    expect(r.text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<certificates type="array">/);
    const mine = verified.filter((c) => c.user.email === seed.people[0].email);
    expect(r.text.match(/<certificate>/g)?.length ?? 0).toBe(mine.length);
    expect(r.text).toContain(`<email>${seed.people[0].email}</email>`);
    expect(r.text).toContain(`<id type="integer">${mine[0].id}</id>`);
  });

  it('filters by email, case-insensitively', async () => {
    const email = seed.people[0].email;
    const expected = verified.filter((c) => c.user.email === email);
    expect(expected.length).toBeGreaterThan(0);
    expect((await certificates({ email })).body.certificates).toEqual(expected);
    expect((await certificates({ email: email.toUpperCase() })).body.certificates).toEqual(expected);
    expect((await certificates({ email: 'nobody@example.com' })).body.certificates).toEqual([]);
  });

  it('filters by certification_id', async () => {
    for (const cert of seed.springest.certifications.slice(0, 4)) {
      const expected = verified.filter((c) => c.certification_id === cert.id);
      expect((await certificates({ certification_id: String(cert.id) })).body.certificates).toEqual(expected);
    }
  });

  it('filters by created_from, on or after that date', async () => {
    const pivot = verified[Math.floor(verified.length / 2)].created_at.slice(0, 10);
    const expected = verified.filter((c) => c.created_at.slice(0, 10) >= pivot);
    const r = await certificates({ created_from: pivot });
    expect(r.body.certificates).toEqual(expected);
    expect(r.body.certificates.some((c: SpringestCertificate) => c.created_at.startsWith(pivot))).toBe(true);
    expect(r.body.certificates.length).toBeLessThan(verified.length);
  });

  it('combines filters', async () => {
    const { email } = seed.people[0];
    const certId = verified.find((c) => c.user.email === email)!.certification_id;
    const r = await certificates({ email, certification_id: String(certId), created_from: '2000-01-01' });
    expect(r.body.certificates).toEqual(verified.filter((c) => c.user.email === email && c.certification_id === certId));
  });

  it.each(['2024-13-01', 'yesterday', '2024-2-1'])('refuses created_from=%p with 400', async (value) => {
    const r = await certificates({ created_from: value });
    expect(r.status).toBe(400);
    expect(typeof r.body.error).toBe('string');
  });

  it('lists certifications with their own key', async () => {
    const r = await call('GET', `${sim.url}/certifications.json?api_key=${creds.certificationsApiKey}`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ certifications: seed.springest.certifications });
    expect(r.body.certifications[0]).toEqual({ id: expect.any(Number), name: expect.any(String), description: expect.any(String), requires_valid_until: expect.any(Boolean) });
  });

  it('allows only GET and POST on certificates, only GET on certifications; unknown paths are 404', async () => {
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const r = await call(method, `${sim.url}/users/certificates.json?api_key=${creds.apiKey}`);
      expect(r.status).toBe(405);
      expect(r.body).toEqual({ error: 'Method not allowed' });
      expect(r.headers.get('allow')).toBe('GET, POST');
    }
    const r = await call('POST', `${sim.url}/certifications.json?api_key=${creds.certificationsApiKey}`);
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('GET');
    expect((await call('GET', `${sim.url}/users/other.json?api_key=${creds.apiKey}`)).status).toBe(404);
  });

  it('injects faults', async () => {
    sim.setFault({ kind: 'status', status: 500 });
    const r = await certificates();
    expect(r.status).toBe(500);
    expect(r.body).toEqual({ error: 'Internal Server Error' });
    sim.setFault({ kind: 'shape' });
    expect((await certificates()).body).toEqual({ unexpected: true });
    sim.setFault({ kind: 'delay', ms: 100 });
    const t0 = Date.now();
    expect((await certificates()).body.certificates).toEqual(verified);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(90);
  });
});

/** A small but real PDF, with the binary comment line real PDFs carry (not valid UTF-8: a text round trip would corrupt it). */
const PDF = Buffer.concat([
  Buffer.from('%PDF-1.4\n%'),
  Buffer.from([0xe2, 0xe3, 0xcf, 0xd3, 0x0d, 0x0a]),
  Buffer.from('1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n'),
  Buffer.from([0x00, 0xff, 0x80, 0x0a]),
  Buffer.from('trailer\n<< /Root 1 0 R >>\n%%EOF\n'),
]);

type FilePart = { bytes: Buffer | string; filename: string; type?: string } | string | null;

/** Multipart body built by the platform, as the gateway will: fields in order, `file` last; undefined fields are left out. */
function form(fields: Record<string, string | undefined>, file: FilePart = { bytes: PDF, filename: 'certificate.pdf', type: 'application/pdf' }): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) fd.append(k, v);
  if (typeof file === 'string') fd.append('file', file);
  else if (file) fd.append('file', new Blob([typeof file.bytes === 'string' ? file.bytes : new Uint8Array(file.bytes)], { type: file.type ?? '' }), file.filename);
  return fd;
}

async function post(url: string, body: FormData | string, opts: { key?: string; suffix?: string; contentType?: string } = {}) {
  const headers: Record<string, string> = opts.contentType ? { 'content-type': opts.contentType } : {};
  const res = await fetch(`${url}/users/certificates${opts.suffix ?? '.json'}?api_key=${encodeURIComponent(opts.key ?? creds.apiKey)}`, { method: 'POST', body, headers });
  const text = await res.text();
  let parsed: any;
  try { parsed = JSON.parse(text); } catch { parsed = undefined; }
  return { status: res.status, headers: res.headers, text, body: parsed };
}

describe('Springest simulator: POST /users/certificates', () => {
  const T0 = Date.parse('2025-06-15T09:30:00.000Z');
  let clock = T0;
  let sim: SpringestSimulator;
  const noExpiry = seed.springest.certifications.find((c) => !c.requires_valid_until)!;
  const expiring = seed.springest.certifications.find((c) => c.requires_valid_until)!;
  const maxSeedId = Math.max(...seed.springest.certificates.map((c) => c.id));
  // A seeded holder with an external id, to prove an upload for a known user keeps it.
  const known = seed.springest.certificates.find((c) => c.user.external_id !== null)!.user;
  const valid = (over: Record<string, string | undefined> = {}) => ({ certification_id: String(noExpiry.id), email: 'new.person@example.com', valid_from: '2025-06-01', ...over });

  beforeAll(async () => {
    sim = await startSpringestSimulator({ data: seed.springest, credentials: creds, now: () => clock });
  });
  afterAll(() => sim.stop());
  // Each test starts in a fresh rate limit window.
  afterEach(() => { clock += 61_000; });

  it('stores a multipart upload, answers 201 with the certificate, lists it, and records the exact bytes', async () => {
    const before = sim.certificates.length;
    const r = await post(sim.url, form(valid({ conversion_id: '777' })));
    expect(r.status).toBe(201);
    expect(r.headers.get('content-type')).toMatch(/application\/json/);
    const expected: SpringestStoredCertificate = {
      id: maxSeedId + 1,
      name: noExpiry.name,
      description: null,
      certification_id: noExpiry.id,
      valid_from: '2025-06-01',
      valid_until: null,
      status: 'verified',
      created_at: new Date(clock).toISOString(),
      user: { email: 'new.person@example.com', external_id: null },
    };
    expect(r.body).toEqual({ certificate: expected });
    expect(Object.keys(r.body.certificate).sort()).toEqual(['certification_id', 'created_at', 'description', 'id', 'name', 'status', 'user', 'valid_from', 'valid_until']);
    expect(sim.certificates).toHaveLength(before + 1);

    const listed = await call('GET', `${sim.url}/users/certificates.json?api_key=${creds.apiKey}&email=NEW.person@example.com`);
    expect(listed.body).toEqual({ certificates: [expected] });
    const all = await call('GET', `${sim.url}/users/certificates.json?api_key=${creds.apiKey}`);
    expect(all.body.certificates.at(-1)).toEqual(expected);

    const upload = sim.uploads.at(-1)!;
    expect(upload.at).toBe(clock);
    expect(upload.fields).toEqual({ conversion_id: '777', certification_id: String(noExpiry.id), email: 'new.person@example.com', valid_from: '2025-06-01' });
    expect(upload.file.filename).toBe('certificate.pdf');
    expect(upload.file.contentType).toBe('application/pdf');
    expect(Buffer.isBuffer(upload.file.bytes)).toBe(true);
    expect(upload.file.bytes.length).toBe(PDF.length);
    expect(upload.file.bytes.equals(PDF)).toBe(true);
    // The raw body reached the handler byte-exact: the high bytes survive inside the multipart body.
    expect(upload.file.bytes.subarray(10, 14)).toEqual(Buffer.from([0xe2, 0xe3, 0xcf, 0xd3]));
  });

  it('lower-cases the email, keeps a known user\'s external_id, and takes valid_until', async () => {
    const r = await post(sim.url, form(valid({ email: known.email.toUpperCase(), certification_id: String(expiring.id), valid_until: '2028-06-01' })));
    expect(r.status).toBe(201);
    expect(r.body.certificate).toMatchObject({
      certification_id: expiring.id, name: expiring.name, valid_from: '2025-06-01', valid_until: '2028-06-01',
      user: { email: known.email.toLowerCase(), external_id: known.external_id },
    });
    expect(r.body.certificate.id).toBe(Math.max(...sim.certificates.slice(0, -1).map((c) => c.id)) + 1);
  });

  it('accepts the same upload without a suffix and answers XML for .xml', async () => {
    expect((await post(sim.url, form(valid()), { suffix: '' })).status).toBe(201);
    const r = await post(sim.url, form(valid({ email: 'xml.user@example.com' })), { suffix: '.xml' });
    expect(r.status).toBe(201);
    expect(r.headers.get('content-type')).toMatch(/application\/xml/);
    expect(r.text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<certificate>\n/);
    expect(r.text).toContain(`<id type="integer">${sim.certificates.at(-1)!.id}</id>`);
    expect(r.text).toContain('<description nil="true"/>');
    expect(r.text).toContain('<email>xml.user@example.com</email>');
  });

  it('requires valid_until when the certification requires it (422), and accepts it when given', async () => {
    const before = sim.uploads.length;
    const r = await post(sim.url, form(valid({ certification_id: String(expiring.id) })));
    expect(r.status).toBe(422);
    expect(r.body).toEqual({ error: `valid_until: is required for certification ${expiring.id} (${expiring.name})` });
    expect(sim.uploads).toHaveLength(before);
    const ok = await post(sim.url, form(valid({ certification_id: String(expiring.id), valid_until: '2025-06-01' })));
    expect(ok.status).toBe(201);
    expect(ok.body.certificate.valid_until).toBe('2025-06-01');
  });

  it.each<[string, Record<string, string | undefined>, FilePart | undefined, number, string]>([
    ['missing certification_id', { certification_id: undefined }, undefined, 400, 'certification_id: is required'],
    ['blank certification_id', { certification_id: '  ' }, undefined, 400, 'certification_id: is required'],
    ['non-integer certification_id', { certification_id: 'ITIL' }, undefined, 400, 'certification_id: must be an integer'],
    ['unknown certification_id', { certification_id: '999999' }, undefined, 422, 'Unknown certification_id 999999'],
    ['non-integer conversion_id', { conversion_id: '12a' }, undefined, 400, 'conversion_id: must be an integer'],
    ['missing email', { email: undefined }, undefined, 400, 'email: is required'],
    ['invalid email', { email: 'new.person.example.com' }, undefined, 400, 'email: is invalid'],
    ['missing valid_from', { valid_from: undefined }, undefined, 400, 'valid_from: is required'],
    ['impossible valid_from', { valid_from: '2025-02-30' }, undefined, 400, 'valid_from: must be a date (YYYY-MM-DD)'],
    ['European valid_from', { valid_from: '01-06-2025' }, undefined, 400, 'valid_from: must be a date (YYYY-MM-DD)'],
    ['malformed valid_until', { valid_until: '2026-13-01' }, undefined, 400, 'valid_until: must be a date (YYYY-MM-DD)'],
    ['valid_until before valid_from', { valid_until: '2025-05-31' }, undefined, 422, 'valid_until: must be on or after valid_from'],
    ['missing file', {}, null, 400, 'file: is required'],
    ['empty file', {}, { bytes: Buffer.alloc(0), filename: 'empty.pdf', type: 'application/pdf' }, 400, 'file: is empty'],
  ])('refuses %s', async (_name, over, file, status, error) => {
    const before = { uploads: sim.uploads.length, certificates: sim.certificates.length };
    const r = await post(sim.url, form(valid(over), file));
    expect(r.status).toBe(status);
    expect(r.body).toEqual({ error });
    expect(sim.uploads).toHaveLength(before.uploads);
    expect(sim.certificates).toHaveLength(before.certificates);
  });

  const b64 = PDF.toString('base64');
  it.each<[string, FilePart]>([
    ['base64 text as the file', { bytes: b64, filename: 'certificate.pdf', type: 'application/pdf' }],
    ['line-wrapped base64 as a .txt file', { bytes: b64.replace(/(.{76})/g, '$1\r\n'), filename: 'certificate.txt', type: 'text/plain' }],
    ['a base64 data URL as the file', { bytes: `data:application/pdf;base64,${b64}`, filename: 'certificate.pdf', type: 'application/pdf' }],
    ['base64 in a plain text field', b64],
    ['a plain text field', 'certificate.pdf'],
    ['a part with an empty filename', { bytes: PDF, filename: '', type: 'application/pdf' }],
  ])('refuses %s with 400', async (_name, file) => {
    const before = sim.uploads.length;
    const r = await post(sim.url, form(valid(), file));
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ error: 'file must be an uploaded file; base64 is not allowed' });
    expect(sim.uploads).toHaveLength(before);
  });

  it('accepts a non-PDF file as long as it is a real file part', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
    const r = await post(sim.url, form(valid(), { bytes: png, filename: 'scan.png', type: 'image/png' }));
    expect(r.status).toBe(201);
    expect(sim.uploads.at(-1)!.file).toEqual({ filename: 'scan.png', contentType: 'image/png', bytes: png });
  });

  it('refuses a body that is not multipart/form-data with 400', async () => {
    const before = sim.uploads.length;
    const asJson = await post(sim.url, JSON.stringify({ ...valid(), file: PDF.toString('base64') }), { contentType: 'application/json' });
    expect(asJson.status).toBe(400);
    expect(asJson.body).toEqual({ error: 'Content-Type must be multipart/form-data with a boundary' });
    const urlencoded = await post(sim.url, new URLSearchParams(valid()).toString(), { contentType: 'application/x-www-form-urlencoded' });
    expect(urlencoded.status).toBe(400);
    const broken = await post(sim.url, '--nope\r\ngarbage', { contentType: 'multipart/form-data; boundary=zzz' });
    expect(broken.status).toBe(400);
    expect(broken.body).toEqual({ error: 'Malformed multipart/form-data body' });
    expect(sim.uploads).toHaveLength(before);
  });

  it('refuses a missing, wrong or certifications key with 401 and stores nothing', async () => {
    const before = sim.uploads.length;
    for (const key of ['', 'nope', creds.certificationsApiKey]) {
      const r = await post(sim.url, form(valid()), { key });
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ error: 'Invalid API key' });
    }
    expect(sim.uploads).toHaveLength(before);
  });

  it('allows 30 POSTs per rolling minute; the 31st is a 400 until the oldest is 60 s old', async () => {
    let now = T0;
    const limited = await startSpringestSimulator({ data: seed.springest, credentials: creds, now: () => now });
    try {
      // Refused keys do not count.
      for (let i = 0; i < 5; i++) expect((await post(limited.url, form(valid()), { key: 'nope' })).status).toBe(401);
      // A POST that fails validation still counts: 29 accepted + 1 invalid = 30.
      for (let i = 0; i < 29; i++) {
        now = T0 + i * 100;
        expect((await post(limited.url, form(valid({ email: `user${i}@example.com` })))).status).toBe(201);
      }
      expect((await post(limited.url, form(valid({ email: undefined })))).status).toBe(400);
      expect(limited.uploads).toHaveLength(29);

      now = T0 + 30_000;
      const over = await post(limited.url, form(valid({ email: 'late@example.com' })));
      expect(over.status).toBe(400);
      expect(over.body).toEqual({ error: 'Rate limit exceeded: max 30 certificates per minute' });
      expect(limited.uploads).toHaveLength(29);

      now = T0 + 59_999; // the first POST (at T0) is still inside the window
      expect((await post(limited.url, form(valid()))).body).toEqual({ error: 'Rate limit exceeded: max 30 certificates per minute' });

      now = T0 + 60_000; // the first POST left the window: exactly one slot is free
      const again = await post(limited.url, form(valid({ email: 'late@example.com' })));
      expect(again.status).toBe(201);
      expect(again.body.certificate.created_at).toBe(new Date(T0 + 60_000).toISOString());
      expect(limited.uploads).toHaveLength(30);
      expect(limited.uploads.at(-1)!.at).toBe(T0 + 60_000);
      expect((await post(limited.url, form(valid()))).status).toBe(400);

      now = T0 + 60_100; // the second one left too
      expect((await post(limited.url, form(valid()))).status).toBe(201);
      // GET is not limited by the upload limiter.
      expect((await call('GET', `${limited.url}/users/certificates.json?api_key=${creds.apiKey}&email=late@example.com`)).body.certificates).toHaveLength(1);
    } finally {
      await limited.stop();
    }
  });
});
