import { createHash } from 'node:crypto';
import type { Connector, FourHseFields, IssueRequest, RevokeOutcome } from '../connectors/types';
import type { CertificateRecord, SourceName } from '../domain';
import { GatewayError, notFound } from '../errors';
import { once, type IdempotencyStore } from '../writes/idempotency';
import type { EventBus } from '../events/bus';
import type { Clock } from '../clock';
import { diffRecords, updateKey } from '../events/changes';
import { UPDATE_DEDUPE_MS } from '../events/types';
import { encodeId } from '../ids';

/**
 * Writes through the source that owns the certificate. Every input has been
 * validated before this is called; here: the source supports the write, the
 * idempotency key, and afterwards the connector's caches are dropped so later
 * reads see the change.
 */
export interface WriteContext {
  connectors: ReadonlyMap<SourceName, Connector>;
  idempotency: IdempotencyStore;
  /** Who is calling (a digest of the API key, or "anonymous"): keys of different callers never collide. */
  callerId: string;
  /** Every successful write is published once (its dedupe key matches 4HSE's webhook for the same change). */
  events: EventBus;
  clock: Clock;
  onPublishError?(err: unknown, e: { dedupeKey: string }): void;
}

const notSupported = (source: SourceName, what: string) =>
  new GatewayError(`${source} does not support ${what}`, { code: 'NOT_SUPPORTED_BY_SOURCE', source });

function connectorOf(ctx: WriteContext, source: SourceName): Connector {
  const c = ctx.connectors.get(source);
  if (!c) throw notFound(`${source} is not configured on this gateway`);
  return c;
}

/** JSON with object keys sorted at every depth: equal inputs give equal text whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const fingerprint = (mutation: string, input: unknown) => createHash('sha256').update(`${mutation}\0${canonicalJson(input)}`).digest('hex');

async function idempotent<T>(ctx: WriteContext, key: string | undefined, mutation: string, input: unknown, write: () => Promise<T>): Promise<T> {
  if (!key) return write();
  return once(ctx.idempotency, `${ctx.callerId}:${key}`, fingerprint(mutation, input), write, {
    encode: (v) => JSON.stringify(v),
    decode: (s) => JSON.parse(s) as T,
  });
}

export async function issueCertificate(ctx: WriteContext, req: IssueRequest, idempotencyKey?: string): Promise<CertificateRecord> {
  const c = connectorOf(ctx, req.source);
  if (!c.writer?.issue) throw notSupported(req.source, 'issuing certificates');
  const fp = req.source === 'SPRINGEST' ? { ...req, upload: { ...req.upload, file: { name: req.upload.file.name, bytes: req.upload.file.bytes.toString('base64') } } } : req;
  return idempotent(ctx, idempotencyKey, 'issueCertificate', fp, async () => {
    const record = await c.writer!.issue!(req);
    c.invalidate();
    await publishQuietly(ctx, {
      type: 'CREATED',
      source: record.source,
      certificateId: encodeId('Certificate', record.source, record.key),
      certificate: record,
      changes: [],
      occurredAt: ctx.clock.now().toISOString(),
      dedupeKey: `${record.source}:CREATED:${record.sourceId}`,
    });
    return record;
  });
}

export async function updateCertificate(
  ctx: WriteContext,
  source: SourceName,
  key: readonly string[],
  fields: FourHseFields,
  idempotencyKey: string | undefined,
  before: CertificateRecord | null,
): Promise<CertificateRecord> {
  const c = connectorOf(ctx, source);
  if (!c.writer?.update) throw notSupported(source, 'updating certificates');
  return idempotent(ctx, idempotencyKey, 'updateCertificate', { source, key, fields }, async () => {
    const record = await c.writer!.update!(key, fields);
    c.invalidate();
    const changes = before ? diffRecords(before, record) : [];
    if (changes.length > 0) {
      await publishQuietly(ctx, {
        type: 'UPDATED',
        source,
        certificateId: encodeId('Certificate', source, record.key),
        certificate: record,
        changes,
        occurredAt: ctx.clock.now().toISOString(),
        dedupeKey: updateKey(source, record.sourceId, changes),
        dedupeForMs: UPDATE_DEDUPE_MS,
      });
    }
    return record;
  });
}

export async function revokeCertificate(
  ctx: WriteContext,
  source: SourceName,
  key: readonly string[],
  force: boolean,
  idempotencyKey: string | undefined,
  before: CertificateRecord | null,
): Promise<RevokeOutcome> {
  const c = connectorOf(ctx, source);
  if (!c.writer?.revoke) throw notSupported(source, 'revoking certificates');
  return idempotent(ctx, idempotencyKey, 'revokeCertificate', { source, key, force }, async () => {
    const outcome = await c.writer!.revoke!(key, force);
    c.invalidate();
    if (outcome.revoked) {
      await publishQuietly(ctx, {
        type: 'DELETED',
        source,
        certificateId: encodeId('Certificate', source, [...key]),
        certificate: before ?? null,
        changes: [],
        occurredAt: ctx.clock.now().toISOString(),
        dedupeKey: `${source}:DELETED:${key[0]}`,
      });
    }
    return outcome;
  });
}

/**
 * The write has happened upstream: a failure to record its event must not
 * turn the mutation into an error the client would retry (writing twice).
 * It is logged; pollers and webhooks still report the change.
 */
async function publishQuietly(ctx: WriteContext, e: Parameters<EventBus['publish']>[0]): Promise<void> {
  try {
    await ctx.events.publish(e);
  } catch (err) {
    ctx.onPublishError?.(err, e);
  }
}
