/**
 * What upstreams really send now and then: a field missing, null, of another
 * type than documented, a date that is not a calendar day, an unknown enum
 * value. The certificate must still be listed with only that field null
 * (every other field exactly as without the oddity). Only what identifies it
 * (upstream id / key parts, the holder's identifier) makes it invalid, and
 * then the source fails as a whole, naming the field (see connectors/shape.ts).
 */
import type { CertificateRecord } from '../../src/domain';
import { toCertificate as fourhse } from '../../src/connectors/fourhse/mapper';
import { toCertificate as ensinio, toPage } from '../../src/connectors/ensinio/mapper';
import { storyGroups, toCertificates as falkorGroup } from '../../src/connectors/falkor/mapper';
import { toCertificate as springest } from '../../src/connectors/springest/mapper';
import { mapOrFail, ShapeError } from '../../src/connectors/shape';
import { HealthTracker } from '../../src/connectors/health';
import { GatewayError } from '../../src/errors';
import { systemClock } from '../../src/clock';
import { docExample } from '../helpers/doc-examples';

const MISSING = Symbol('missing');
type Odd = unknown;

/** A deep copy of `raw` with `path` (dotted) set to `value`, or removed for MISSING. */
function patch(raw: unknown, path: string, value: Odd): any {
  const copy = structuredClone(raw) as any;
  const parts = path.split('.');
  let o = copy;
  for (const p of parts.slice(0, -1)) o = o[p];
  const last = parts[parts.length - 1];
  if (value === MISSING) delete o[last];
  else o[last] = value;
  return copy;
}

/** Values the docs do not allow, by kind. MISSING and null are added to every field. */
const NOT_A_DATE = ['2024-02-30', '9999-99-99junk', '2024-13-45', '2023-02-29', '2024-01-15junk', '2024-1-5', '15/01/2024', '', 'soon', 20240115, true, {}, ['2024-01-15']];
const NOT_A_STRING = [42, 0, true, { text: 'x' }, ['x']];
const NOT_A_NUMBER = ['40h', '9.2', 'nove', true, { n: 1 }, [1]];
const NOT_AN_INTEGER = ['40h', '5', 1.5, true, { n: 1 }, [5]];
const NOT_AN_OBJECT = [[], ['a'], 'text', 3, true];

type Row = [string, Odd, (r: CertificateRecord) => CertificateRecord];
/** One row per odd value of a field: [field path, value, the expected record from the clean one]. */
const rows = (path: string, values: Odd[], expected: (r: CertificateRecord) => CertificateRecord): Row[] =>
  [MISSING, null, ...values].map((v) => [path, v, expected]);
const show = (v: Odd) => (v === MISSING ? '(missing)' : JSON.stringify(v));

function expectLenient(map: (raw: unknown) => CertificateRecord, clean: unknown, table: Row[]) {
  const baseline = map(clean);
  it.each(table.map(([path, value, expected]) => [path, show(value), value, expected] as const))('%s = %s: still listed, that field null', (path, _shown, value, expected) => {
    expect(map(patch(clean, path, value))).toEqual(expected(baseline));
  });
}

function expectInvalid(source: 'FOURHSE' | 'ENSINIO' | 'SPRINGEST' | 'FALKOR', map: (raw: unknown) => unknown, clean: unknown, table: [string, Odd][]) {
  it.each(table.map(([path, value]) => [path, show(value), value] as const))('%s = %s: the item is invalid, and the source fails naming the field', (path, _shown, value) => {
    const odd = patch(clean, path, value);
    expect(() => map(odd)).toThrow(ShapeError);
    expect(() => map(odd)).toThrow(path.split('.').pop());
    const health = new HealthTracker(source, true, systemClock);
    let err: unknown;
    try {
      mapOrFail(source, health, () => map(odd));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GatewayError);
    expect((err as GatewayError).extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', source });
    expect((err as GatewayError).message).toContain(path.split('.').pop()!);
    expect(health.snapshot()).toMatchObject({ healthy: false });
  });
}

const identityOddities = (paths: string[], extra: Odd[] = []): [string, Odd][] =>
  paths.flatMap((p) => [MISSING, null, '', '   ', { id: 1 }, [1], true, 1.5, -1, ...extra].map((v) => [p, v] as [string, Odd]));

// ---------------------------------------------------------------- 4HSE

describe('4HSE mapper tolerates odd fields', () => {
  // 001's index item, with a note and data as 000's example has them.
  const clean = { ...docExample<any[]>('fourhse/001-index-response.json')[0], note: 'Refresher due.', data: { hours: 8 } };

  it('maps the clean item fully (the baseline of every row)', () => {
    expect(fourhse(clean)).toMatchObject({ name: 'Fire Safety Training Certificate', issuedOn: '2024-01-15', expiresOn: '2029-01-15', note: 'Refresher due.', data: { hours: 8 }, warning: false, validity: { unit: 'YEAR', count: 5 }, actionType: 'TRAINING', holder: { type: 'PERSON', name: 'Smith John' } });
  });

  expectLenient(fourhse, clean, [
    ...rows('date_release', NOT_A_DATE, (r) => ({ ...r, issuedOn: null })),
    ...rows('date_expire', NOT_A_DATE, (r) => ({ ...r, expiresOn: null })),
    ...rows('name', [...NOT_A_STRING, '', 'x'.repeat(256)], (r) => ({ ...r, name: null })),
    ...rows('note', [...NOT_A_STRING, '  '], (r) => ({ ...r, note: null })),
    ...rows('action_type', ['UNKNOWN', 'training', 'WEEK', ...NOT_A_STRING], (r) => ({ ...r, actionType: null })),
    ...rows('resource_type', ['ROBOT', 'person', ...NOT_A_STRING], (r) => ({ ...r, holder: { ...r.holder, type: null } })),
    ...rows('resource_name', [...NOT_A_STRING, 'x'.repeat(256)], (r) => ({ ...r, holder: { ...r.holder, name: null } })),
    // Not [] itself: PHP (4HSE is Yii) encodes an empty associative array so, an empty data object.
    ...rows('data', NOT_AN_OBJECT.filter((v) => !(Array.isArray(v) && v.length === 0)), (r) => ({ ...r, data: null })),
    ['data', [], (r) => ({ ...r, data: {} })],
    ...rows('warning', [2, -1, '1', '0', true, 0.5, [1], {}], (r) => ({ ...r, warning: null })),
    ...rows('validity_unit', ['WEEK', 'year', 'YEARS', 1, {}, []], (r) => ({ ...r, validity: null })),
    ...rows('validity', NOT_AN_INTEGER, (r) => ({ ...r, validity: null })),
    // The tenant (certificate's and holder's): without a uuid there is none; an odd project name is no name.
    ...rows('tenant_id', ['not-a-uuid', ...NOT_A_STRING], (r) => ({ ...r, tenant: null, holder: { ...r.holder, tenant: null } })),
    ...rows('project_name', NOT_A_STRING, (r) => ({ ...r, tenant: { id: r.tenant!.id, name: null }, holder: { ...r.holder, tenant: { id: r.tenant!.id, name: null } } })),
    // Not part of the record: odd values change nothing.
    ...rows('subtenant_id', ['not-a-uuid', ...NOT_A_STRING], (r) => r),
  ]);

  expectInvalid('FOURHSE', fourhse, clean, identityOddities(['certificate_id', 'resource_id'], ['not-a-uuid', 12345, 'f6a7b8c9-d0e1-2f3a-4b5c-6d7e8f9a0b1']));
});

// ---------------------------------------------------------------- Ensinio

describe('Ensinio mapper tolerates odd fields', () => {
  const clean = docExample('ensinio/003-list-response.json').data[0];

  expectLenient(ensinio, clean, [
    ...rows('conclusion_date', NOT_A_DATE, (r) => ({ ...r, issuedOn: null })),
    ...rows('expiration_date', NOT_A_DATE, (r) => ({ ...r, expiresOn: null })),
    ...rows('subscription_date', NOT_A_DATE, (r) => ({ ...r, data: { ...(r.data as object), subscriptionDate: null } })),
    // The name falls back from alternative_name (null here) to group_name, which also names the course.
    ...rows('group_name', [...NOT_A_STRING, ''], (r) => ({ ...r, name: null, certification: { ...r.certification!, name: null } })),
    ...rows('alternative_name', [...NOT_A_STRING, '', ' '], (r) => r),
    ...rows('member_name', NOT_A_STRING, (r) => ({ ...r, holder: { ...r.holder, name: null } })),
    ...rows('member_photo', NOT_A_STRING, (r) => ({ ...r, holder: { ...r.holder, photoUrl: null } })),
    ...rows('platform_name', NOT_A_STRING, (r) => ({ ...r, data: { ...(r.data as object), platformName: null } })),
    ...rows('hash', NOT_A_STRING, (r) => ({ ...r, data: { ...(r.data as object), hash: null } })),
    ...rows('link', NOT_A_STRING, (r) => ({ ...r, url: null })),
    ...rows('average_grade', NOT_A_NUMBER, (r) => ({ ...r, grade: null })),
    ...rows('ch', ['about a day', '', -8, true, { h: 40 }, ['40h']], (r) => ({ ...r, workloadHours: null })),
  ]);

  expectInvalid('ENSINIO', ensinio, clean, identityOddities(['id', 'user_id', 'group_id']));

  it('reads ids given as text, and data as a PHP index object', () => {
    const page = toPage({ data: { 0: { ...clean, id: '101', user_id: '9001' } }, meta: { last_page: '1', total: 1 } });
    expect(page).toMatchObject({ lastPage: 1, total: 1 });
    expect(ensinio(page.items[0]).key).toEqual(['101', '9001', '12']);
  });

  it.each([
    ['no meta', { data: [] }],
    ['meta without total', { data: [], meta: { last_page: 1 } }],
    ['data missing', { meta: { last_page: 1, total: 0 } }],
    ['data as text', { data: 'none', meta: { last_page: 1, total: 0 } }],
  ])('an answer with %s cannot be read (the source fails rather than showing an empty list)', (_n, body) => {
    expect(() => toPage(body)).toThrow(ShapeError);
  });
});

// ---------------------------------------------------------------- Springest

describe('Springest mapper tolerates odd fields', () => {
  const clean = docExample('springest/certificates.json').certificates[0];

  expectLenient(springest, clean, [
    ...rows('valid_from', NOT_A_DATE, (r) => ({ ...r, issuedOn: null })),
    ...rows('valid_until', NOT_A_DATE, (r) => ({ ...r, expiresOn: null })),
    ...rows('created_at', ['2024-02-30T09:15:00+01:00', '2024-03-02T25:15:00Z', 'yesterday', 1709367300, {}], (r) => ({ ...r, data: { ...(r.data as object), createdAt: null } })),
    ...rows('name', NOT_A_STRING, (r) => ({ ...r, name: null })),
    ...rows('description', NOT_A_STRING, (r) => ({ ...r, note: null })),
    ...rows('status', NOT_A_STRING, (r) => ({ ...r, data: { ...(r.data as object), status: null } })),
    ...rows('user.external_id', [true, { id: 1 }, [], ''], (r) => ({ ...r, data: { ...(r.data as object), externalId: null } })),
  ]);

  it('keeps a holder whose email is not an email: identified by the text, email null', () => {
    const c = springest(patch(clean, 'user.email', 'Maria Rossi'));
    expect(c.key).toEqual(['4711', 'maria rossi', '12']);
    expect(c.holder).toMatchObject({ sourceId: 'maria rossi', email: null });
  });

  it('reads `user` given as the email itself', () => {
    expect(springest(patch(clean, 'user', 'Maria.Rossi@Acme-Construction.example')).holder.email).toBe('maria.rossi@acme-construction.example');
  });

  expectInvalid('SPRINGEST', springest, clean, [...identityOddities(['id', 'certification_id']), ...identityOddities(['user.email'], [42]), ['user', MISSING], ['user', null], ['user', {}]]);
});

// ---------------------------------------------------------------- Falkor

describe('Falkor mapper tolerates odd fields', () => {
  const group = docExample('falkor/story-certificates.json').data[0];
  const one = (g: unknown) => {
    const certs = falkorGroup(g);
    expect(certs).toHaveLength(1);
    return certs[0];
  };

  expectLenient(one, group, [
    ...rows('story.name', NOT_A_STRING, (r) => ({ ...r, name: null, story: { ...r.story!, name: null } })),
    ...rows('story.type', ['Movie', 'stories', ...NOT_A_STRING], (r) => ({ ...r, story: { ...r.story!, type: null } })),
    ...rows('certificates.0.firstname', NOT_A_STRING, (r) => ({ ...r, holder: { ...r.holder, name: 'One' } })),
    ...rows('certificates.0.telephone', NOT_A_STRING, (r) => r),
    ...rows('certificates.0.country', NOT_A_STRING, (r) => ({ ...r, data: { ...(r.data as object), country: null } })),
    ...rows('certificates.0.city', NOT_A_STRING, (r) => ({ ...r, data: { ...(r.data as object), city: null } })),
    ...rows('certificates.0.certificate.url', NOT_A_STRING, (r) => ({ ...r, url: null })),
    ...rows('certificates.0.certificate.state', ['archived', ...NOT_A_STRING], (r) => ({ ...r, data: { ...(r.data as object), state: null } })),
  ]);

  it.each(['9999-99-99junk', '2021-02-30T11:14:23+02:00', 'last tuesday'])('keeps an item whose timestamp %p is no date: the key holds it as written, issuedOn is null', (ts) => {
    const c = one(patch(group, 'certificates.0.certificate.timestamp', ts));
    expect(c.key).toEqual(['EV72-RQZY-80AH', 'user.one@example.com', ts]);
    expect(c.issuedOn).toBeNull();
    expect(c.data).toMatchObject({ deliveredAt: ts });
  });

  it('keeps a holder whose identifier is not an email; the email is null', () => {
    expect(one(patch(group, 'certificates.0.email', 'User One')).holder).toMatchObject({ sourceId: 'user one', email: null });
  });

  it('reads a pending state in any case, and lists given as PHP index objects', () => {
    const g = patch(group, 'certificates', { 0: { ...group.certificates[0], certificate: { ...group.certificates[0].certificate, state: 'Pending' } } });
    expect(storyGroups({ status: 'success', data: { 0: g } }).flatMap(falkorGroup).map((c) => c.pending)).toEqual([true]);
  });

  it('a group without certificates lists none', () => {
    expect(falkorGroup(patch(group, 'certificates', null))).toEqual([]);
    expect(falkorGroup(patch(group, 'certificates', MISSING))).toEqual([]);
  });

  expectInvalid('FALKOR', one, group, [
    ...identityOddities(['story.ID']),
    ...identityOddities(['certificates.0.email'], [42]),
    ...identityOddities(['certificates.0.certificate.timestamp']),
    ['story', MISSING],
    ['story', 'Story A'],
    ['certificates.0.certificate', MISSING],
    ['certificates', 'none'],
  ]);
});
