import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../clock';
import type { Connector } from '../connectors/types';
import { fourHseCertificateToRecord } from '../connectors/fourhse';
import { ShapeError } from '../connectors/shape';
import { statusContext } from '../query';
import type { EventBus } from '../events/bus';
import { fromFourHseUpdatedFields, updateKey } from '../events/changes';
import { UPDATE_DEDUPE_MS, type NewCertificateEvent } from '../events/types';
import { BodyTooLargeError, readBody } from '../http/body';
import { encodeId } from '../ids';
import type { Logger } from '../logger';

/** 4HSE webhook bodies above this are refused (413) unread. */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

const EVENTS = ['CERTIFICATE::CREATE', 'CERTIFICATE::UPDATE', 'CERTIFICATE::DELETE'] as const;
type WebhookEvent = (typeof EVENTS)[number];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const digest = (s: string | Buffer) => createHash('sha256').update(s).digest();
/** Constant time whatever the lengths: both sides are hashed first. */
const same = (a: string | Buffer, b: string | Buffer) => timingSafeEqual(digest(a), digest(b));

/**
 * Accepted when any one of the three forms SPEC §5 allows carries the secret:
 * `Authorization: Bearer <secret>`, `?token=<secret>`, or
 * `X-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`.
 */
export function verifyWebhook(secret: string, raw: Buffer, headers: IncomingMessage['headers'], token: string | null): boolean {
  const bearer = /^Bearer\s+(.+)$/i.exec(String(headers.authorization ?? ''))?.[1]?.trim();
  const signature = /^sha256=([0-9a-f]{64})$/i.exec(String(headers['x-signature-256'] ?? ''))?.[1]?.toLowerCase();
  const expectedSig = createHmac('sha256', secret).update(raw).digest('hex');
  let ok = false;
  // Every form is checked (no early exit), so timing tells nothing about which one nearly matched.
  ok = (bearer !== undefined && same(bearer, secret)) || ok;
  ok = (token !== null && same(token, secret)) || ok;
  ok = (signature !== undefined && same(signature, expectedSig)) || ok;
  return ok;
}

function send(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export interface FourHseWebhookDeps {
  secret: string | undefined;
  events: EventBus;
  /** Reads the certificate an UPDATE names, so subscribers can filter by holder and see it whole. */
  connector: Connector | undefined;
  clock: Clock;
  logger: Logger;
}

/** POST /webhooks/4hse/{event}: verify, check the shape, record, then answer 2xx. */
export function createFourHseWebhookHandler(deps: FourHseWebhookDeps) {
  return async (req: IncomingMessage, res: ServerResponse, rawEvent: string, token: string | null): Promise<void> => {
    let event: string;
    try {
      event = decodeURIComponent(rawEvent);
    } catch {
      event = rawEvent;
    }
    if (!(EVENTS as readonly string[]).includes(event)) {
      return send(res, 404, { error: `unknown webhook event "${event.slice(0, 64)}": expected one of ${EVENTS.join(', ')}` });
    }
    let raw: Buffer;
    try {
      raw = await readBody(req, MAX_WEBHOOK_BODY_BYTES);
    } catch (e) {
      if (e instanceof BodyTooLargeError) {
        res.setHeader('connection', 'close');
        return send(res, 413, { error: `webhook body is larger than ${MAX_WEBHOOK_BODY_BYTES} bytes` });
      }
      throw e;
    }
    if (!deps.secret || !verifyWebhook(deps.secret, raw, req.headers, token)) {
      deps.logger.warn('4HSE webhook refused: missing or wrong secret', { event });
      return send(res, 401, { error: deps.secret ? 'missing or wrong webhook secret' : 'webhooks are not accepted: FOURHSE_WEBHOOK_SECRET is not configured' });
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return send(res, 400, { error: 'body is not valid JSON' });
    }
    let ev: NewCertificateEvent;
    try {
      ev = await toEvent(event as WebhookEvent, body, deps);
    } catch (e) {
      if (e instanceof ShapeError) return send(res, 422, { error: `body does not have the shape of ${event}: ${e.message}` });
      throw e;
    }
    // Recorded (in Redis when configured) before the 2xx: an acknowledged event is never lost.
    const stored = await deps.events.publish(ev);
    deps.logger.info('4HSE webhook', { event, certificateId: ev.certificateId, duplicate: stored === null });
    send(res, 200, { received: true, duplicate: stored === null, eventId: stored?.eventId ?? null });
  };
}

async function toEvent(event: WebhookEvent, body: unknown, deps: FourHseWebhookDeps): Promise<NewCertificateEvent> {
  const occurredAt = deps.clock.now().toISOString();
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ShapeError('the body is not an object');
  if (event === 'CERTIFICATE::UPDATE') {
    const o = body as { entity_id?: unknown; updated_fields?: unknown };
    if (typeof o.entity_id !== 'string' || !UUID.test(o.entity_id)) throw new ShapeError('entity_id must be the certificate uuid');
    const updated = o.updated_fields;
    if (!updated || typeof updated !== 'object' || Array.isArray(updated) || Object.keys(updated).length === 0) throw new ShapeError('updated_fields must be an object of {old, new} per field');
    for (const [k, v] of Object.entries(updated)) {
      if (!v || typeof v !== 'object' || !('old' in v) || !('new' in v)) throw new ShapeError(`updated_fields.${k} must be {old, new}`);
    }
    const changes = fromFourHseUpdatedFields(updated as Record<string, { old: unknown; new: unknown }>);
    const certificate = await deps.connector
      ?.createLoaders(statusContext(occurredAt.slice(0, 10), 30))
      .certificateByKey.load(JSON.stringify([o.entity_id]))
      .catch(() => null);
    return {
      type: 'UPDATED',
      source: 'FOURHSE',
      certificateId: encodeId('Certificate', 'FOURHSE', [o.entity_id]),
      certificate: certificate ?? null,
      changes,
      occurredAt,
      dedupeKey: updateKey('FOURHSE', o.entity_id, changes),
      dedupeForMs: UPDATE_DEDUPE_MS,
    };
  }
  const record = fourHseCertificateToRecord(body);
  if (!UUID.test(record.sourceId)) throw new ShapeError('certificate_id must be a uuid');
  const type = event === 'CERTIFICATE::CREATE' ? 'CREATED' : 'DELETED';
  return {
    type,
    source: 'FOURHSE',
    certificateId: encodeId('Certificate', 'FOURHSE', record.key),
    certificate: record,
    changes: [],
    occurredAt,
    // A certificate is created once and deleted once: retries and the gateway's own mutation share this key.
    dedupeKey: `FOURHSE:${type}:${record.sourceId}`,
  };
}
