/**
 * complianceChanges across two gateway processes sharing one real Redis: the
 * certificate events arrive at replica A (4HSE webhooks), the subscriber is
 * on replica B, whose own tracker follows the shared event log.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../../src/sandbox';
import { sandboxEnv, startProcessGateway, type ProcessGateway } from '../helpers/process-gateway';
import { subscribe, type Subscriber } from '../helpers/subscriber';
import { fourHseWebhookCertificate, postWebhook, subscribed } from '../helpers/webhooks';

const SECRET = 'whsec-' + randomUUID();
const CHANGES = `subscription($filter: ComplianceFilter) {
  complianceChanges(filter: $filter) { eventId cause certificateEventType person { email } requirement { id } oldStatus newStatus certificate { name } }
}`;
let sandbox: Sandbox;
let dir: string;
let a: ProcessGateway;
let b: ProcessGateway;
const subs: Subscriber[] = [];

beforeAll(async () => {
  sandbox = await startSandbox();
  const person = sandbox.seed.fourhse.resources.find((r) => r.resource_type === 'PERSON')!;
  dir = mkdtempSync(join(tmpdir(), 'compliance-changes-replicas-'));
  writeFileSync(join(dir, 'people.csv'), `email,name,employeeId,tags,fourhse,ensinio\nsam@replicas.example,Sam Replica,S1,team:replicas,${person.resource_id},\n`);
  writeFileSync(
    join(dir, 'requirements.yaml'),
    `requirementSets:\n  replicas:\n    assignTo: [team:replicas]\n    requirements:\n      - id: marker\n        namePattern: "^marker$"\n      - id: confined\n        namePattern: "^Confined Space Entry$"\n`,
  );
  const env = {
    ...sandboxEnv(sandbox),
    FOURHSE_WEBHOOK_SECRET: SECRET,
    PEOPLE_FILE: join(dir, 'people.csv'),
    REQUIREMENTS_FILE: join(dir, 'requirements.yaml'),
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: `test:${randomUUID()}:`,
    POLL_INTERVAL_S: '0',
  };
  [a, b] = await Promise.all([startProcessGateway(env), startProcessGateway(env)]);
});
afterAll(async () => {
  await Promise.all([a?.kill('SIGKILL'), b?.kill('SIGKILL')]);
  for (const s of subs) void s.close().catch(() => undefined);
  await sandbox?.stop();
  rmSync(dir, { recursive: true, force: true });
}, 15_000);

it('a certificate created then deleted through replica A moves a status on a subscriber of replica B', async () => {
  const onB = subscribe(b.url, { filter: { people: ['sam@replicas.example'] } }, undefined, CHANGES);
  subs.push(onB);
  // In place once a marker (posted to A) has moved Sam's marker row on B.
  await subscribed(onB.events, a.url, SECRET, sandbox);
  expect(onB.events[0]).toMatchObject({ requirement: { id: 'marker' }, oldStatus: 'MISSING', newStatus: 'VALID' });
  const cert = fourHseWebhookCertificate(sandbox, { name: 'Confined Space Entry', date_expire: '2099-01-01' });
  const created = await postWebhook(a.url, SECRET, 'CERTIFICATE::CREATE', cert);
  const deleted = await postWebhook(a.url, SECRET, 'CERTIFICATE::DELETE', cert);
  expect([created.status, deleted.status]).toEqual([200, 200]);
  const events = (await onB.waitFor(3)).slice(1);
  expect(events).toEqual([
    { eventId: created.body.eventId, cause: 'CERTIFICATE', certificateEventType: 'CREATED', person: { email: 'sam@replicas.example' }, requirement: { id: 'confined' }, oldStatus: 'MISSING', newStatus: 'VALID', certificate: { name: 'Confined Space Entry' } },
    { eventId: deleted.body.eventId, cause: 'CERTIFICATE', certificateEventType: 'DELETED', person: { email: 'sam@replicas.example' }, requirement: { id: 'confined' }, oldStatus: 'VALID', newStatus: 'MISSING', certificate: null },
  ]);
});
