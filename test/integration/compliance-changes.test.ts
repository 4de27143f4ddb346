/**
 * complianceChanges (issue 12, item 4) over the simulators and a real
 * graphql-ws websocket: a revoke through the gateway, a signed 4HSE webhook
 * and the injected clock each move a person's status, and the subscriber
 * hears old and new status, person, requirement and certificate; `after`
 * resumes without a gap; a bad filter or `after` is BAD_USER_INPUT.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays } from '../../src/clock';
import { createSeed } from '../../src/sandbox';
import { testClock } from '../events/helpers';
import { eventually } from '../helpers/eventually';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { subscribe, type Subscriber } from '../helpers/subscriber';
import { fourHseWebhookCertificate, postWebhook, subscribed } from '../helpers/webhooks';

const TODAY = '2026-03-02';
const SECRET = 'whsec-' + randomUUID();
const clock = testClock(`${TODAY}T08:00:00Z`);

const CHANGES = `subscription Changes($filter: ComplianceFilter, $after: String) {
  complianceChanges(filter: $filter, after: $after) {
    eventId cause certificateEventType certificateId occurredAt
    person { email } requirement { id set } requirementSet oldStatus newStatus
    certificate { id name expiresOn source }
    row { status expiresOn daysLeft }
  }
}`;

const REQUIREMENTS = `requirementSets:
  site-safety:
    assignTo: [team:changes, team:other]
    requirements:
      - id: confined-space
        namePattern: "^Confined Space Entry$"
      - id: heights
        namePattern: "^Working at Heights$"
      - id: marker
        namePattern: "^marker$"
      - id: rescue
        namePattern: "^Rescue Drill$"
`;

let gw: TestGateway;
let dir: string;
let peopleFile: string;
const peopleCsv = (blairTags: string) =>
  ['email,name,employeeId,tags,fourhse,ensinio', `alex@changes.example,Alex Changes,A1,team:changes,${alex.resource_id},`, `blair@changes.example,Blair Other,B1,${blairTags},${blair.resource_id},`].join('\n') + '\n';
const open: Subscriber[] = [];
const track = (s: Subscriber) => (open.push(s), s);
/** The 4HSE person the webhook helpers use (Alex), and another one (Blair) the filter leaves out. */
let alex: { resource_id: string; tenant_id: string };
let blair: { resource_id: string; tenant_id: string };

beforeAll(async () => {
  const seed = createSeed({ today: TODAY });
  const people = seed.fourhse.resources.filter((r) => r.resource_type === 'PERSON');
  [alex, blair] = [people[0], people[1]];
  dir = mkdtempSync(join(tmpdir(), 'compliance-changes-'));
  peopleFile = join(dir, 'people.csv');
  const requirementsFile = join(dir, 'requirements.yaml');
  writeFileSync(peopleFile, peopleCsv('team:other'));
  writeFileSync(requirementsFile, REQUIREMENTS);
  gw = await startTestGateway({
    clock,
    sandbox: { today: TODAY },
    env: { FOURHSE_WEBHOOK_SECRET: SECRET, PEOPLE_FILE: peopleFile, REQUIREMENTS_FILE: requirementsFile },
    // The expiry scheduler runs (scanned by hand below); polling stays out of the way.
    liveSources: { pollIntervalMs: 3_600_000, expiryIntervalMs: 3_600_000 },
  });
  expect(gw.sandbox.seed.fourhse.resources.find((r) => r.resource_type === 'PERSON')!.resource_id).toBe(alex.resource_id);
});
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
  await gw?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A subscription that is in place: a marker certificate for Alex moves their `marker` row MISSING → VALID once, which it must hear. */
async function inPlace(variables: Record<string, unknown>): Promise<Subscriber> {
  const sub = track(subscribe(gw.url, variables, undefined, CHANGES));
  await subscribed(sub.events, gw.url, SECRET, gw.sandbox).catch((err: Error) => {
    throw new Error(`${err.message}; subscription errors: ${JSON.stringify(sub.errors)}; ${gw.logs.filter((l) => /compliance|"level":"(warn|error)"/.test(l)).slice(-5).join(' | ')}`);
  });
  return sub;
}

async function issue(holder: { resource_id: string; tenant_id: string }, name: string, expiresOn: string): Promise<{ id: string; sourceId: string }> {
  const r = await gw.query(`mutation($i: IssueCertificateInput!) { issueCertificate(input: $i) { id sourceId } }`, {
    i: { fourhse: { name, issuedOn: addDays(TODAY, -30), expiresOn, actionType: 'TRAINING', resourceId: holder.resource_id, tenantId: holder.tenant_id } },
  });
  expect(r.body.errors).toBeUndefined();
  return r.body.data.issueCertificate;
}

const after = (sub: Subscriber, n: number) => sub.events.slice(n);

describe('complianceChanges', () => {
  let first: Subscriber;
  let seen = 0;

  it('a bad filter or after is BAD_USER_INPUT, before anything starts', async () => {
    const badTag = track(subscribe(gw.url, { filter: { tags: ['team:nobody'] } }, undefined, CHANGES));
    await expect(badTag.waitFor(1, 5000)).rejects.toThrow(/BAD_USER_INPUT.*filter\.tags|filter\.tags.*BAD_USER_INPUT/);
    const badAfter = track(subscribe(gw.url, { after: 'yesterday' }, undefined, CHANGES));
    await expect(badAfter.waitFor(1, 5000)).rejects.toThrow(/after must be an eventId/);
  });

  it('the marker arrives as a change: MISSING → VALID for Alex, caused by the certificate', async () => {
    first = await inPlace({ filter: { tags: ['team:changes'] } });
    expect(first.events).toHaveLength(1);
    expect(first.events[0]).toMatchObject({
      cause: 'CERTIFICATE',
      certificateEventType: 'CREATED',
      person: { email: 'alex@changes.example' },
      requirement: { id: 'marker', set: 'site-safety' },
      requirementSet: 'site-safety',
      oldStatus: 'MISSING',
      newStatus: 'VALID',
      certificate: { name: 'marker', expiresOn: null, source: 'FOURHSE' },
    });
    seen = 1;
  });

  it('revoking a certificate through the gateway emits VALID → MISSING (and the filter leaves another team out)', async () => {
    await issue(blair, 'Confined Space Entry', addDays(TODAY, 365));
    const cert = await issue(alex, 'Confined Space Entry', addDays(TODAY, 365));
    const revoked = await gw.query(`mutation($id: ID!) { revokeCertificate(id: $id, force: true) { revoked } }`, { id: cert.id });
    expect(revoked.body.errors).toBeUndefined();
    await first.waitFor(seen + 2);
    const [created, gone] = after(first, seen);
    seen += 2;
    expect(created).toMatchObject({ certificateEventType: 'CREATED', certificateId: cert.id, requirement: { id: 'confined-space' }, oldStatus: 'MISSING', newStatus: 'VALID', certificate: { id: cert.id } });
    expect(gone).toMatchObject({
      cause: 'CERTIFICATE',
      certificateEventType: 'DELETED',
      certificateId: cert.id,
      person: { email: 'alex@changes.example' },
      requirement: { id: 'confined-space', set: 'site-safety' },
      oldStatus: 'VALID',
      newStatus: 'MISSING',
      certificate: null,
      row: { status: 'MISSING', expiresOn: null, daysLeft: null },
    });
    expect(first.events.every((e) => e.person.email === 'alex@changes.example')).toBe(true);
  });

  it('a signed 4HSE webhook emits MISSING → EXPIRING', async () => {
    const body = fourHseWebhookCertificate(gw.sandbox, { name: 'Working at Heights', date_expire: addDays(TODAY, 10) });
    const raw = JSON.stringify(body);
    const res = await fetch(`${gw.url}/webhooks/4hse/CERTIFICATE::CREATE`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature-256': `sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}` },
      body: raw,
    });
    expect(res.status).toBe(200);
    const { eventId } = (await res.json()) as { eventId: string };
    await first.waitFor(seen + 1);
    const [change] = after(first, seen);
    seen += 1;
    expect(change).toMatchObject({
      eventId,
      cause: 'CERTIFICATE',
      certificateEventType: 'CREATED',
      requirement: { id: 'heights' },
      oldStatus: 'MISSING',
      newStatus: 'EXPIRING',
      certificate: { name: 'Working at Heights', expiresOn: addDays(TODAY, 10) },
      row: { daysLeft: 10 },
    });
  });

  it('a 4HSE UPDATE webhook (which carries only the changed fields) emits VALID → EXPIRING from one read of that certificate', async () => {
    const cert = await issue(alex, 'Rescue Drill', addDays(TODAY, 365));
    await first.waitFor(seen + 1);
    expect(after(first, seen)[0]).toMatchObject({ requirement: { id: 'rescue' }, oldStatus: 'MISSING', newStatus: 'VALID' });
    seen += 1;
    // 4HSE changes the expiry, then tells the gateway which fields changed.
    const stored = gw.sandbox.fourhse.certificates.find((c) => c.certificate_id === cert.sourceId)!;
    const old = stored.date_expire;
    stored.date_expire = addDays(TODAY, 5);
    gw.resetUpstreamCalls();
    const hook = await postWebhook(gw.url, SECRET, 'CERTIFICATE::UPDATE', { entity_id: cert.sourceId, updated_fields: { date_expire: { old, new: stored.date_expire } } });
    expect(hook.status).toBe(200);
    await first.waitFor(seen + 1);
    expect(after(first, seen)[0]).toMatchObject({
      eventId: hook.body.eventId,
      cause: 'CERTIFICATE',
      certificateEventType: 'UPDATED',
      certificateId: cert.id,
      requirement: { id: 'rescue' },
      oldStatus: 'VALID',
      newStatus: 'EXPIRING',
      certificate: { id: cert.id, expiresOn: addDays(TODAY, 5) },
    });
    seen += 1;
    // One read of that certificate by the tracker, nothing else: not a list, not one call per person.
    expect(gw.upstreamCalls()).toEqual({ FOURHSE: 1, SPRINGEST: 0, ENSINIO: 0, FALKOR: 0 });
  });

  it('resumes with after: what happened while disconnected, then live, with no gap or duplicate', async () => {
    const last = first.events[seen - 1].eventId;
    await first.close();
    const missed = await issue(alex, 'Confined Space Entry', addDays(TODAY, 200));
    const resumed = track(subscribe(gw.url, { after: last, filter: { people: ['ALEX@changes.example'] } }, undefined, CHANGES));
    await resumed.waitFor(1);
    expect(resumed.events[0]).toMatchObject({ certificateId: missed.id, requirement: { id: 'confined-space' }, oldStatus: 'MISSING', newStatus: 'VALID' });
    // Live after the replay: the same certificate revoked.
    await gw.query(`mutation($id: ID!) { revokeCertificate(id: $id, force: true) { revoked } }`, { id: missed.id });
    const events = await resumed.waitFor(2);
    expect(events.map((e) => [e.requirement.id, e.oldStatus, e.newStatus])).toEqual([
      ['confined-space', 'MISSING', 'VALID'],
      ['confined-space', 'VALID', 'MISSING'],
    ]);
    // And on: a third change arrives once, with no duplicate of the hand-over between replay and live before it.
    const again = await issue(alex, 'Confined Space Entry', addDays(TODAY, 300));
    const all = await resumed.waitFor(3);
    expect(all.map((e) => [e.certificateId, e.oldStatus, e.newStatus])).toEqual([
      [missed.id, 'MISSING', 'VALID'],
      [missed.id, 'VALID', 'MISSING'],
      [again.id, 'MISSING', 'VALID'],
    ]);
    expect(new Set(all.map((e) => e.eventId)).size).toBe(3);
    await resumed.close();
    // Alex holds no Confined Space Entry again for the clock test below.
    expect((await gw.query(`mutation($id: ID!) { revokeCertificate(id: $id, force: true) { revoked } }`, { id: again.id })).body.errors).toBeUndefined();
  });

  it('a reloaded people file is followed: a person who joins a team is heard by that team\'s subscribers', async () => {
    const watcher = track(subscribe(gw.url, { after: await lastEventId(), filter: { tags: ['team:changes'] } }, undefined, CHANGES));
    // Blair joins team:changes (a new file renamed over the old one, as tools do it).
    writeFileSync(`${peopleFile}.tmp`, peopleCsv('team:changes'));
    renameSync(`${peopleFile}.tmp`, peopleFile);
    await eventually(async () => ((await gw.query(`{ person(email: "blair@changes.example") { tags } }`)).body.data?.person?.tags ?? []).includes('team:changes'), {
      timeoutMs: 15_000,
      what: 'the people file reloaded',
    });
    const cert = await issue(blair, 'Working at Heights', addDays(TODAY, 200));
    const [first] = await watcher.waitFor(1);
    // With the old file Blair (team:other) would pass no team:changes filter.
    expect(first).toMatchObject({ certificateId: cert.id, person: { email: 'blair@changes.example' }, requirement: { id: 'heights' }, oldStatus: 'MISSING', newStatus: 'VALID', cause: 'CERTIFICATE' });
    await watcher.close();
  });

  it('an after the log never had is BAD_USER_INPUT', async () => {
    const sub = track(subscribe(gw.url, { after: '99999999999999-0' }, undefined, CHANGES));
    await expect(sub.waitFor(1, 5000)).rejects.toThrow(/not an event id/);
  });

  it('moving the injected clock past an expiry emits EXPIRED (cause TIME)', async () => {
    const watcher = track(subscribe(gw.url, { after: await lastEventId(), filter: { people: ['alex@changes.example'] } }, undefined, CHANGES));
    const expiresOn = addDays(TODAY, 100);
    const cert = await issue(alex, 'Confined Space Entry', expiresOn);
    // Heard: the tracker has followed every event up to this one before the clock moves.
    const [valid] = await watcher.waitFor(1);
    expect(valid).toMatchObject({ certificateId: cert.id, oldStatus: 'MISSING', newStatus: 'VALID' });
    clock.set(`${addDays(expiresOn, 1)}T08:00:00Z`);
    await gw.gateway.live!.expiry.scanOnce();
    const events = (await watcher.waitFor(4, 10_000)).slice(1);
    const byReq = Object.fromEntries(events.map((e) => [e.requirement.id, e]));
    expect(Object.keys(byReq).sort()).toEqual(['confined-space', 'heights', 'rescue']);
    expect(byReq['confined-space']).toMatchObject({ cause: 'TIME', oldStatus: 'VALID', newStatus: 'EXPIRED', certificate: { id: cert.id, expiresOn }, row: { daysLeft: -1 } });
    expect(byReq.heights).toMatchObject({ cause: 'TIME', oldStatus: 'EXPIRING', newStatus: 'EXPIRED', certificate: { name: 'Working at Heights' } });
    expect(byReq.rescue).toMatchObject({ cause: 'TIME', oldStatus: 'EXPIRING', newStatus: 'EXPIRED', certificate: { name: 'Rescue Drill' } });
    expect(events.every((e) => e.eventId === events[0].eventId)).toBe(true);
  }, 30_000);
});

/** The newest certificate event: a certificateEvents subscription needs no marker of its own, so post one 4HSE marker and read its id. */
async function lastEventId(): Promise<string> {
  const body = fourHseWebhookCertificate(gw.sandbox, { name: 'unrelated', date_expire: null });
  const res = await fetch(`${gw.url}/webhooks/4hse/CERTIFICATE::CREATE`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${SECRET}` }, body: JSON.stringify(body) });
  return ((await res.json()) as { eventId: string }).eventId;
}
