/**
 * Mappers are pure: tested on the vendors' own example payloads
 * (shared/upstream-apis). Springest publishes no example body, so its fixture
 * follows the documented field list and the nested `user { email, external_id }`.
 */
import fourhseItem from '../fixtures/fourhse/index-item.json';
import fourhseView from '../fixtures/fourhse/view-v31.json';
import fourhseDelete from '../fixtures/fourhse/delete-webhook.json';
import ensinioList from '../fixtures/ensinio/list.json';
import falkorAnswer from '../fixtures/falkor/story-certificates.json';
import springestCertificates from '../fixtures/springest/certificates.json';
import springestCertifications from '../fixtures/springest/certifications.json';
import { toCertificate as fourhse } from '../../src/connectors/fourhse/mapper';
import { parseWorkload, toCertificate as ensinio, toPage } from '../../src/connectors/ensinio/mapper';
import { storyGroups, toCertificates as falkor } from '../../src/connectors/falkor/mapper';
import { certificateList, certificationList, toCertificate as springest, toCertification } from '../../src/connectors/springest/mapper';
import { ShapeError } from '../../src/connectors/shape';

describe('4HSE mapper', () => {
  it('maps the v2 index example field by field', () => {
    expect(fourhse(fourhseItem)).toEqual({
      source: 'FOURHSE',
      key: ['f6a7b8c9-d0e1-2f3a-4b5c-6d7e8f9a0b1c'],
      sourceId: 'f6a7b8c9-d0e1-2f3a-4b5c-6d7e8f9a0b1c',
      name: 'Fire Safety Training Certificate',
      issuedOn: '2024-01-15',
      expiresOn: '2029-01-15',
      pending: false,
      revoked: false,
      url: null,
      note: null,
      actionType: 'TRAINING',
      validity: { unit: 'YEAR', count: 5 },
      warning: false,
      grade: null,
      workloadHours: null,
      data: null,
      holder: { source: 'FOURHSE', sourceId: 'e3a1f5d2-8c4b-4e7a-9f6d-2b1c3d4e5f6a', type: 'PERSON', name: 'Smith John', email: null, photoUrl: null },
      certification: null,
      story: null,
    });
  });

  it('keeps note and data of the older page example, without resource_type', () => {
    const c = fourhse(fourhseView);
    expect(c.note).toBe('This certificate is valid for one year.');
    expect(c.data).toEqual({ additional_info: 'This certificate was issued by the training department.' });
    expect(c.holder.type).toBeNull();
    expect(c.validity).toEqual({ unit: 'YEAR', count: 1 });
  });

  it('accepts the DELETE webhook body, which lacks dates', () => {
    const c = fourhse(fourhseDelete);
    expect(c.issuedOn).toBeNull();
    expect(c.expiresOn).toBeNull();
    expect(c.holder.sourceId).toBe('e3a1f5d2-8c4b-4e7a-9f6d-2b1c3d4e5f6a');
  });

  it('refuses a body without certificate_id or with a bad date', () => {
    expect(() => fourhse({ ...fourhseItem, certificate_id: undefined })).toThrow(ShapeError);
    expect(() => fourhse({ ...fourhseItem, date_expire: 'soon' })).toThrow(ShapeError);
    expect(() => fourhse('nope')).toThrow(ShapeError);
  });
});

describe('Ensinio mapper', () => {
  const page = toPage(ensinioList);
  it('reads Laravel pagination meta', () => {
    expect(page.lastPage).toBe(5);
    expect(page.total).toBe(75);
    expect(page.items).toHaveLength(2);
  });

  it('maps the doc example, course as certification and "40h" as 40 hours', () => {
    expect(ensinio(page.items[0])).toEqual({
      source: 'ENSINIO',
      key: ['101', '9001', '12'],
      sourceId: '101',
      name: 'Curso Completo de Marketing',
      issuedOn: '2025-05-20',
      expiresOn: '2026-03-01',
      pending: false,
      revoked: false,
      url: 'https://sua-plataforma.ensinio.cloud/certificados/101',
      note: null,
      actionType: null,
      validity: null,
      warning: null,
      grade: 9.2,
      workloadHours: 40,
      data: { hash: 'abcd1234efgh5678', platformName: 'Minha Escola', subscriptionDate: '2025-03-01' },
      holder: { source: 'ENSINIO', sourceId: '9001', type: 'PERSON', name: 'Ana Silva', email: null, photoUrl: 'https://cdn.example.com/users/9001.jpg' },
      certification: { source: 'ENSINIO', sourceId: '12', name: 'Curso Completo de Marketing', description: null },
      story: null,
    });
  });

  it('prefers alternative_name, keeps nulls, and reads ch given as a number', () => {
    const c = ensinio(page.items[1]);
    expect(c.name).toBe('Cert. Vendas 2025');
    expect(c.expiresOn).toBeNull();
    expect(c.grade).toBeNull();
    expect(c.holder.photoUrl).toBeNull();
    expect(c.workloadHours).toBe(8);
  });

  it.each([
    ['40h', 40],
    ['40', 40],
    [8, 8],
    ['1h30', 1.5],
    ['2,5h', 2.5],
    [null, null],
    ['', null],
    ['about a day', null],
  ])('parses ch %p as %p hours', (ch, hours) => {
    expect(parseWorkload(ch)).toBe(hours);
  });

  it('refuses an answer without meta', () => {
    expect(() => toPage({ data: [] })).toThrow(ShapeError);
  });
});

describe('Falkor mapper', () => {
  const certs = storyGroups(falkorAnswer).flatMap(falkor);
  it('flattens story groups; the certificate is identified by story, email and timestamp', () => {
    expect(certs).toHaveLength(2);
    expect(certs[0]).toMatchObject({
      source: 'FALKOR',
      key: ['EV72-RQZY-80AH', 'user.one@example.com', '2021-09-28T11:14:23+02:00'],
      name: 'Story A',
      issuedOn: '2021-09-28',
      expiresOn: null,
      pending: false,
      url: 'https://falkor.example/certificates/abc',
      holder: { source: 'FALKOR', sourceId: 'user.one@example.com', name: 'User One', email: 'user.one@example.com' },
      story: { sourceId: 'EV72-RQZY-80AH', name: 'Story A', type: 'STORY' },
    });
  });

  it('normalises mixed-case story types, lower-cases emails, and marks pending', () => {
    expect(certs[1].story!.type).toBe('STORY');
    expect(certs[1].holder.email).toBe('user.one@example.com');
    expect(certs[1].pending).toBe(true);
  });

  it('refuses an error envelope as a success', () => {
    expect(() => storyGroups({ status: 'error', message: 'Invalid token' })).toThrow(ShapeError);
  });
});

describe('Springest mapper', () => {
  it('maps a certificate: holder by lower-cased email, certification by reference', () => {
    const [c] = certificateList(springestCertificates).map(springest);
    expect(c).toMatchObject({
      source: 'SPRINGEST',
      key: ['4711', 'maria.rossi@acme-construction.example', '12'],
      name: 'ITIL 4 Foundation',
      issuedOn: '2024-03-01',
      expiresOn: '2027-03-01',
      note: 'Certificate of the ITIL 4 Foundation exam',
      holder: { source: 'SPRINGEST', sourceId: 'maria.rossi@acme-construction.example', email: 'maria.rossi@acme-construction.example', name: null },
      certification: { source: 'SPRINGEST', sourceId: '12', name: null },
      data: { status: 'verified', externalId: 'EMP-0042' },
    });
  });

  it('accepts a bare array too, and maps certifications', () => {
    expect(certificateList([])).toEqual([]);
    expect(certificationList(springestCertifications).map(toCertification)).toEqual([
      { source: 'SPRINGEST', sourceId: '12', name: 'ITIL 4 Foundation', description: 'IT service management foundation' },
    ]);
  });

  it('refuses a certificate without a user email', () => {
    expect(() => springest({ id: 1, certification_id: 2, user: {} })).toThrow(ShapeError);
  });
});
