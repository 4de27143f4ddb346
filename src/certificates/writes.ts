import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical';
import type { Clock } from '../clock';
import type { CertificateFields, Connector, RevokeOutcome, SourceLoaders } from '../connectors/types';
import type { CertificateRecord, SourceName } from '../domain';
import { diffRecords, updateKey } from '../events/changes';
import type { EventBus } from '../events/bus';
import { UPDATE_DEDUPE_MS } from '../events/types';
import { badInput, GatewayError, notFound } from '../errors';
import { encodeId, type DecodedId } from '../ids';
import { once, type IdempotencyStore } from '../writes/idempotency';

/**
 * Writes through the source that owns the certificate. Every input has been
 * validated before this is called; here: the source supports the write, the
 * idempotency key, and afterwards the connector's caches are dropped so later
 * reads see the change.
 */
export interface WriteContext {
  connectors: ReadonlyMap<SourceName, Connector>;
  /** This request's loaders: a write reads the certificate as it is first (for its event, and to check a date given alone). */
  loaders: ReadonlyMap<SourceName, SourceLoaders>;
  idempotency: IdempotencyStore;
  /** Who is calling (a digest of the API key, or "anonymous"): keys of different callers never collide. */
  callerId: string;
  /** Every successful write is published once (its dedupe key matches 4HSE's webhook for the same change). */
  events: EventBus;
  clock: Clock;
  onPublishError?(this: void, err: unknown, e: { dedupeKey: string }): void;
}

const notSupported = (source: SourceName, what: string) =>
  new GatewayError(`${source} does not support ${what}`, { code: 'NOT_SUPPORTED_BY_SOURCE', source });

function connectorOf(ctx: WriteContext, source: SourceName): Connector {
  const c = ctx.connectors.get(source);
  if (!c) throw notFound(`${source} is not configured on this gateway`);
  return c;
}

const fingerprint = (mutation: string, input: unknown) => createHash('sha256').update(`${mutation}\0${canonicalJson(input)}`).digest('hex');

async function idempotent<T>(ctx: WriteContext, key: string | undefined, mutation: string, input: unknown, write: () => Promise<T>): Promise<T> {
  if (!key) return write();
  return once(ctx.idempotency, `${ctx.callerId}:${key}`, fingerprint(mutation, input), write, {
    encode: (v) => JSON.stringify(v),
    decode: (s) => JSON.parse(s) as T,
  });
}

/**
 * The one branch of a @oneOf IssueCertificateInput ({fourhse: {...}}: each
 * branch is named after its source in lower case) and the source it names.
 * graphql-js has already refused two branches, none or a null one; this
 * guards the resolver's own contract.
 */
function branchOf(sources: readonly SourceName[], branches: Record<string, unknown>): { source: SourceName; input: object } {
  const given = Object.entries(branches).filter(([, v]) => v != null);
  if (given.length !== 1 || typeof given[0][1] !== 'object') {
    throw badInput('input', `input must give exactly one source's branch, got ${given.length === 0 ? 'none' : given.map(([k]) => k).join(' and ')}`);
  }
  const [branch, input] = given[0] as [string, object];
  const source = sources.find((s) => s.toLowerCase() === branch);
  if (!source) throw badInput(`input.${branch}`, `input.${branch} names no source of this gateway`);
  return { source, input };
}

/** issueCertificate: `branches` is the @oneOf input (one branch, named after its source in lower case). */
export async function issueCertificate(ctx: WriteContext, sources: readonly SourceName[], branches: Record<string, unknown>, idempotencyKey?: string): Promise<CertificateRecord> {
  const { source, input } = branchOf(sources, branches);
  const c = connectorOf(ctx, source);
  if (!c.writer?.issue) {
    throw new GatewayError(`${source} is read only: it does not accept new certificates through the gateway`, { code: 'NOT_SUPPORTED_BY_SOURCE', source });
  }
  return idempotent(ctx, idempotencyKey, 'issueCertificate', { source, input }, async () => {
    const record = await c.writer!.issue!(input);
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

/** Fields a certificate must keep: null cannot clear them. */
const REQUIRED_FIELDS = ['name', 'issuedOn', 'actionType', 'warning'] as const;

/** The fields given (undefined left out), checked: at least one, required ones not cleared. */
function fieldsToChange(input: CertificateFields): CertificateFields {
  for (const f of REQUIRED_FIELDS) {
    if (input[f] === null) throw badInput(`input.${f}`, `input.${f} cannot be cleared: give a value or leave it out`);
  }
  const fields: CertificateFields = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  if (Object.keys(fields).length === 0) throw badInput('input', 'input must change at least one field');
  return fields;
}

/** Only one of the dates changes: it must still fit the other, as the certificate has it now. */
function checkDates(fields: CertificateFields, current: CertificateRecord | null): void {
  if (!current || (fields.issuedOn === undefined) === (fields.expiresOn === undefined || fields.expiresOn === null)) return;
  const issued = fields.issuedOn ?? current.issuedOn;
  const expires = fields.expiresOn ?? current.expiresOn;
  if (issued && expires && expires < issued) {
    const field = fields.expiresOn !== undefined ? 'input.expiresOn' : 'input.issuedOn';
    throw badInput(field, `${field} would put the expiry (${expires}) before the issue date (${issued})`);
  }
}

/** The certificate as the source has it now, or null (unknown, or the source cannot say). */
async function current(ctx: WriteContext, id: DecodedId, quiet: boolean): Promise<CertificateRecord | null> {
  const load = ctx.loaders.get(id.source)?.certificateByKey.load(JSON.stringify(id.key));
  if (!load) return null;
  return (await (quiet ? load.catch(() => null) : load)) ?? null;
}

export async function updateCertificate(ctx: WriteContext, id: DecodedId, input: CertificateFields, idempotencyKey: string | undefined): Promise<CertificateRecord> {
  const fields = fieldsToChange(input);
  const { source, key } = id;
  const c = connectorOf(ctx, source);
  if (!c.writer?.update) throw notSupported(source, 'updating certificates');
  // The certificate as it is now: for the changes the UPDATED event reports, and to check a date given alone.
  const before = await current(ctx, id, false);
  checkDates(fields, before);
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

export async function revokeCertificate(ctx: WriteContext, id: DecodedId, force: boolean, idempotencyKey: string | undefined): Promise<RevokeOutcome> {
  const { source, key } = id;
  const c = connectorOf(ctx, source);
  if (!c.writer?.revoke) throw notSupported(source, 'revoking certificates');
  // Read first, so the DELETED event can carry what was deleted.
  const before = await current(ctx, id, true);
  return idempotent(ctx, idempotencyKey, 'revokeCertificate', { source, key, force }, async () => {
    const outcome = await c.writer!.revoke!(key, force);
    c.invalidate();
    if (outcome.revoked) {
      await publishQuietly(ctx, {
        type: 'DELETED',
        source,
        certificateId: encodeId('Certificate', source, [...key]),
        certificate: before,
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
