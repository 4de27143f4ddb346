import { randomUUID } from 'node:crypto';
import type { Sandbox } from '../../src/sandbox';
import { eventually } from './eventually';

/** A 4HSE certificate as its CREATE and DELETE webhooks carry it, for a seeded person of the sandbox. */
export function fourHseWebhookCertificate(sandbox: Sandbox, over: Record<string, unknown> = {}) {
  const r = sandbox.seed.fourhse.resources.find((x) => x.resource_type === 'PERSON')!;
  return {
    certificate_id: randomUUID(),
    date_release: '2026-11-01',
    date_expire: '2027-11-01',
    name: 'First Aid Level 2',
    action_type: 'TRAINING',
    resource_id: r.resource_id,
    resource_type: 'PERSON',
    resource_name: r.resource_name,
    warning: 0,
    tenant_id: r.tenant_id,
    validity_unit: 'YEAR',
    validity: 1,
    ...over,
  };
}

/** POSTs a 4HSE webhook with the secret as a Bearer header; answers the status and the JSON body. */
export async function postWebhook(gatewayUrl: string, secret: string, event: string, body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${gatewayUrl}/webhooks/4hse/${encodeURIComponent(event)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/**
 * A recorded event to subscribe `after`, so a subscription misses nothing that
 * happens once this returns (graphql-ws says nothing when a subscription is in place).
 */
export async function markEvent(gatewayUrl: string, secret: string, sandbox: Sandbox): Promise<string> {
  const r = await postWebhook(gatewayUrl, secret, 'CERTIFICATE::CREATE', fourHseWebhookCertificate(sandbox, { name: 'marker', date_expire: null }));
  if (r.status !== 200) throw new Error(`marker webhook answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body.eventId as string;
}

/** Whether a subscription event is one of markEvent's markers. */
export const isMarker = (e: { certificate?: { name?: string } | null }): boolean => e.certificate?.name === 'marker';

/**
 * Resolves once `events` (what a subscription without a filter that excludes
 * 4HSE CREATED has received) holds an event: posts markers until one
 * arrives. A subscription that has passed an event on is in place and misses
 * nothing recorded after it; subscribing `after` a marker alone is not enough
 * when events follow at once (an event recorded while the subscription
 * starts can be skipped). Tell the markers from the test's events with isMarker.
 */
export async function subscribed(events: readonly unknown[], gatewayUrl: string, secret: string, sandbox: Sandbox): Promise<void> {
  await eventually(
    async () => {
      await markEvent(gatewayUrl, secret, sandbox);
      return events.length > 0;
    },
    { intervalMs: 20, what: 'a marker at the subscriber' },
  );
}
