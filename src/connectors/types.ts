import type DataLoader from 'dataloader';
import type { CertificateRecord, CertificationRecord, ResourceRecord, SourceName, StoryRecord } from '../domain';
import type { CertificateCriteria, CertificateOrder, StatusContext } from '../query';
import { matchesCriteria, sortLocal } from '../query';
import type { HealthTracker } from './health';

export interface ListRequest {
  criteria: CertificateCriteria;
  order: CertificateOrder;
  /** Position in this source's ordered, filtered stream. */
  offset: number;
  limit: number;
}

export interface CertificateWindow {
  items: CertificateRecord[];
  /** How many certificates of this source match the criteria in all. */
  total: number;
}

/** Per-request data access of one source. Built in the request context; never shared across requests. */
export interface SourceLoaders {
  listCertificates(req: ListRequest): Promise<CertificateWindow>;
  /** Keyed by JSON of the certificate's key (see CertificateRecord.key). */
  certificateByKey: DataLoader<string, CertificateRecord | null>;
  /** Keyed by the resource's sourceId. */
  resourceById: DataLoader<string, ResourceRecord | null>;
  certificationById?: DataLoader<string, CertificationRecord | null>;
  listCertifications?(): Promise<CertificationRecord[]>;
  storyById?: DataLoader<string, StoryRecord | null>;
  listStories?(): Promise<StoryRecord[]>;
}

/** A certificate's writable fields as the gateway names them (dates YYYY-MM-DD); null clears a field. */
export interface CertificateFields {
  name?: string;
  issuedOn?: string;
  expiresOn?: string | null;
  actionType?: string;
  resourceId?: string;
  tenantId?: string;
  note?: string | null;
  data?: unknown;
  validity?: number | null;
  validityUnit?: 'YEAR' | 'MONTH' | 'DAY' | null;
  warning?: boolean;
}

/** One field of a change, by the gateway's field names (expiresOn, name …), in the gateway's representation. */
export interface SourceFieldChange {
  field: string;
  old: unknown;
  new: unknown;
}

/** What a source's webhook body says happened, in neutral terms: no vendor event names or field names left. */
export interface SourceChange {
  type: 'CREATED' | 'UPDATED' | 'DELETED';
  source: SourceName;
  /** The upstream's own identifier of the certificate. */
  sourceId: string;
  /** What fetches the certificate again (CertificateRecord.key). */
  key: string[];
  /** The certificate as the body carries it; null when the body names only its key (a 4HSE UPDATE). */
  record: CertificateRecord | null;
  /** For UPDATED: each changed field with its old and new value; empty otherwise. */
  changes: SourceFieldChange[];
}

/** A webhook body read by its source: the change, or why the body is refused (`field` names the offending field, `message` says why). */
export type WebhookParse = { ok: true; change: SourceChange } | { ok: false; field: string | null; message: string };

/**
 * The source-specific half of a webhook receiver: the event names it accepts
 * (the last segment of its route) and how it reads and validates their bodies.
 */
export interface WebhookSource {
  readonly source: SourceName;
  readonly events: readonly string[];
  /** Pure; `event` is one of `events`, `body` the parsed JSON. */
  parse(event: string, body: unknown): WebhookParse;
}

export interface RevokeOutcome {
  revoked: boolean;
  /** For a 4HSE preview (force: false): the entities a forced delete would remove. */
  affected: { type: string; id: string | null; name: string | null }[];
  message: string | null;
}

/** The writes a source supports; a missing method is NOT_SUPPORTED_BY_SOURCE. */
export interface CertificateWriter {
  /** `input` is this source's own branch of IssueCertificateInput, already validated at the edge (its shape is the writer's to declare). */
  issue?(input: object): Promise<CertificateRecord>;
  update?(key: readonly string[], fields: CertificateFields): Promise<CertificateRecord>;
  revoke?(key: readonly string[], force: boolean): Promise<RevokeOutcome>;
}

/** A source's long-lived connector: HTTP client, credentials, caches of reference data. */
export interface Connector {
  readonly source: SourceName;
  readonly health: HealthTracker;
  createLoaders(status: StatusContext): SourceLoaders;
  /** Absent for read-only sources (Falkor). */
  readonly writer?: CertificateWriter;
  /** Drops whatever the connector caches across requests (reference data); called after writes and by the benchmark's cold runs. */
  invalidate(): void;
}

/** The window of a source that has no server-side ordering: filter, sort and slice in the gateway. */
export function windowOf(all: CertificateRecord[], req: ListRequest, status: StatusContext): CertificateWindow {
  const matching = sortLocal(
    all.filter((c) => matchesCriteria(c, req.criteria, status)),
    req.order,
  );
  return { items: matching.slice(req.offset, req.offset + req.limit), total: matching.length };
}

export { stableKey } from '../canonical';

/** How many times each value occurs (a batch function groups the keys of one holder with it). */
export function countBy(values: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const v of values) out.set(v, (out.get(v) ?? 0) + 1);
  return out;
}
