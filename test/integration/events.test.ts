import { createHmac, randomUUID } from 'node:crypto';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { subscribe, type Subscriber } from '../helpers/subscriber';
import { fourHseWebhookCertificate } from '../helpers/webhooks';

const SECRET = 'whsec-' + randomUUID();
let gw: TestGateway;
const open: Subscriber[] = [];
const track = (s: Subscriber) => (open.push(s), s);

beforeAll(async () => {
  gw = await startTestGateway({ env: { FOURHSE_WEBHOOK_SECRET: SECRET } });
});
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
  await gw?.stop();
});

const certificateBody = (over: Record<string, unknown> = {}) => fourHseWebhookCertificate(gw.sandbox, over);

async function hook(event: string, body: unknown, opts: { auth?: 'bearer' | 'token' | 'signature' | 'none' | 'wrong'; raw?: string } = {}) {
  const raw = opts.raw ?? JSON.stringify(body);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  let q = '';
  switch (opts.auth ?? 'bearer') {
    case 'bearer':
      headers.authorization = `Bearer ${SECRET}`;
      break;
    case 'token':
      q = `?token=${encodeURIComponent(SECRET)}`;
      break;
    case 'signature':
      headers['x-signature-256'] = `sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}`;
      break;
    case 'wrong':
      headers.authorization = `Bearer ${SECRET}x`;
      break;
  }
  const res = await fetch(`${gw.url}/webhooks/4hse/${encodeURIComponent(event)}${q}`, { method: 'POST', headers, body: raw });
  return { status: res.status, body: (await res.json()) };
}

/** A recorded event to resume after, so a subscription starts at a known point (no race with its attachment). */
async function mark(): Promise<string> {
  const r = await hook('CERTIFICATE::CREATE', certificateBody({ name: 'marker' }));
  expect(r.status).toBe(200);
  return r.body.eventId;
}

describe('4HSE webhooks to subscriptions', () => {
  it('CREATE, UPDATE and DELETE arrive as three events, in order', async () => {
    const after = await mark();
    const sub = track(subscribe(gw.url, { after }));
    const cert = certificateBody();
    expect((await hook('CERTIFICATE::CREATE', cert)).status).toBe(200);
    expect((await hook('CERTIFICATE::UPDATE', { entity_id: cert.certificate_id, updated_fields: { date_expire: { old: '2027-11-01', new: '2028-11-01' }, name: { old: 'First Aid Level 2', new: 'First Aid Level 3' } } })).status).toBe(200);
    expect((await hook('CERTIFICATE::DELETE', cert)).status).toBe(200);
    const events = await sub.waitFor(3);
    expect(events.map((e) => e.type)).toEqual(['CREATED', 'UPDATED', 'DELETED']);
    expect(events.every((e) => e.source === 'FOURHSE' && e.certificateId === events[0].certificateId)).toBe(true);
    expect(events[0].certificate).toMatchObject({ name: 'First Aid Level 2', expiresOn: '2027-11-01' });
    expect(events[1].changes).toEqual([
      { field: 'expiresOn', old: '2027-11-01', new: '2028-11-01' },
      { field: 'name', old: 'First Aid Level 2', new: 'First Aid Level 3' },
    ]);
    expect(events[2].certificate.name).toBe('First Aid Level 2');
    const ids = events.map((e) => e.eventId);
    expect([...ids].sort()).toEqual(ids);
  });

  it.each(['token', 'signature'] as const)('accepts the secret as %s', async (auth) => {
    const r = await hook('CERTIFICATE::CREATE', certificateBody(), { auth });
    expect(r).toMatchObject({ status: 200, body: { received: true, duplicate: false } });
  });

  it('publishes the same delivery once', async () => {
    const after = await mark();
    const sub = track(subscribe(gw.url, { after }));
    const cert = certificateBody();
    const first = await hook('CERTIFICATE::CREATE', cert);
    const retry = await hook('CERTIFICATE::CREATE', cert);
    expect(first.body.duplicate).toBe(false);
    expect(retry).toMatchObject({ status: 200, body: { duplicate: true, eventId: null } });
    const end = await mark();
    const events = await sub.waitFor(2);
    expect(events.map((e) => e.eventId)).toEqual([first.body.eventId, end]);
  });

  it.each([
    ['no secret', 'CERTIFICATE::CREATE', { auth: 'none' }, 401],
    ['a wrong secret', 'CERTIFICATE::CREATE', { auth: 'wrong' }, 401],
    ['a wrong signature', 'CERTIFICATE::CREATE', { auth: 'none', sig: true }, 401],
    ['an unknown event', 'CERTIFICATE::EXPLODE', {}, 404],
    ['a body that is not JSON', 'CERTIFICATE::CREATE', { raw: '{"certificate_id": ' }, 400],
    ['a body of the wrong shape', 'CERTIFICATE::UPDATE', { body: { entity_id: 'not-a-uuid', updated_fields: {} } }, 422],
    ['an UPDATE without updated_fields', 'CERTIFICATE::UPDATE', { body: { entity_id: randomUUID() } }, 422],
    ['a CREATE without certificate_id', 'CERTIFICATE::CREATE', { body: { name: 'x' } }, 422],
    ['a 2 MiB body', 'CERTIFICATE::CREATE', { raw: JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) }) }, 413],
  ] as const)('refuses %s and publishes nothing', async (_n, event, opts: any, status) => {
    const before = await mark();
    const sub = track(subscribe(gw.url, { after: before }));
    const headers: Record<string, string> = {};
    const body = opts.body ?? certificateBody();
    let r;
    if (opts.sig) {
      const res = await fetch(`${gw.url}/webhooks/4hse/${event}`, { method: 'POST', headers: { 'x-signature-256': `sha256=${'0'.repeat(64)}` }, body: JSON.stringify(body) });
      r = { status: res.status, body: await res.json() };
    } else {
      r = await hook(event, body, { auth: opts.auth, raw: opts.raw });
    }
    expect(r.status).toBe(status);
    expect(typeof (r.body).error).toBe('string');
    expect(headers).toEqual({});
    const after = await mark();
    const events = await sub.waitFor(1);
    expect(events.map((e) => e.eventId)).toEqual([after]);
  });
});

describe('mutations and events', () => {
  it('a write through the gateway is one event, even when 4HSE then sends its own webhook', async () => {
    const after = await mark();
    const sub = track(subscribe(gw.url, { after }));
    const r = gw.sandbox.seed.fourhse.resources.find((x) => x.resource_type === 'PERSON')!;
    const created = await gw.query(`mutation($i: IssueCertificateInput!) { issueCertificate(input: $i) { id sourceId } }`, {
      i: { fourhse: { name: 'Manual Handling', issuedOn: '2026-11-01', expiresOn: '2027-11-01', actionType: 'TRAINING', resourceId: r.resource_id, tenantId: r.tenant_id } },
    });
    const sourceId = created.body.data.issueCertificate.sourceId;
    // 4HSE's own webhook for the same creation arrives afterwards.
    const echo = await hook('CERTIFICATE::CREATE', certificateBody({ certificate_id: sourceId, name: 'Manual Handling' }));
    expect(echo.body.duplicate).toBe(true);
    const updated = await gw.query(`mutation($id: ID!) { updateCertificate(id: $id, input: { expiresOn: "2028-06-30" }) { id } }`, { id: created.body.data.issueCertificate.id });
    expect(updated.body.errors).toBeUndefined();
    const echoUpdate = await hook('CERTIFICATE::UPDATE', { entity_id: sourceId, updated_fields: { date_expire: { old: '2027-11-01', new: '2028-06-30' } } });
    expect(echoUpdate.body.duplicate).toBe(true);
    await gw.query(`mutation($id: ID!) { revokeCertificate(id: $id, force: true) { revoked } }`, { id: created.body.data.issueCertificate.id });
    const echoDelete = await hook('CERTIFICATE::DELETE', certificateBody({ certificate_id: sourceId }));
    expect(echoDelete.body.duplicate).toBe(true);
    const end = await mark();
    const events = await sub.waitFor(4);
    expect(events.map((e) => e.type)).toEqual(['CREATED', 'UPDATED', 'DELETED', 'CREATED']);
    expect(events[3].eventId).toBe(end);
    expect(events[1].changes).toEqual([{ field: 'expiresOn', old: '2027-11-01', new: '2028-06-30' }]);
  });
});

describe('nested fields of events', () => {
  it('are read afresh for every event: nothing loaded for one event answers the next', async () => {
    const r = gw.sandbox.seed.fourhse.resources.find((x) => x.resource_type === 'PERSON')!;
    const after = await mark();
    const sub = track(
      subscribe(gw.url, { after, filter: { sources: ['FOURHSE'] } }, undefined, `subscription($after: String, $filter: CertificateEventFilter) {
        certificateEvents(after: $after, filter: $filter) { type certificate { name holder { certificates(first: 1) { totalCount } } } }
      }`),
    );
    const count = () => gw.sandbox.fourhse.certificates.filter((c) => c.resource_id === r.resource_id).length;
    const before = count();
    expect((await hook('CERTIFICATE::CREATE', certificateBody({ name: 'announced only' }))).status).toBe(200);
    await sub.waitFor(1);
    // A real certificate for the same holder, through the gateway: its own event is the second one.
    const issued = await gw.query(`mutation($input: IssueCertificateInput!) { issueCertificate(input: $input) { id } }`, {
      input: { fourhse: { name: 'Manual Handling', issuedOn: '2026-11-01', actionType: 'TRAINING', resourceId: r.resource_id, tenantId: r.tenant_id } },
    });
    expect(issued.body.errors).toBeUndefined();
    expect(count()).toBe(before + 1);
    const [first, second] = await sub.waitFor(2);
    expect(first.certificate.holder.certificates.totalCount).toBe(before);
    expect(second).toMatchObject({ type: 'CREATED', certificate: { name: 'Manual Handling' } });
    expect(second.certificate.holder.certificates.totalCount).toBe(before + 1);
  });
});

describe('resuming with after', () => {
  it('replays what was missed across a disconnect, then continues live, with no gap or duplicate', async () => {
    const start = await mark();
    const first = subscribe(gw.url, { after: start });
    const a = await hook('CERTIFICATE::CREATE', certificateBody({ name: 'A' }));
    await first.waitFor(1);
    await first.close();
    const missed = [];
    for (const name of ['B', 'C', 'D']) missed.push((await hook('CERTIFICATE::CREATE', certificateBody({ name }))).body.eventId);
    const second = track(subscribe(gw.url, { after: a.body.eventId }));
    await second.waitFor(3);
    const live = await hook('CERTIFICATE::CREATE', certificateBody({ name: 'E' }));
    const events = await second.waitFor(4);
    expect(events.map((e) => e.eventId)).toEqual([...missed, live.body.eventId]);
    expect(events.map((e) => e.certificate.name)).toEqual(['B', 'C', 'D', 'E']);
  });

  it.each([
    ['unknown', '99999999999999-0', /not an event id/],
    ['malformed', 'yesterday', /eventId/],
  ])('an %s after is a clear error, not silent loss', async (_n, after, message) => {
    const sub = track(subscribe(gw.url, { after }));
    await expect(sub.waitFor(1, 3000)).rejects.toThrow(message);
  });

  it('filters by source, type and holder', async () => {
    const start = await mark();
    const cert = certificateBody();
    const holderId = Buffer.from(JSON.stringify(['Resource', 'FOURHSE', cert.resource_id])).toString('base64url');
    const byHolder = track(subscribe(gw.url, { after: start, filter: { holderId, types: ['DELETED'] } }));
    const ensinioOnly = track(subscribe(gw.url, { after: start, filter: { sources: ['ENSINIO'] } }));
    await hook('CERTIFICATE::CREATE', cert);
    const deleted = await hook('CERTIFICATE::DELETE', cert);
    await hook('CERTIFICATE::DELETE', certificateBody({ resource_id: randomUUID() }));
    // Markers that do match: everything before them has been considered.
    const marker = certificateBody({ resource_id: cert.resource_id });
    const markerDeleted = await hook('CERTIFICATE::DELETE', marker);
    const issued = await gw.query(`mutation($i: IssueCertificateInput!) { issueCertificate(input: $i) { id } }`, {
      i: { ensinio: { groupId: gw.sandbox.seed.ensinio.groups[0].id, userId: gw.sandbox.seed.ensinio.users[0].id, conclusionDate: '2026-11-05' } },
    });
    const holderEvents = await byHolder.waitFor(2);
    expect(holderEvents.map((e) => e.eventId)).toEqual([deleted.body.eventId, markerDeleted.body.eventId]);
    expect(holderEvents[0]).toMatchObject({ type: 'DELETED', certificate: { holder: { id: holderId } } });
    const ensinioEvents = await ensinioOnly.waitFor(1);
    expect(ensinioEvents.map((e) => [e.source, e.type, e.certificateId])).toEqual([['ENSINIO', 'CREATED', issued.body.data.issueCertificate.id]]);
  });

  it('a bad filter is refused before anything is sent', async () => {
    const sub = track(subscribe(gw.url, { filter: { holderId: 'not-an-id' } }));
    await expect(sub.waitFor(1, 3000)).rejects.toThrow(/holderId/);
  });

  it.each([
    ['older than the log', () => '1-0', /older than the event log/],
    ['that was never issued', () => `${Date.now() + 3_600_000}-0`, /not an event id of this gateway/],
    ['that is not an event id', () => 'yesterday', /after must be an eventId/],
  ])('an after %s is BAD_USER_INPUT, before any event', async (_n, after, message) => {
    await mark(); // the log is not empty
    const sub = track(subscribe(gw.url, { after: after() }));
    const err = await sub.waitFor(1, 3000).then(
      () => null,
      (e: Error) => e.message,
    );
    expect(err).toMatch(/"code":"BAD_USER_INPUT","field":"after"/);
    expect(err).toMatch(message);
    expect(sub.events).toEqual([]);
  });

  it('filter lists over their size are BAD_USER_INPUT naming the field', async () => {
    const sub = track(subscribe(gw.url, { filter: { sources: ['FOURHSE', 'FOURHSE', 'SPRINGEST', 'ENSINIO', 'FALKOR'] } }));
    await expect(sub.waitFor(1, 3000)).rejects.toThrow(/"code":"BAD_USER_INPUT","field":"filter.sources"/);
  });
});
