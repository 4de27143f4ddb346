import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../clock';
import type { Connector, SourceChange, WebhookSource } from '../connectors/types';
import { statusContext } from '../query';
import type { EventBus } from '../events/bus';
import { changeKey } from '../events/changes';
import { UPDATE_DEDUPE_MS, type NewCertificateEvent } from '../events/types';
import { BodyTooLargeError, readBody } from '../http/body';
import { encodeId } from '../ids';
import type { Logger } from '../logger';
import { sendJson } from '../http/json';

/** Webhook bodies above this are refused (413) unread. */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

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

const send = (res: ServerResponse, status: number, body: Record<string, unknown>): void => sendJson(res, status, body);

export interface WebhookReceiverDeps {
  /** The route the caller serves this receiver on, e.g. "/webhooks/acme" (log lines and messages). */
  route: string;
  /** Without it every delivery is refused (401). */
  secret: string | undefined;
  /** Where the operator sets the secret, named in the 401 when none is configured (e.g. "ACME_WEBHOOK_SECRET"). */
  secretSetting: string;
  /** The source's own half: event names, body shapes, validation. */
  webhooks: WebhookSource;
  events: EventBus;
  /** Reads the certificate a body names only by key (so subscribers can filter by holder and see it whole). */
  connector: Connector | undefined;
  clock: Clock;
  logger: Logger;
  maxBodyBytes?: number;
}

/**
 * POST {route}/{event}: known event (404), body within the limit (413),
 * secret (401), JSON (400), the source's validation (422, naming the field),
 * then the change is recorded (in Redis when configured) and only then
 * answered 200; a retried delivery is answered 200 with `duplicate: true` and
 * published once. Nothing is published on any refusal.
 */
export function createWebhookReceiver(deps: WebhookReceiverDeps) {
  const limit = deps.maxBodyBytes ?? MAX_WEBHOOK_BODY_BYTES;
  const source = deps.webhooks.source;
  return async (req: IncomingMessage, res: ServerResponse, rawEvent: string, token: string | null): Promise<void> => {
    let event: string;
    try {
      event = decodeURIComponent(rawEvent);
    } catch {
      event = rawEvent;
    }
    if (!deps.webhooks.events.includes(event)) {
      return send(res, 404, { error: `unknown webhook event "${event.slice(0, 64)}" at ${deps.route}: expected one of ${deps.webhooks.events.join(', ')}` });
    }
    let raw: Buffer;
    try {
      raw = await readBody(req, limit);
    } catch (e) {
      if (e instanceof BodyTooLargeError) {
        res.setHeader('connection', 'close');
        return send(res, 413, { error: `webhook body is larger than ${limit} bytes` });
      }
      throw e;
    }
    if (!deps.secret || !verifyWebhook(deps.secret, raw, req.headers, token)) {
      deps.logger.warn('webhook refused: missing or wrong secret', { route: deps.route, event });
      return send(res, 401, { error: deps.secret ? 'missing or wrong webhook secret' : `webhooks are not accepted: ${deps.secretSetting} is not configured` });
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return send(res, 400, { error: 'body is not valid JSON' });
    }
    const parsed = deps.webhooks.parse(event, body);
    if (!parsed.ok) {
      deps.logger.warn('webhook refused: body not allowed', { route: deps.route, event, field: parsed.field, reason: parsed.message });
      return send(res, 422, { error: `${event} body refused: ${parsed.message}`, field: parsed.field });
    }
    const ev = await toEvent(parsed.change, deps);
    // Recorded (in Redis when configured) before the 2xx: an acknowledged event is never lost.
    const stored = await deps.events.publish(ev);
    deps.logger.info('webhook', { route: deps.route, source, event, certificateId: ev.certificateId, duplicate: stored === null });
    send(res, 200, { received: true, duplicate: stored === null, eventId: stored?.eventId ?? null });
  };
}

async function toEvent(change: SourceChange, deps: WebhookReceiverDeps): Promise<NewCertificateEvent> {
  const occurredAt = deps.clock.now().toISOString();
  const certificate =
    change.record ??
    (await deps.connector
      ?.createLoaders(statusContext(occurredAt.slice(0, 10), 30))
      .certificateByKey.load(JSON.stringify(change.key))
      .catch(() => null)) ??
    null;
  return {
    type: change.type,
    source: change.source,
    certificateId: encodeId('Certificate', change.source, change.key),
    certificate,
    changes: change.changes,
    occurredAt,
    // Retries, and the gateway's own write of the same change, share this key (see events/changes.ts).
    dedupeKey: changeKey(change.type, change.source, change.sourceId, change.changes),
    ...(change.type === 'UPDATED' ? { dedupeForMs: UPDATE_DEDUPE_MS } : {}),
  };
}
