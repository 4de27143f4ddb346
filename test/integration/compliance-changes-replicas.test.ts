/**
 * complianceChanges across two gateway processes sharing one real Redis: the
 * certificate events arrive at replica A (4HSE webhooks), the subscriber is
 * on replica B, whose own tracker follows the shared event log. And both
 * replicas take a changed people file and requirements file without a restart.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../../src/sandbox';
import { eventually } from '../helpers/eventually';
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

/** Replaced as tools do it: a new file renamed over the old one. */
function replaceFile(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

async function requirementIds(gateway: ProcessGateway, email: string): Promise<string[] | undefined> {
  const res = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'query($p: [String!]) { compliance(filter: { people: $p }, first: 50) { nodes { requirement { id } } } }',
      variables: { p: [email] },
    }),
  });
  const body = (await res.json()) as { data?: { compliance: { nodes: { requirement: { id: string } }[] } }; errors?: unknown[] };
  return body.data?.compliance.nodes.map((n) => n.requirement.id).sort();
}

it('both replicas take a changed people file and requirements file without a restart', async () => {
  const newcomer = 'new.hire@replicas.example';
  // Before: unknown to both (BAD_USER_INPUT names the person, so no data).
  expect(await requirementIds(a, newcomer)).toBeUndefined();
  expect(await requirementIds(b, newcomer)).toBeUndefined();
  const person = sandbox.seed.fourhse.resources.find((r) => r.resource_type === 'PERSON')!;
  replaceFile(
    join(dir, 'people.csv'),
    `email,name,employeeId,tags,fourhse,ensinio\nsam@replicas.example,Sam Replica,S1,team:replicas,${person.resource_id},\n${newcomer},New Hire,N1,team:replicas team:newcomers,,\n`,
  );
  for (const gateway of [a, b]) {
    await eventually(async () => expect(await requirementIds(gateway, newcomer)).toEqual(['confined', 'marker']), { what: 'the new person on each replica', timeoutMs: 15_000, intervalMs: 100 });
  }
  replaceFile(
    join(dir, 'requirements.yaml'),
    `requirementSets:\n  replicas:\n    assignTo: [team:replicas]\n    requirements:\n      - id: marker\n        namePattern: "^marker$"\n      - id: confined\n        namePattern: "^Confined Space Entry$"\n  newcomers:\n    assignTo: [team:newcomers]\n    requirements:\n      - id: induction\n        namePattern: "^Induction$"\n`,
  );
  for (const gateway of [a, b]) {
    await eventually(async () => expect(await requirementIds(gateway, newcomer)).toEqual(['confined', 'induction', 'marker']), { what: 'the new requirement set on each replica', timeoutMs: 15_000, intervalMs: 100 });
  }
});
