/**
 * The 4HSE half of the webhook receiver, pure: the doc's own example bodies
 * become neutral changes; values the doc does not allow are refused naming
 * the field; the dedupe keys of updates are those the gateway always computed.
 */
import { FOURHSE_FIELDS, fromFourHseUpdatedFields, fourHseWebhook, parseFourHseWebhook } from '../../src/connectors/fourhse/webhook';
import { toCertificate } from '../../src/connectors/fourhse/mapper';
import { changeKey, diffRecords, UPDATE_KEY_FIELDS, updateKey } from '../../src/events/changes';
import { docExample } from '../helpers/doc-examples';

const ID = 'f6a7b8c9-d0e1-2f3a-4b5c-6d7e8f9a0b1c';

describe('4HSE webhook bodies of the docs', () => {
  it.each(['000', '001'])('%s: CREATE and DELETE carry the certificate, mapped as the mapper maps it', (doc) => {
    for (const [event, type] of [
      ['CERTIFICATE::CREATE', 'CREATED'],
      ['CERTIFICATE::DELETE', 'DELETED'],
    ] as const) {
      const body = docExample(`fourhse/${doc}-webhook-${event === 'CERTIFICATE::CREATE' ? 'create' : 'delete'}.json`);
      const record = toCertificate(body);
      expect(parseFourHseWebhook(event, body)).toEqual({ ok: true, change: { type, source: 'FOURHSE', sourceId: record.sourceId, key: [record.sourceId], record, changes: [] } });
    }
  });

  it('000: UPDATE names the certificate and its changes, by the gateway\'s field names', () => {
    expect(parseFourHseWebhook('CERTIFICATE::UPDATE', docExample('fourhse/000-webhook-update.json'))).toEqual({
      ok: true,
      change: {
        type: 'UPDATED',
        source: 'FOURHSE',
        sourceId: 'd9a77e06-9b47-4829-b28a-c7561deac771',
        key: ['d9a77e06-9b47-4829-b28a-c7561deac771'],
        record: null,
        changes: [
          { field: 'name', old: 'Old Certificate Name', new: 'New Certificate Name' },
          { field: 'expiresOn', old: '2023-01-01', new: '2024-01-01' },
        ],
      },
    });
  });

  it('001: UPDATE of the expiry', () => {
    expect(parseFourHseWebhook('CERTIFICATE::UPDATE', docExample('fourhse/001-webhook-update.json'))).toEqual({
      ok: true,
      change: { type: 'UPDATED', source: 'FOURHSE', sourceId: ID, key: [ID], record: null, changes: [{ field: 'expiresOn', old: '2029-01-15', new: '2030-01-15' }] },
    });
  });

  it('reads PHP\'s [] for an empty data as an empty object (4HSE is Yii: json_encode writes an empty map so)', () => {
    const parsed = parseFourHseWebhook('CERTIFICATE::CREATE', { ...docExample<Record<string, unknown>>('fourhse/001-webhook-create.json'), data: [] });
    expect(parsed).toMatchObject({ ok: true, change: { record: { data: {} } } });
  });

  it('knows exactly the three events', () => {
    expect(fourHseWebhook.events).toEqual(['CERTIFICATE::CREATE', 'CERTIFICATE::UPDATE', 'CERTIFICATE::DELETE']);
    expect(parseFourHseWebhook('CERTIFICATE::EXPLODE', {})).toMatchObject({ ok: false });
  });
});

describe('4HSE webhook bodies the doc does not allow', () => {
  const create = docExample('fourhse/001-webhook-create.json');
  const del = docExample('fourhse/001-webhook-delete.json');
  const update = (fields: unknown) => ({ entity_id: ID, updated_fields: fields });
  const without = (o: Record<string, unknown>, k: string) => Object.fromEntries(Object.entries(o).filter(([f]) => f !== k));

  it.each([
    ['CERTIFICATE::CREATE', { ...create, date_release: '2024-02-30' }, 'date_release', 'date_release must be a calendar date YYYY-MM-DD, got "2024-02-30"'],
    ['CERTIFICATE::CREATE', { ...create, date_expire: '2024-13-45' }, 'date_expire', 'date_expire must be a calendar date YYYY-MM-DD, got "2024-13-45"'],
    ['CERTIFICATE::CREATE', { ...create, date_expire: '9999-99-99junk' }, 'date_expire', 'date_expire must be a calendar date YYYY-MM-DD, got "9999-99-99junk"'],
    ['CERTIFICATE::CREATE', { ...create, validity_unit: 'WEEK' }, 'validity_unit', 'validity_unit must be one of YEAR, MONTH, DAY, got "WEEK"'],
    ['CERTIFICATE::CREATE', { ...create, action_type: 'JUGGLING' }, 'action_type', 'action_type must be one of TRAINING, MAINTENANCE, HEALTH, CHECK, PER, got "JUGGLING"'],
    ['CERTIFICATE::CREATE', { ...create, data: ['a'] }, 'data', 'data must be an object, got ["a"]'],
    ['CERTIFICATE::CREATE', { ...create, warning: true }, 'warning', 'warning must be the integer 0 or 1, got true'],
    ['CERTIFICATE::CREATE', { ...create, validity: '5' }, 'validity', 'validity must be an integer, got "5"'],
    ['CERTIFICATE::CREATE', { ...create, certificate_id: 'not-a-uuid' }, 'certificate_id', 'certificate_id must be a uuid, got "not-a-uuid"'],
    ['CERTIFICATE::CREATE', { ...create, name: null }, 'name', 'name must be a string of at most 255 characters, got null'],
    ['CERTIFICATE::CREATE', without(create, 'date_release'), 'date_release', 'date_release is required'],
    ['CERTIFICATE::DELETE', { ...del, resource_id: 42 }, 'resource_id', 'resource_id must be a uuid, got 42'],
    ['CERTIFICATE::DELETE', without(del, 'certificate_id'), 'certificate_id', 'certificate_id is required'],
    ['CERTIFICATE::DELETE', { ...del, tenant_id: 'acme' }, 'tenant_id', 'tenant_id must be a uuid, got "acme"'],
    ['CERTIFICATE::CREATE', ['not', 'an', 'object'], null, 'the body must be a JSON object: the certificate'],
    ['CERTIFICATE::UPDATE', update({ date_expire: { old: '2029-01-15', new: '2024-02-30' } }), 'updated_fields.date_expire.new', 'updated_fields.date_expire.new must be a calendar date YYYY-MM-DD, got "2024-02-30"'],
    ['CERTIFICATE::UPDATE', update({ validity_unit: { old: 'WEEK', new: 'YEAR' } }), 'updated_fields.validity_unit.old', 'updated_fields.validity_unit.old must be one of YEAR, MONTH, DAY, got "WEEK"'],
    ['CERTIFICATE::UPDATE', update({ data: { old: null, new: [1] } }), 'updated_fields.data.new', 'updated_fields.data.new must be an object, got [1]'],
    ['CERTIFICATE::UPDATE', update({ name: { old: 'a', new: null } }), 'updated_fields.name.new', 'updated_fields.name.new must be a string of at most 255 characters, got null'],
    ['CERTIFICATE::UPDATE', update({ name: { old: 'a' } }), 'updated_fields.name', 'updated_fields.name must be an object {old, new}, got {"old":"a"}'],
    ['CERTIFICATE::UPDATE', update({ name: 'b' }), 'updated_fields.name', 'updated_fields.name must be an object {old, new}, got "b"'],
    ['CERTIFICATE::UPDATE', update({}), 'updated_fields', 'updated_fields must be a non-empty object of {old, new} per field, got {}'],
    ['CERTIFICATE::UPDATE', update([]), 'updated_fields', 'updated_fields must be a non-empty object of {old, new} per field, got []'],
    ['CERTIFICATE::UPDATE', { updated_fields: { name: { old: 'a', new: 'b' } } }, 'entity_id', "entity_id must be the certificate's uuid, got nothing"],
    ['CERTIFICATE::UPDATE', { ...update({ name: { old: 'a', new: 'b' } }), entity_id: 7 }, 'entity_id', "entity_id must be the certificate's uuid, got 7"],
  ] as const)('%s with %j: refused naming %s', (event, body, field, message) => {
    expect(parseFourHseWebhook(event, body)).toEqual({ ok: false, field, message });
  });

  it('lets through fields the doc does not name, and nulls of optional fields', () => {
    expect(parseFourHseWebhook('CERTIFICATE::CREATE', { ...create, date_expire: null, note: null, data: null, extra: { any: 'thing' } })).toMatchObject({ ok: true });
    expect(parseFourHseWebhook('CERTIFICATE::UPDATE', update({ date_expire: { old: null, new: '2030-01-15' }, updated_by: { old: 1, new: 2 } }))).toMatchObject({ ok: true });
  });
});

describe('updated_fields as changes', () => {
  it('renames 4HSE fields, reads warning as a boolean and dates as days, keeps unknown fields', () => {
    expect(
      fromFourHseUpdatedFields({
        warning: { old: 0, new: 1 },
        date_expire: { old: '2029-01-15', new: '2030-01-15T00:00:00Z' },
        validity: { old: 1, new: 2 },
        validity_unit: { old: 'YEAR', new: 'MONTH' },
        resource_id: { old: ID, new: ID },
        tenant_id: { old: null, new: ID },
      }),
    ).toEqual([
      { field: 'warning', old: false, new: true },
      { field: 'expiresOn', old: '2029-01-15', new: '2030-01-15' },
      { field: 'validityCount', old: 1, new: 2 },
      { field: 'validityUnit', old: 'YEAR', new: 'MONTH' },
      { field: 'holderId', old: ID, new: ID },
      { field: 'tenant_id', old: null, new: ID },
    ]);
  });

  it('never reads a field name off Object.prototype', () => {
    const body = JSON.parse(`{"entity_id":"${ID}","updated_fields":{"__proto__":{"old":1,"new":2},"constructor":{"old":1,"new":2}}}`);
    const r = parseFourHseWebhook('CERTIFICATE::UPDATE', body);
    expect(r.ok && r.change.changes.map((c) => c.field)).toEqual(['__proto__', 'constructor']);
  });

  it('maps onto exactly the fields update keys hash', () => {
    expect(Object.values(FOURHSE_FIELDS).sort()).toEqual([...UPDATE_KEY_FIELDS].sort());
  });
});

describe('dedupe keys', () => {
  // Computed by the gateway before this module existed (events/changes.ts with FOURHSE_FIELDS): they must not change.
  it.each([
    [{ date_expire: { old: '2029-01-15', new: '2030-01-15' } }, 'XX21vQrYYr8O-3SP7HQm17'],
    [{ date_expire: { old: '2029-01-15', new: '2030-01-15' }, name: { old: 'a', new: 'b' }, warning: { old: 0, new: 1 } }, 'XnMOV8anQZpBvCJIMtebVb'],
    [
      {
        data: { old: null, new: { k: 1, a: 2 } },
        validity: { old: 1, new: 2 },
        validity_unit: { old: 'YEAR', new: 'MONTH' },
        resource_id: { old: 'e3a1f5d2-8c4b-4e7a-9f6d-2b1c3d4e5f6a', new: '123e4567-e89b-12d3-a456-426655440000' },
        note: { old: null, new: 'n' },
        action_type: { old: 'TRAINING', new: 'CHECK' },
        date_release: { old: '2024-01-15', new: '2024-01-16' },
        subtenant_id: { old: null, new: 'b5a7d602-3fc9-4e2a-9d1a-6e5b4c8f7a01' },
      },
      '55YAh8cCNUEPQNMzvcCCvr',
    ],
  ])('an update keeps its key (%#)', (updated, hash) => {
    const r = parseFourHseWebhook('CERTIFICATE::UPDATE', { entity_id: ID, updated_fields: updated });
    if (!r.ok) throw new Error(r.message);
    expect(changeKey('UPDATED', 'FOURHSE', ID, r.change.changes)).toBe(`FOURHSE:UPDATED:${ID}:${hash}`);
  });

  it('the gateway\'s own write of a change and 4HSE\'s webhook for it share one key', () => {
    const before = toCertificate(docExample('fourhse/001-view-response.json'));
    const after = toCertificate({ ...docExample<object>('fourhse/001-view-response.json'), date_expire: '2030-01-15' });
    const r = parseFourHseWebhook('CERTIFICATE::UPDATE', docExample('fourhse/001-webhook-update.json'));
    if (!r.ok) throw new Error(r.message);
    expect(changeKey('UPDATED', 'FOURHSE', ID, r.change.changes)).toBe(updateKey('FOURHSE', after.sourceId, diffRecords(before, after)));
  });

  it('created and deleted once per certificate', () => {
    expect(changeKey('CREATED', 'FOURHSE', ID, [])).toBe(`FOURHSE:CREATED:${ID}`);
    expect(changeKey('DELETED', 'ENSINIO', '101', [])).toBe('ENSINIO:DELETED:101');
  });
});
