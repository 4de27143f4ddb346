/**
 * Mappers are pure: tested on every example payload of the vendors' docs,
 * copied verbatim into test/fixtures (see its README), with the expected
 * records spelled out. Request examples are checked against the gateway's own
 * request builders. Springest publishes no example body: its fixture follows
 * the documented field list and the nested `user { email, external_id }`.
 */
import type { CertificateRecord } from '../../src/domain';
import { toCertificate as fourhse, toWriteBody, FOURHSE_FIELD_RULES } from '../../src/connectors/fourhse/mapper';
import { pushdownFilter, sortParam } from '../../src/connectors/fourhse/loaders';
import { parseWorkload, toCertificate as ensinio, toPage } from '../../src/connectors/ensinio/mapper';
import { storyGroups, toCertificates as falkor, toStory } from '../../src/connectors/falkor/mapper';
import { pushdownBody } from '../../src/connectors/falkor/loaders';
import { certificateList, certificationList, toCertificate as springest, toCertification } from '../../src/connectors/springest/mapper';
import { ruleProblem, ShapeError, type FieldRule } from '../../src/connectors/shape';
import { docExample, elisions, fixtureText } from '../helpers/doc-examples';

/** The record every source fills the same way; each test spells out the rest. */
const base = { pending: false, revoked: false, url: null, note: null, actionType: null, validity: null, warning: null, grade: null, workloadHours: null, data: null, certification: null, story: null };

// ---------------------------------------------------------------- 4HSE

const V31_ID = '123e4567-e89b-12d3-a456-426655440000';
/** 000's certificate (index, view): note and data, no resource_type nor resource_name. */
const v31Certificate: CertificateRecord = {
  ...base,
  source: 'FOURHSE',
  key: [V31_ID],
  sourceId: V31_ID,
  name: 'Certificate of Completion',
  issuedOn: '2022-01-01',
  expiresOn: '2023-01-01',
  note: 'This certificate is valid for one year.',
  actionType: 'TRAINING',
  validity: { unit: 'YEAR', count: 1 },
  warning: false,
  data: { additional_info: 'This certificate was issued by the training department.' },
  holder: { source: 'FOURHSE', sourceId: V31_ID, type: null, name: null, email: null, photoUrl: null, tenant: { id: V31_ID, name: null } },
  // The tenant (project) is the certificate's and, as the certificate tells it, its holder's.
  tenant: { id: V31_ID, name: null },
};

const V30_ID = 'f6a7b8c9-d0e1-2f3a-4b5c-6d7e8f9a0b1c';
const PERSON = 'e3a1f5d2-8c4b-4e7a-9f6d-2b1c3d4e5f6a';
const TENANT = 'b5a7d602-3fc9-4e2a-9d1a-6e5b4c8f7a01';
/** 001's certificate as index and view answer it: the holder's type and name included. */
const v30Certificate: CertificateRecord = {
  ...base,
  source: 'FOURHSE',
  key: [V30_ID],
  sourceId: V30_ID,
  name: 'Fire Safety Training Certificate',
  issuedOn: '2024-01-15',
  expiresOn: '2029-01-15',
  actionType: 'TRAINING',
  validity: { unit: 'YEAR', count: 5 },
  warning: false,
  holder: { source: 'FOURHSE', sourceId: PERSON, type: 'PERSON', name: 'Smith John', email: null, photoUrl: null, tenant: { id: TENANT, name: 'Acme Construction Ltd' } },
  tenant: { id: TENANT, name: 'Acme Construction Ltd' },
};
/** 001's create answer and CREATE webhook: no resource_type, resource_name, warning nor project_name. */
const v30Created: CertificateRecord = {
  ...v30Certificate,
  warning: null,
  holder: { ...v30Certificate.holder, type: null, name: null, tenant: { id: TENANT, name: null } },
  tenant: { id: TENANT, name: null },
};

describe('4HSE mapper on the doc examples', () => {
  it.each([
    ['000-index-response-schema.json', v31Certificate],
    ['000-index-response.json', v31Certificate],
    ['000-view-response.json', v31Certificate],
    ['000-webhook-create.json', { ...v31Certificate, note: null, data: null }],
    ['000-webhook-delete.json', { ...v31Certificate, note: null, data: null }],
    [
      '000-create-response.json',
      {
        ...v31Certificate,
        key: ['223e4567-e89b-12d3-a456-426655440000'],
        sourceId: '223e4567-e89b-12d3-a456-426655440000',
        name: 'Certificate of Safety',
        issuedOn: '2023-01-01',
        expiresOn: null,
        note: null,
        warning: null,
        data: null,
      },
    ],
    ['001-view-response.json', v30Certificate],
    ['001-create-response.json', v30Created],
    ['001-webhook-create.json', v30Created],
    // The DELETE example carries neither dates nor validity.
    ['001-webhook-delete.json', { ...v30Created, issuedOn: null, expiresOn: null, validity: null }],
  ])('maps %s', (file, expected) => {
    expect(fourhse(docExample(`fourhse/${file}`))).toEqual(expected);
  });

  it('maps every item of the 001 index answer (an array)', () => {
    const answer = docExample<unknown[]>('fourhse/001-index-response.json');
    expect(answer).toHaveLength(1);
    expect(answer.map(fourhse)).toEqual([v30Certificate]);
  });

  it.each(['000-update-response.json', '001-update-response.json'])(
    'refuses %s as a certificate: the update answer lacks the holder (the writer reads the certificate back with view)',
    (file) => {
      expect(() => fourhse(docExample(`fourhse/${file}`))).toThrow(new ShapeError('4HSE certificate.resource_id is missing or not a valid identifier'));
    },
  );

  it.each([
    ['000-create-request.json', { issuedOn: '2023-01-01', name: 'Certificate of Safety', actionType: 'TRAINING', resourceId: V31_ID, tenantId: V31_ID, validityUnit: 'YEAR', validity: 1 }],
    ['000-update-request.json', { name: 'Updated Certificate', validity: 2 }],
    ['001-create-request.json', { issuedOn: '2024-01-15', expiresOn: '2029-01-15', name: 'Fire Safety Training Certificate', actionType: 'TRAINING', resourceId: PERSON, tenantId: TENANT, validityUnit: 'YEAR', validity: 5 }],
    ['001-update-request.json', { name: 'Fire Safety Training Certificate - Renewed', expiresOn: '2030-01-15' }],
  ] as const)('writes the body of %s from the gateway fields', (file, fields) => {
    expect(toWriteBody(fields)).toEqual(docExample(`fourhse/${file}`));
  });

  it('builds the 001 index request: holder and action type pushed down, sorted by expiry descending', () => {
    const filter = pushdownFilter({ holder: { source: 'FOURHSE', sourceId: PERSON }, actionType: 'TRAINING' });
    expect({ filter, 'per-page': 20, page: 1, sort: sortParam({ field: 'EXPIRES_ON', direction: 'DESC' }) }).toEqual(docExample('fourhse/001-index-request.json'));
  });

  it('reads the 000 index request: its sort is the gateway\'s NAME order, and every filter value passes the field rules', () => {
    const request = docExample('fourhse/000-index-request.json');
    expect(request.sort).toBe(sortParam({ field: 'NAME', direction: 'ASC' }));
    expect(request.filter).toEqual(docExample('fourhse/000-index-request-filter.json'));
    const rules = FOURHSE_FIELD_RULES as Record<string, FieldRule>;
    expect(Object.entries(request.filter).map(([f, v]) => [f, ruleProblem(rules[f], v)])).toEqual([
      ['name', null],
      ['action_type', null],
      ['resource_id', null],
      ['warning', null],
      ['validity_unit', null],
      ['validity', null],
    ]);
  });
});

// ---------------------------------------------------------------- Ensinio

/** 003's first item. */
const ensinioAna: CertificateRecord = {
  ...base,
  source: 'ENSINIO',
  key: ['101', '9001', '12'],
  sourceId: '101',
  name: 'Curso Completo de Marketing',
  issuedOn: '2025-05-20',
  expiresOn: '2026-03-01',
  url: 'https://sua-plataforma.ensinio.cloud/certificados/101',
  grade: 9.2,
  workloadHours: 40,
  data: { hash: 'abcd1234efgh5678', platformName: 'Minha Escola', subscriptionDate: '2025-03-01' },
  holder: { source: 'ENSINIO', sourceId: '9001', type: 'PERSON', name: 'Ana Silva', email: null, photoUrl: 'https://cdn.example.com/users/9001.jpg' },
  certification: { source: 'ENSINIO', sourceId: '12', name: 'Curso Completo de Marketing', description: null },
};

describe('Ensinio mapper on the doc examples', () => {
  const page = toPage(docExample('ensinio/003-list-response.json'));

  it('reads Laravel pagination meta of the list example', () => {
    expect(page.lastPage).toBe(5);
    expect(page.total).toBe(75);
    expect(page.items).toHaveLength(2);
  });

  it('maps both items of the list example: course as certification, "40h" and 8 as hours, alternative_name first, nulls kept', () => {
    expect(page.items.map(ensinio)).toEqual([
      ensinioAna,
      {
        ...base,
        source: 'ENSINIO',
        key: ['102', '9002', '14'],
        sourceId: '102',
        name: 'Cert. Vendas 2025',
        issuedOn: '2025-05-10',
        expiresOn: null,
        url: 'https://sua-plataforma.ensinio.cloud/certificados/102',
        grade: null,
        workloadHours: 8,
        data: { hash: 'zz9911yy2233xx44', platformName: 'Minha Escola', subscriptionDate: '2025-04-02' },
        holder: { source: 'ENSINIO', sourceId: '9002', type: 'PERSON', name: 'Bruno Oliveira', email: null, photoUrl: null },
        certification: { source: 'ENSINIO', sourceId: '14', name: 'E-book Vendas', description: null },
      },
    ]);
  });

  it('maps the issue answer (201)', () => {
    expect(ensinio(docExample('ensinio/003-issue-response.json'))).toEqual({
      ...ensinioAna,
      key: ['201', '9001', '12'],
      sourceId: '201',
      url: 'https://sua-plataforma.ensinio.cloud/certificados/201',
      data: { ...ensinioAna.data as object, hash: 'new201hash' },
    });
  });

  it('the issue request example and the revoke answer are not certificates', () => {
    // Both are exercised over HTTP in test/integration/doc-examples.test.ts.
    expect(docExample('ensinio/003-issue-request.json')).toEqual({ group_id: 12, user_id: 9001, conclusion_date: '2025-05-20' });
    expect(() => ensinio(docExample('ensinio/003-revoke-response-200.json'))).toThrow(ShapeError);
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
    [{ hours: 8 }, null],
    [-3, null],
    [true, null],
  ])('parses ch %p as %p hours', (ch, hours) => {
    expect(parseWorkload(ch)).toBe(hours);
  });
});

// ---------------------------------------------------------------- Falkor

describe('Falkor mapper on the doc example', () => {
  it('the stored example keeps the doc\'s three elisions ("...etc"), which reading drops', () => {
    expect(elisions('falkor/004-response.txt')).toBe(3);
    expect(() => JSON.parse(fixtureText('falkor/004-response.txt'))).toThrow(SyntaxError);
    expect(docExample('falkor/004-response.txt').data.map((g: any) => g.certificates.length)).toEqual([1, 1]);
  });

  it('flattens both story groups; "[email protected]" identifies the holder but is no email; the URL placeholder is kept as text', () => {
    const story = (name: string) => ({ source: 'FALKOR', sourceId: 'EV72-RQZY-80AH', name, type: 'STORY' as const });
    const holder = { source: 'FALKOR' as const, sourceId: '[email protected]', type: 'PERSON' as const, name: 'User One', email: null, photoUrl: null };
    const cert = (name: string): CertificateRecord => ({
      ...base,
      source: 'FALKOR',
      key: ['EV72-RQZY-80AH', '[email protected]', '2021-09-28T11:14:23+02:00'],
      sourceId: 'EV72-RQZY-80AH/[email protected]/2021-09-28T11:14:23+02:00',
      name,
      issuedOn: '2021-09-28',
      expiresOn: null,
      url: '<certificate URL>',
      data: { state: 'delivered', deliveredAt: '2021-09-28T11:14:23+02:00', telephone: null, country: 'United Kingdom', city: 'London' },
      holder,
      story: story(name),
    });
    expect(storyGroups(docExample('falkor/004-response.txt')).flatMap(falkor)).toEqual([cert('Story A'), cert('Story B')]);
  });

  it('builds the request example from a story filter', () => {
    expect(pushdownBody({ storyId: 'Story A' })).toEqual(docExample('falkor/004-request.json'));
  });
});

// ---------------------------------------------------------------- fixtures written for the tests

describe('Falkor mapper on the variant fixture', () => {
  const certs = storyGroups(docExample('falkor/story-certificates.json')).flatMap(falkor);
  it('normalises mixed-case story types, lower-cases emails, and marks pending', () => {
    expect(certs.map((c) => [c.story!.type, c.holder.sourceId, c.holder.email, c.pending])).toEqual([
      ['STORY', 'user.one@example.com', 'user.one@example.com', false],
      ['STORY', 'user.one@example.com', 'user.one@example.com', true],
    ]);
  });

  it('refuses an error envelope as a success', () => {
    expect(() => storyGroups({ status: 'error', message: 'Invalid token' })).toThrow(ShapeError);
  });

  it('reads a story on its own', () => {
    expect(toStory({ name: 'Quiz', type: 'assessment', ID: 'Q1' })).toEqual({ source: 'FALKOR', sourceId: 'Q1', name: 'Quiz', type: 'ASSESSMENT' });
  });
});

describe('Springest mapper (no doc example: fixture after the field list)', () => {
  it('maps a certificate: holder by lower-cased email, certification by reference', () => {
    expect(certificateList(docExample('springest/certificates.json')).map(springest)).toEqual([
      {
        ...base,
        source: 'SPRINGEST',
        key: ['4711', 'maria.rossi@acme-construction.example', '12'],
        sourceId: '4711',
        name: 'ITIL 4 Foundation',
        issuedOn: '2024-03-01',
        expiresOn: '2027-03-01',
        note: 'Certificate of the ITIL 4 Foundation exam',
        data: { status: 'verified', createdAt: '2024-03-02T09:15:00+01:00', externalId: 'EMP-0042' },
        holder: { source: 'SPRINGEST', sourceId: 'maria.rossi@acme-construction.example', type: 'PERSON', name: null, email: 'maria.rossi@acme-construction.example', photoUrl: null },
        certification: { source: 'SPRINGEST', sourceId: '12', name: null, description: null },
      },
    ]);
  });

  it('accepts a bare array too, and maps certifications', () => {
    expect(certificateList([])).toEqual([]);
    expect(certificationList(docExample('springest/certifications.json')).map(toCertification)).toEqual([
      { source: 'SPRINGEST', sourceId: '12', name: 'ITIL 4 Foundation', description: 'IT service management foundation' },
    ]);
  });
});
