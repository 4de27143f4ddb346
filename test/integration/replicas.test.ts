import { randomUUID } from 'node:crypto';
import { startSandbox, type Sandbox } from '../../src/sandbox';
import { sandboxEnv, startProcessGateway, type ProcessGateway } from '../helpers/process-gateway';
import { eventually } from '../helpers/eventually';
import { subscribe, type Subscriber } from '../helpers/subscriber';
import { fourHseWebhookCertificate, postWebhook } from '../helpers/webhooks';

/**
 * Two gateway processes sharing one real Redis: a webhook received by one
 * reaches subscribers of the other; when the first dies, a client resumes on
 * the second with `after` and nothing acknowledged is lost.
 */
const SECRET = 'whsec-' + randomUUID();
let sandbox: Sandbox;
let a: ProcessGateway;
let b: ProcessGateway;
const subs: Subscriber[] = [];

beforeAll(async () => {
  sandbox = await startSandbox();
  const env = {
    ...sandboxEnv(sandbox),
    FOURHSE_WEBHOOK_SECRET: SECRET,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: `test:${randomUUID()}:`,
    // Webhook events only here: change polling and expiry scans are tested in shutdown.test.ts.
    POLL_INTERVAL_S: '0',
  };
  [a, b] = await Promise.all([startProcessGateway(env), startProcessGateway(env)]);
});
afterAll(async () => {
  await Promise.all([a?.kill('SIGKILL'), b?.kill('SIGKILL')]);
  // The clients' servers are gone: dispose without waiting for a goodbye.
  for (const s of subs) void s.close().catch(() => undefined);
  await sandbox?.stop();
}, 15_000);

const cert = () => fourHseWebhookCertificate(sandbox, { name: 'Confined Spaces Entry' });
async function hook(url: string, event: string, body: unknown) {
  const r = await postWebhook(url, SECRET, event, body);
  expect(r.status).toBe(200);
  return r.body as { eventId: string; duplicate: boolean };
}

it('a webhook into replica A reaches a subscriber of replica B, once', async () => {
  const start = await hook(a.url, 'CERTIFICATE::CREATE', cert());
  const onB = subscribe(b.url, { after: start.eventId });
  subs.push(onB);
  const c = cert();
  const created = await hook(a.url, 'CERTIFICATE::CREATE', c);
  // The same delivery retried against the other replica is a duplicate there too.
  expect((await hook(b.url, 'CERTIFICATE::CREATE', c)).duplicate).toBe(true);
  const [event] = await onB.waitFor(1);
  expect(event).toMatchObject({ eventId: created.eventId, type: 'CREATED', source: 'FOURHSE' });
});

it('live too: a subscriber of B without after receives what A records after it joined', async () => {
  const onB = subscribe(b.url, {});
  subs.push(onB);
  // No ack for a subscription in the protocol: keep publishing until the first one arrives, then check order and completeness.
  const sent: string[] = [];
  await eventually(
    async () => {
      sent.push((await hook(a.url, 'CERTIFICATE::CREATE', cert())).eventId);
      return onB.events.length > 0;
    },
    { timeoutMs: 10_000, intervalMs: 20, what: 'the first live event on B' },
  );
  const firstSeen = onB.events[0].eventId;
  const expected = sent.slice(sent.indexOf(firstSeen));
  for (let i = 0; i < 5; i++) expected.push((await hook(a.url, 'CERTIFICATE::CREATE', cert())).eventId);
  const got = await onB.waitFor(expected.length);
  expect(got.map((e) => e.eventId)).toEqual(expected);
});

it('A dies; a client resumes on B with after and loses nothing A acknowledged', async () => {
  const first = await hook(a.url, 'CERTIFICATE::CREATE', cert());
  const onA = subscribe(a.url, { after: first.eventId });
  const acked = [];
  for (let i = 0; i < 5; i++) acked.push((await hook(a.url, 'CERTIFICATE::CREATE', cert())).eventId);
  const seenOnA = await onA.waitFor(2);
  const lastSeen = seenOnA[seenOnA.length - 1].eventId;
  await a.kill('SIGKILL');
  await onA.close();
  const onB = subscribe(b.url, { after: lastSeen });
  subs.push(onB);
  const more = (await hook(b.url, 'CERTIFICATE::CREATE', cert())).eventId;
  const rest = acked.slice(acked.indexOf(lastSeen) + 1);
  const got = await onB.waitFor(rest.length + 1);
  expect(got.map((e) => e.eventId)).toEqual([...rest, more]);
});
